/**
 * A condition band: segments whose latest IRI is below `iri_max` (m/km) — or, for a survey with only
 * a PCI, whose PCI is at least `pci_min` — fall in the first band that admits them. The last band is
 * open-ended and has neither bound.
 */
export interface ConditionBand {
  banda: string;
  iri_max?: number;
  pci_min?: number;
}

/** RoadLab Pro's four IRI bands; PCI bounds mapped from ASTM D6433's categories. */
export const DEFAULT_CONDITION_BANDS: ConditionBand[] = [
  { banda: 'bueno', iri_max: 2, pci_min: 71 },
  { banda: 'regular', iri_max: 4, pci_min: 56 },
  { banda: 'malo', iri_max: 6, pci_min: 41 },
  { banda: 'muy_malo' },
];

/** FHWA's (< 95 / 95–170 / > 170 in/mi), in m/km: a ready alternative for CONDITION_BANDS. */
export const FHWA_CONDITION_BANDS: ConditionBand[] = [
  { banda: 'bueno', iri_max: 1.5, pci_min: 71 },
  { banda: 'aceptable', iri_max: 2.68, pci_min: 41 },
  { banda: 'malo' },
];

/** What is wrong with a list of bands, or undefined when it can be used. */
export function conditionBandsProblem(bands: unknown): string | undefined {
  if (!Array.isArray(bands) || bands.length < 2) return 'must be a JSON list of at least two bands';
  const names = new Set<string>();
  for (const [index, band] of (bands as ConditionBand[]).entries()) {
    const last = index === bands.length - 1;
    if (typeof band !== 'object' || band === null) return `band ${index} must be an object`;
    if (typeof band.banda !== 'string' || !/^[a-z][a-z0-9_]{0,31}$/.test(band.banda))
      return `band ${index}: "banda" must be a lower-case name ([a-z0-9_], ≤ 32)`;
    if (names.has(band.banda)) return `band "${band.banda}" appears twice`;
    names.add(band.banda);
    const extra = Object.keys(band).filter((key) => !['banda', 'iri_max', 'pci_min'].includes(key));
    if (extra.length > 0) return `band "${band.banda}": unknown field ${extra[0]}`;
    if (last) {
      if (band.iri_max !== undefined || band.pci_min !== undefined)
        return `the last band ("${band.banda}") is open-ended: no iri_max or pci_min`;
      continue;
    }
    if (!(typeof band.iri_max === 'number' && band.iri_max > 0 && band.iri_max <= 30))
      return `band "${band.banda}": iri_max must be a number in (0, 30]`;
    if (!(typeof band.pci_min === 'number' && band.pci_min >= 0 && band.pci_min <= 100))
      return `band "${band.banda}": pci_min must be a number in [0, 100]`;
    const previous = (bands as ConditionBand[])[index - 1];
    if (previous && !((previous.iri_max as number) < band.iri_max && (previous.pci_min as number) > band.pci_min))
      return `band "${band.banda}": iri_max must increase and pci_min decrease from one band to the next`;
  }
  return undefined;
}

/** The band of a survey: by IRI when it has one, else by PCI; null without either. */
export function bandOf(bands: ConditionBand[], iri: number | null, pci: number | null): string | null {
  if (iri !== null)
    return (bands.find((band) => band.iri_max === undefined || iri < band.iri_max) as ConditionBand).banda;
  if (pci !== null)
    return (bands.find((band) => band.pci_min === undefined || pci >= band.pci_min) as ConditionBand).banda;
  return null;
}
