import { EnablePostgis1764000000000 } from './1764000000000-enable-postgis';

/** Every migration, oldest first. `npm run migration:generate` appends here. */
export const MIGRATIONS = [EnablePostgis1764000000000];
