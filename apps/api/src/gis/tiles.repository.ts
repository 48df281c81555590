import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ConditionBand } from '@recway/iri';
import { DataSource } from 'typeorm';
import { TileFilter, tileQuery } from './tile.sql';

/** Runs the tile SQL (tile.sql.ts) on the application's pool. */
@Injectable()
export class TilesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async tile(z: number, x: number, y: number, bands: ConditionBand[], filter: TileFilter): Promise<Buffer> {
    const { sql, params } = tileQuery(z, x, y, bands, filter);
    const [row] = await this.dataSource.query<{ tile: Buffer }[]>(sql, params);
    return row.tile;
  }
}
