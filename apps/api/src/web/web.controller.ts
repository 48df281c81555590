import { Controller, Get, Inject } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@recway/common';
import { RecwayConfig } from '@recway/config';
import { MapConfigDto } from './dto/map-config.dto';

@ApiTags('mapa')
@Controller('mapa')
export class WebController {
  private readonly mapConfig: MapConfigDto;

  constructor(@Inject(ConfigService) config: ConfigService<RecwayConfig, true>) {
    const apiPrefix = config.get('app.apiPrefix', { infer: true });
    this.mapConfig = {
      estilo_url: config.get('web.mapStyleUrl', { infer: true }),
      tilejson_url: `${apiPrefix}/tiles/segmentos.json`,
      ws_path: '/ws',
    };
  }

  /** Public: the page reads it before anyone has signed in (it holds no secret). */
  @Public()
  @Get('configuracion')
  @ApiOperation({ summary: "The map page's settings: basemap style, tiles, realtime channel" })
  @ApiOkResponse({ type: MapConfigDto })
  configuration(): MapConfigDto {
    return this.mapConfig;
  }
}
