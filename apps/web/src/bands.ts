/**
 * Colours of the condition bands, best to worst, from Okabe & Ito's colour-blind-safe palette (blue,
 * sky, yellow, orange, vermillion, purple). Bands are configurable, so n bands take n colours spread
 * over it; unsurveyed segments are grey and dashed.
 */
const PALETTE = ['#0072B2', '#56B4E9', '#F0E442', '#E69F00', '#D55E00', '#7A2D7E'];
export const UNSURVEYED_COLOUR = '#8c8c8c';

export function bandColours(bands: string[]): Record<string, string> {
  const last = Math.max(1, bands.length - 1);
  return Object.fromEntries(bands.map((band, i) => [band, PALETTE[Math.round((i * (PALETTE.length - 1)) / last)]]));
}
