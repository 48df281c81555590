import type { Bounds } from '../realtime/realtime-event';

/** Zooms whose tiles are versioned one by one; deeper tiles (GIS clients only) share one version per zoom. */
export const TILE_VERSION_MAX_ZOOM = 16;
export const TILE_MAX_ZOOM = 22;
/** More tiles than this at one zoom (a very long line) bump that zoom's version instead. */
const MAX_TILES_PER_ZOOM = 64;
/** Tiles draw 64/4096 of a tile beyond their edges (tile.sql.ts's buffer): a segment there shows in both. */
const BUFFER = 64 / 4096;

export interface TouchedTiles {
  /** `z/x/y` of each tile whose content the write may change. */
  tiles: string[];
  /** Zooms where every tile's version changes (too many tiles to list, or deeper than 16). */
  zooms: number[];
}

/**
 * The tiles a write changes: at every zoom, those the segment's old and new bounds touch, widened by
 * the tile buffer (thinning below zoom 12 picks one segment per cell of its own tile, so a segment
 * changes no tile it does not touch).
 */
export function tilesTouched(places: Bounds[]): TouchedTiles {
  const tiles = new Set<string>();
  const zooms: number[] = [];
  for (let z = 0; z <= TILE_MAX_ZOOM; z++) {
    const atZoom = z <= TILE_VERSION_MAX_ZOOM ? tilesAt(z, places) : undefined;
    if (atZoom) atZoom.forEach((tile) => tiles.add(tile));
    else zooms.push(z);
  }
  return { tiles: [...tiles], zooms };
}

/** The tiles at zoom z, or undefined when there are more than MAX_TILES_PER_ZOOM. */
function tilesAt(z: number, places: Bounds[]): string[] | undefined {
  const size = 2 ** z;
  const tiles: string[] = [];
  for (const [minLon, minLat, maxLon, maxLat] of places) {
    const clamp = (value: number) => Math.min(size - 1, Math.max(0, Math.floor(value)));
    const [x0, x1] = [clamp(tileX(minLon, size) - BUFFER), clamp(tileX(maxLon, size) + BUFFER)];
    // y grows southwards.
    const [y0, y1] = [clamp(tileY(maxLat, size) - BUFFER), clamp(tileY(minLat, size) + BUFFER)];
    if ((x1 - x0 + 1) * (y1 - y0 + 1) + tiles.length > MAX_TILES_PER_ZOOM) return undefined;
    for (let x = x0; x <= x1; x++) for (let y = y0; y <= y1; y++) tiles.push(`${z}/${x}/${y}`);
  }
  return tiles;
}

function tileX(lon: number, size: number): number {
  return ((lon + 180) / 360) * size;
}

/** Web Mercator, latitudes clamped to its ±85.0511° square. */
function tileY(lat: number, size: number): number {
  const radians = (Math.max(-85.0511, Math.min(85.0511, lat)) * Math.PI) / 180;
  return ((1 - Math.log(Math.tan(radians) + 1 / Math.cos(radians)) / Math.PI) / 2) * size;
}
