import { namedSegmentIds } from './segment-context.service';

describe(namedSegmentIds.name, () => {
  it.each([
    ['¿Cómo está el segmento 12?', [12]],
    ['Segmento #7 y segmento nº 8, luego Segmento No. 9', [7, 8, 9]],
    ['los segmentos 3', [3]],
    ['segmento 5, segmento 5 otra vez', [5]],
    ['segmento 1 segmento 2 segmento 3 segmento 4', [1, 2, 3]],
    ['segmento 0 y segmento 9999999999', []],
    ['la calle 26 y la carrera 7', []],
  ])('should read %j as %j', (message, ids) => {
    expect(namedSegmentIds(message)).toEqual(ids);
  });
});
