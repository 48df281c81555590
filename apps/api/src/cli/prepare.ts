/**
 * node dist/.../cli/prepare.js — docker/start.sh's first step: apply pending migrations and create
 * the first admin, then exit (0 on success).
 */
import 'reflect-metadata';
import { prepareDatabase } from '../bootstrap/prepare-database';

prepareDatabase().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`Database preparation failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
