import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getMetadataStorage } from 'class-validator';
import { EnvironmentVariables } from './environment-variables';

describe('.env.production.example', () => {
  const example = readFileSync(join(process.cwd(), '.env.production.example'), 'utf8');
  const documented = new Set([...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((match) => match[1]));
  const schema = new Set(
    getMetadataStorage()
      .getTargetValidationMetadatas(EnvironmentVariables, '', true, false)
      .map((metadata) => metadata.propertyName),
  );

  it('should list every variable of the configuration schema', () => {
    expect([...schema].filter((name) => !documented.has(name))).toEqual([]);
  });

  it('should list no variable the schema does not know', () => {
    expect([...documented].filter((name) => !schema.has(name))).toEqual([]);
  });
});
