import { tilesTouched } from './tiles-touched';

describe('tilesTouched', () => {
  it('should list the one tile a point lies in at every zoom up to 16, and leave deeper zooms whole', () => {
    const { tiles, zooms } = tilesTouched([[-74.08, 4.61, -74.08, 4.61]]);
    expect(tiles).toContain('0/0/0');
    expect(tiles).toContain('14/4820/7981');
    expect(tiles.filter((tile) => tile.startsWith('14/'))).toEqual(['14/4820/7981']);
    expect(zooms).toEqual([17, 18, 19, 20, 21, 22]);
  });

  it('should add the neighbour whose buffer reaches the point (a point by a tile edge is drawn in both)', () => {
    // 4745 / 2^14 of the way round, i.e. exactly on the western edge of tile x = 4820 at zoom 14.
    const edge = (4820 / 2 ** 14) * 360 - 180;
    const { tiles } = tilesTouched([[edge + 1e-7, 4.61, edge + 1e-7, 4.61]]);
    expect(tiles.filter((tile) => tile.startsWith('14/')).sort()).toEqual(['14/4819/7981', '14/4820/7981']);
  });

  it('should cover a moved segment at its old and new places', () => {
    const { tiles } = tilesTouched([
      [-74.08, 4.61, -74.08, 4.61],
      [2.17, 41.38, 2.17, 41.38],
    ]);
    expect(tiles.filter((tile) => tile.startsWith('10/'))).toHaveLength(2);
  });

  it('should give up listing a zoom where a long line touches too many tiles', () => {
    const { zooms } = tilesTouched([[-75, 4, -73, 6]]);
    expect(zooms).toContain(16);
    expect(zooms).not.toContain(8);
  });
});
