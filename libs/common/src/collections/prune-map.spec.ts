import { pruneMap } from './prune-map';

describe(pruneMap.name, () => {
  it('should drop the spent entries and keep the rest when that makes room', () => {
    const map = new Map(Array.from({ length: 10 }, (_, i) => [i, { spent: i % 2 === 0 }] as const));
    pruneMap(map, 10, (value) => value.spent);
    expect([...map.keys()]).toEqual([1, 3, 5, 7, 9]);
  });

  it('should then drop the oldest until 90 % of capacity, never everything', () => {
    const map = new Map(Array.from({ length: 10 }, (_, i) => [i, { spent: false }] as const));
    pruneMap(map, 10, (value) => value.spent);
    expect([...map.keys()]).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
  });
});
