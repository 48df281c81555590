import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { SqlRunner } from '@recway/database';
import type { ConditionBand } from '@recway/iri';
import { DataSource } from 'typeorm';
import { encodeTile, TileFeatureRow } from './tile-encoder';
import { TileFilter, tileFeaturesQuery, tileQuery } from './tile.sql';

/**
 * Runs the tile SQL (tile.sql.ts) on the application's pool. PostGIS encodes the tile (ST_AsMVT)
 * unless it was built without protobuf-c, as the embedded one is: then PostGIS still chooses and
 * clips the features, and they are encoded here (vt-pbf). Which one is read once from
 * postgis_full_version() (LIBPROTOBUF is listed when it is there).
 */
@Injectable()
export class TilesRepository {
  private readonly logger = new Logger(TilesRepository.name);
  private encodesInDatabase?: Promise<boolean>;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** On `db`: the primary by default, or a read replica (the same PostGIS build, streamed from it). */
  async tile(
    z: number,
    x: number,
    y: number,
    bands: ConditionBand[],
    filter: TileFilter,
    db: SqlRunner = this.dataSource,
  ): Promise<Buffer> {
    // Asked again after a failure (the database down at the first tile), never cached as one.
    this.encodesInDatabase ??= this.hasProtobuf(db).catch((error: unknown) => {
      this.encodesInDatabase = undefined;
      throw error;
    });
    if (!(await this.encodesInDatabase)) return this.encodedHere(z, x, y, bands, filter, db);
    const { sql, params } = tileQuery(z, x, y, bands, filter);
    const [row] = await db.query<{ tile: Buffer }[]>(sql, params);
    return row.tile;
  }

  /** The features from PostGIS (clipped, in tile units), encoded by vt-pbf. */
  async encodedHere(
    z: number,
    x: number,
    y: number,
    bands: ConditionBand[],
    filter: TileFilter,
    db: SqlRunner = this.dataSource,
  ): Promise<Buffer> {
    const { sql, params } = tileFeaturesQuery(z, x, y, bands, filter);
    return encodeTile(await db.query<TileFeatureRow[]>(sql, params));
  }

  private async hasProtobuf(db: SqlRunner): Promise<boolean> {
    const [{ version }] = await db.query<{ version: string }[]>('SELECT postgis_full_version() AS version');
    const found = version.includes('PROTOBUF');
    if (!found) this.logger.log('PostGIS was built without protobuf-c (no ST_AsMVT): RecWay encodes the tiles');
    return found;
  }
}
