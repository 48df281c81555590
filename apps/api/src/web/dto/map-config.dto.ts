import { ApiProperty } from '@nestjs/swagger';

/** What the map page needs to know before it draws anything. */
export class MapConfigDto {
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'MapLibre style of the basemap (MAP_STYLE_URL); null: no basemap, segments on a plain background',
    example: '/estilos/osm.json',
  })
  estilo_url: string | null;

  @ApiProperty({ description: 'Vector tiles of the segments (TileJSON)', example: '/api/v1/tiles/segmentos.json' })
  tilejson_url: string;

  @ApiProperty({ description: 'The realtime channel (WebSocket, same origin)', example: '/ws' })
  ws_path: string;
}
