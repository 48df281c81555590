/**
 * The IRI reference quarter car ("golden car", ASTM E1926 / Sayers 1986): parameters per unit of
 * sprung mass, driven at 80 km/h. States: sprung-mass position and velocity, unsprung-mass position
 * and velocity; input: the profile (here its slope, so states are slopes too).
 */
export const GOLDEN_CAR = { k1: 653, k2: 63.3, mu: 0.15, c: 6.0 } as const;
export const REFERENCE_SPEED_M_S = 80 / 3.6;

export type Matrix = number[][];

/** ẋ = A x + B u for the golden car. */
export function goldenCarSystem(): { a: Matrix; b: number[] } {
  const { k1, k2, mu, c } = GOLDEN_CAR;
  return {
    a: [
      [0, 1, 0, 0],
      [-k2, -c, k2, c],
      [0, 0, 0, 1],
      [k2 / mu, c / mu, -(k1 + k2) / mu, -c / mu],
    ],
    b: [0, 0, 0, k1 / mu],
  };
}

/**
 * Exact discretisation for an input held constant over each step of `dt` seconds:
 * x[n+1] = ST x[n] + PR u[n], with ST = e^(A dt) and PR = ∫₀^dt e^(Aτ) dτ B, both read off the
 * exponential of the augmented matrix [[A, B], [0, 0]] · dt (no matrix inverse needed).
 */
export function stateTransition(dt: number): { st: Matrix; pr: number[] } {
  const { a, b } = goldenCarSystem();
  const augmented = [...a.map((row, i) => [...row, b[i]].map((value) => value * dt)), [0, 0, 0, 0, 0]];
  const exp = matrixExponential(augmented);
  return { st: exp.slice(0, 4).map((row) => row.slice(0, 4)), pr: exp.slice(0, 4).map((row) => row[4]) };
}

/** e^M by scaling and squaring with a Taylor series (ample for these small, well-conditioned matrices). */
export function matrixExponential(m: Matrix): Matrix {
  const norm = Math.max(...m.map((row) => row.reduce((sum, value) => sum + Math.abs(value), 0)));
  const squarings = Math.max(0, Math.ceil(Math.log2(norm / 0.5)));
  const scaled = m.map((row) => row.map((value) => value / 2 ** squarings));
  let result = identity(m.length);
  let term = identity(m.length);
  for (let k = 1; k <= 24; k++) {
    term = multiply(term, scaled).map((row) => row.map((value) => value / k));
    result = result.map((row, i) => row.map((value, j) => value + term[i][j]));
  }
  for (let s = 0; s < squarings; s++) result = multiply(result, result);
  return result;
}

function identity(n: number): Matrix {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (__, j) => (i === j ? 1 : 0)));
}

function multiply(x: Matrix, y: Matrix): Matrix {
  return x.map((row) => y[0].map((_, j) => row.reduce((sum, value, k) => sum + value * y[k][j], 0)));
}
