import { Module } from '@nestjs/common';
import { ConditionModule } from '../condition/condition.module';
import { SegmentsModule } from '../segments/segments.module';
import { OgcController } from './ogc.controller';
import { OgcService } from './ogc.service';
import { TilesController } from './tiles.controller';
import { TilesRepository } from './tiles.repository';
import { TilesService } from './tiles.service';

/** GIS access: OGC API – Features (and vector tiles) over the segments and their condition. */
@Module({
  imports: [SegmentsModule, ConditionModule],
  controllers: [OgcController, TilesController],
  providers: [OgcService, TilesService, TilesRepository],
})
export class GisModule {}
