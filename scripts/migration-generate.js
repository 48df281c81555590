#!/usr/bin/env node
// npm run migration:generate -- <Name>: diffs the entities against the database through ormconfig.ts,
// writes libs/database/src/migrations/<timestamp>-<name>.ts and registers it in migrations/index.ts.
const { execFileSync } = require('node:child_process');
const { readdirSync, readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const name = process.argv[2];
if (!name || !/^[A-Za-z][A-Za-z0-9]*$/.test(name)) {
  console.error('Usage: npm run migration:generate -- <PascalCaseName>');
  process.exit(1);
}
const dir = join(__dirname, '..', 'libs', 'database', 'src', 'migrations');
const before = new Set(readdirSync(dir));
execFileSync('npm', ['run', 'typeorm', '--', 'migration:generate', join(dir, kebab(name)), '--pretty'], {
  stdio: 'inherit',
});
const created = readdirSync(dir).find((file) => !before.has(file));
if (!created) process.exit(0);
const source = readFileSync(join(dir, created), 'utf8');
const className = /export class (\w+)/.exec(source)[1];
const indexPath = join(dir, 'index.ts');
const index = readFileSync(indexPath, 'utf8')
  .replace(/(\n\n\/\*\*)/, `\nimport { ${className} } from './${created.replace(/\.ts$/, '')}';$1`)
  .replace(/,?\s*\];\s*$/, `,\n  ${className},\n];\n`);
writeFileSync(indexPath, index);
console.log(`Registered ${className} in migrations/index.ts`);

function kebab(value) {
  return value.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}
