import { EnablePostgis1764000000000 } from './1764000000000-enable-postgis';
import { CreateSegmentos1764000000001 } from './1764000000001-create-segmentos';
import { CreateIdempotencyKeys1764000000002 } from './1764000000002-create-idempotency-keys';
import { CreateUsuarios1764000000003 } from './1764000000003-create-usuarios';
import { CreateInspecciones1764000000004 } from './1764000000004-create-inspecciones';
import { AddSegmentosGeometria1764000000005 } from './1764000000005-add-segmentos-geometria';
import { CreateApiKeys1764000000006 } from './1764000000006-create-api-keys';

/** Every migration, oldest first. `npm run migration:generate` appends here. */
export const MIGRATIONS = [
  EnablePostgis1764000000000,
  CreateSegmentos1764000000001,
  CreateIdempotencyKeys1764000000002,
  CreateUsuarios1764000000003,
  CreateInspecciones1764000000004,
  AddSegmentosGeometria1764000000005,
  CreateApiKeys1764000000006,
];
