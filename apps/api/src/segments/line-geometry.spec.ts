import {
  lineStringProblem,
  midpointOf,
  parseWktLineString,
  toWkt,
  withPointOnLine,
  type LineString,
} from './line-geometry';

const line = (...coordinates: [number, number][]): LineString => ({ type: 'LineString', coordinates });

describe('line geometry', () => {
  it('should put the midpoint halfway along the length', () => {
    expect(midpointOf(line([0, 0], [0, 2]))).toEqual({ longitud: 0, latitud: 1 });
    expect(midpointOf(line([0, 0], [0, 1], [0, 4])).latitud).toBeCloseTo(2, 9);
    expect(midpointOf(line([-74.08, 4.6], [-74.07, 4.6]))).toEqual({ longitud: -74.075, latitud: 4.6 });
  });

  it('should fill the point from the line only when neither coordinate was sent', () => {
    const calle = line([0, 0], [0, 2]);
    expect(withPointOnLine({ geometria: calle })).toMatchObject({ longitud: 0, latitud: 1 });
    expect(withPointOnLine({ geometria: calle, longitud: 5, latitud: 6 })).toMatchObject({ longitud: 5, latitud: 6 });
    expect(withPointOnLine({ geometria: null })).toEqual({ geometria: null });
  });

  it('should write and read WKT, 2D and Z', () => {
    const calle = line([-74.08, 4.6], [-74.07, 4.61]);
    expect(toWkt(calle)).toBe('LINESTRING(-74.08 4.6, -74.07 4.61)');
    expect(parseWktLineString(toWkt(calle))).toEqual(calle);
    expect(parseWktLineString('linestring z (1 2 3, 4 5 6)')).toEqual({
      type: 'LineString',
      coordinates: [
        [1, 2, 3],
        [4, 5, 6],
      ],
    });
    expect(parseWktLineString('POINT(1 2)')).toBeUndefined();
    expect(lineStringProblem(parseWktLineString('LINESTRING(1 2, a b)'))).toContain('finite numbers');
  });
});
