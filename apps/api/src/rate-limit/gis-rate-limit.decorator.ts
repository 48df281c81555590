import { SetMetadata } from '@nestjs/common';
import type { ExecutionContext } from '@nestjs/common';

const GIS_RATE_LIMITED = 'recway:gis-rate-limited';

/**
 * Marks GIS routes (OGC API – Features, vector tiles, TileJSON): a map view fetches dozens of tiles and
 * a GIS client pages through thousands of features, so they count against their own, larger budget
 * (RATE_LIMIT_GIS_CALLS) instead of the default one.
 */
export const GisRateLimit = (): ClassDecorator & MethodDecorator => SetMetadata(GIS_RATE_LIMITED, true);

export function isGisRateLimited(context: ExecutionContext): boolean {
  return [context.getHandler(), context.getClass()].some(
    (target) => Reflect.getMetadata(GIS_RATE_LIMITED, target) === true,
  );
}
