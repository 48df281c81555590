import { computeIri } from './iri';
import { GOLDEN_CAR, goldenCarSystem, REFERENCE_SPEED_M_S } from './quarter-car';

const profile = (lengthM: number, spacingM: number, elevation: (x: number) => number) =>
  Float64Array.from({ length: Math.round(lengthM / spacingM) + 1 }, (_, i) => elevation(i * spacingM));

/** Gain from profile slope to suspension slope (sprung − unsprung) at a wavelength, solved in complex numbers. */
function analyticGain(wavelengthM: number): number {
  const { a, b } = goldenCarSystem();
  const omega = (2 * Math.PI * REFERENCE_SPEED_M_S) / wavelengthM;
  // (iωI − A) x = B, Gaussian elimination on [re, im] pairs.
  const m = a.map((row, i) => [...row.map((v, j) => [-v, i === j ? omega : 0]), [b[i], 0]]);
  const div = ([p, q]: number[], [r, s]: number[]) => [
    (p * r + q * s) / (r * r + s * s),
    (q * r - p * s) / (r * r + s * s),
  ];
  const mul = ([p, q]: number[], [r, s]: number[]) => [p * r - q * s, p * s + q * r];
  for (let col = 0; col < 4; col++) {
    for (let row = col + 1; row < 4; row++) {
      const factor = div(m[row][col], m[col][col]);
      for (let k = col; k < 5; k++) {
        const product = mul(factor, m[col][k]);
        m[row][k] = [m[row][k][0] - product[0], m[row][k][1] - product[1]];
      }
    }
  }
  const x: number[][] = Array(4);
  for (let row = 3; row >= 0; row--) {
    let rest = m[row][4];
    for (let k = row + 1; k < 4; k++) {
      const product = mul(m[row][k], x[k]);
      rest = [rest[0] - product[0], rest[1] - product[1]];
    }
    x[row] = div(rest, m[row][row]);
  }
  return Math.hypot(x[0][0] - x[2][0], x[0][1] - x[2][1]);
}

/** An independent simulation: RK4 on the continuous golden car, 40 sub-steps per sample. */
function rungeKuttaIri(elevations: Float64Array, spacingM: number): number {
  const { k1, k2, mu, c } = GOLDEN_CAR;
  const base = Math.max(1, Math.round(0.25 / spacingM));
  const derivative = (z: number[], u: number) => [
    z[1],
    -k2 * z[0] - c * z[1] + k2 * z[2] + c * z[3],
    z[3],
    (k2 * z[0] + c * z[1] - (k1 + k2) * z[2] - c * z[3] + k1 * u) / mu,
  ];
  const i11 = Math.round(11 / spacingM);
  const y0 = (elevations[i11] - elevations[0]) / (i11 * spacingM);
  let z = [y0, 0, y0, 0];
  const h = spacingM / REFERENCE_SPEED_M_S / 40;
  let sum = 0;
  for (let i = base; i < elevations.length; i++) {
    const u = (elevations[i] - elevations[i - base]) / (base * spacingM);
    for (let s = 0; s < 40; s++) {
      const d1 = derivative(z, u);
      const d2 = derivative(
        z.map((v, j) => v + (h / 2) * d1[j]),
        u,
      );
      const d3 = derivative(
        z.map((v, j) => v + (h / 2) * d2[j]),
        u,
      );
      const d4 = derivative(
        z.map((v, j) => v + h * d3[j]),
        u,
      );
      z = z.map((v, j) => v + (h / 6) * (d1[j] + 2 * d2[j] + 2 * d3[j] + d4[j]));
    }
    sum += Math.abs(z[0] - z[2]);
  }
  return (sum / (elevations.length - base)) * 1000;
}

/** A rough, repeatable profile: a few sinusoids plus seeded noise (millimetres). */
function roughProfile(lengthM: number, spacingM: number): Float64Array {
  let seed = 12345;
  const noise = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31 - 0.5) * 0.004;
  return profile(
    lengthM,
    spacingM,
    (x) => 0.01 * Math.sin(x / 7) + 0.003 * Math.sin(x * 1.3) + 0.001 * Math.sin(x * 9) + noise(),
  );
}

describe(computeIri.name, () => {
  it('should give 0 for a flat road and for a constant slope', () => {
    expect(
      computeIri(
        profile(200, 0.25, () => 0),
        0.25,
      ).iri,
    ).toBeCloseTo(0, 9);
    expect(
      computeIri(
        profile(200, 0.25, (x) => 0.03 * x + 1.5),
        0.25,
      ).iri,
    ).toBeCloseTo(0, 9);
    expect(
      computeIri(
        profile(200, 0.05, (x) => -0.02 * x),
        0.05,
      ).iri,
    ).toBeCloseTo(0, 9);
  });

  it.each([
    [0.25, 5],
    [0.25, 10],
    [0.25, 30],
    [0.1, 5],
    [0.05, 1.5],
    [0.02, 2.5],
  ])(
    'should follow the quarter car frequency response for a sinusoid (spacing %s m, wavelength %s m)',
    (spacing, wavelength) => {
      const amplitude = 0.002;
      const { sections } = computeIri(
        profile(2000, spacing, (x) => amplitude * Math.sin((2 * Math.PI * x) / wavelength)),
        spacing,
        1000,
      );
      const base = Math.max(1, Math.round(0.25 / spacing)) * spacing;
      const smoothing = Math.abs(Math.sin((Math.PI * base) / wavelength) / ((Math.PI * base) / wavelength));
      const slopeAmplitude = ((amplitude * 2 * Math.PI) / wavelength) * smoothing;
      const expected = 1000 * (2 / Math.PI) * analyticGain(wavelength) * slopeAmplitude;
      // The second kilometre: the start-up transient has died away. (Wavelengths are sampled ≥ 20 times:
      // coarser sampling adds the images of the held input, as in every ASTM E1926 implementation.)
      expect(Math.abs(sections[1].iri / expected - 1)).toBeLessThan(0.01);
    },
  );

  it('should agree with an independent Runge-Kutta simulation within 0.5 %', () => {
    for (const spacing of [0.25, 0.1, 0.02]) {
      const elevations = roughProfile(300, spacing);
      const iri = computeIri(elevations, spacing).iri;
      expect(iri).toBeGreaterThan(0.5);
      expect(Math.abs(iri / rungeKuttaIri(elevations, spacing) - 1)).toBeLessThan(0.005);
    }
  });

  it('should report sections that carry the car state and average back to the whole', () => {
    const smoothThenRough = profile(400, 0.25, (x) => (x < 200 ? 0 : 0.004 * Math.sin(x * 2)));
    const { iri, sections } = computeIri(smoothThenRough, 0.25, 100);
    expect(sections.map(({ fromM, toM }) => [fromM, toM])).toEqual([
      [0, 100],
      [100, 200],
      [200, 300],
      [300, 400],
    ]);
    expect(sections[0].iri).toBeCloseTo(0, 9);
    expect(sections[2].iri).toBeGreaterThan(1);
    const mean = sections.reduce((sum, section) => sum + section.iri * 400, 0) / (4 * 400);
    expect(mean).toBeCloseTo(iri, 1);
    // Carrying the state: the rough half computed alone starts from rest and differs slightly.
    const alone = computeIri(smoothThenRough.slice(800), 0.25, 100).sections[0].iri;
    expect(alone).not.toBeCloseTo(sections[2].iri, 6);
  });

  it('should refuse profiles shorter than 11 m', () => {
    expect(() =>
      computeIri(
        profile(10.75, 0.25, () => 0),
        0.25,
      ),
    ).toThrow('at least 11 m');
    expect(
      computeIri(
        profile(11, 0.25, () => 0),
        0.25,
      ).iri,
    ).toBe(0);
  });
});
