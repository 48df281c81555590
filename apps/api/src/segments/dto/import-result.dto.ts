import { ApiProperty } from '@nestjs/swagger';

export class ImportResultDto {
  @ApiProperty({ description: 'Number of segments created by the import', example: 1250 })
  importados: number;
}
