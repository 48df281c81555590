import { REFERENCE_SPEED_M_S, stateTransition } from './quarter-car';

/** The moving-average base of the profile's slope (ASTM E1926: 250 mm). */
export const SMOOTHING_BASE_M = 0.25;
/** The first this many metres set the quarter car's initial state (their mean slope). */
export const INITIAL_SLOPE_LENGTH_M = 11;

export interface IriSection {
  /** Distances from the first sample, metres. */
  fromM: number;
  toM: number;
  /** m/km. */
  iri: number;
}

export interface IriResult {
  /** m/km over the whole profile. */
  iri: number;
  sections: IriSection[];
}

/**
 * International Roughness Index of one wheel path (ASTM E1926): elevations in metres at a constant
 * spacing `spacingM`. The slope over a 250 mm base (one interval when the spacing is 250 mm or more)
 * drives the golden car at 80 km/h through its exact state transition; IRI is the mean rectified
 * slope of the suspension (sprung minus unsprung), in m/km. With `sectionLengthM`, each section's IRI
 * is reported too, the car's state carried across section boundaries.
 */
export function computeIri(elevationsM: ArrayLike<number>, spacingM: number, sectionLengthM?: number): IriResult {
  const count = elevationsM.length;
  const lengthM = (count - 1) * spacingM;
  if (!(spacingM > 0) || lengthM < INITIAL_SLOPE_LENGTH_M - 1e-9) {
    throw new RangeError(`A profile needs at least ${INITIAL_SLOPE_LENGTH_M} m of data (got ${lengthM} m)`);
  }
  const base = Math.max(1, Math.round(SMOOTHING_BASE_M / spacingM));
  const { st, pr } = stateTransition(spacingM / REFERENCE_SPEED_M_S);
  const i11 = Math.round(INITIAL_SLOPE_LENGTH_M / spacingM);
  const initialSlope = (elevationsM[i11] - elevationsM[0]) / (i11 * spacingM);
  let [z1, z2, z3, z4] = [initialSlope, 0, initialSlope, 0];

  const sectionLength = sectionLengthM ?? lengthM;
  const sectionCount = Math.max(1, Math.ceil(lengthM / sectionLength - 1e-9));
  const sums = new Float64Array(sectionCount);
  const steps = new Uint32Array(sectionCount);
  let total = 0;
  for (let i = base; i < count; i++) {
    const slope = (elevationsM[i] - elevationsM[i - base]) / (base * spacingM);
    const n1 = st[0][0] * z1 + st[0][1] * z2 + st[0][2] * z3 + st[0][3] * z4 + pr[0] * slope;
    const n2 = st[1][0] * z1 + st[1][1] * z2 + st[1][2] * z3 + st[1][3] * z4 + pr[1] * slope;
    const n3 = st[2][0] * z1 + st[2][1] * z2 + st[2][2] * z3 + st[2][3] * z4 + pr[2] * slope;
    const n4 = st[3][0] * z1 + st[3][1] * z2 + st[3][2] * z3 + st[3][3] * z4 + pr[3] * slope;
    [z1, z2, z3, z4] = [n1, n2, n3, n4];
    const rectified = Math.abs(z1 - z3);
    // The step moves the car over [i-1, i]: it belongs to the section holding that interval's middle.
    const section = Math.min(sectionCount - 1, Math.floor(((i - 0.5) * spacingM) / sectionLength));
    sums[section] += rectified;
    steps[section] += 1;
    total += rectified;
  }
  const sections = Array.from(sums, (sum, index) => ({
    fromM: index * sectionLength,
    toM: Math.min(lengthM, (index + 1) * sectionLength),
    iri: steps[index] > 0 ? (sum / steps[index]) * 1000 : 0,
  }));
  return { iri: (total / (count - base)) * 1000, sections };
}
