/**
 * npm run user:create -- --email ana@alcaldia.gov.co --role editor
 * Creates the user, or resets an existing one (role, password, active, must change password).
 * The password comes from RECWAY_USER_PASSWORD or standard input, never from the command line
 * (argv is visible to every user of the machine and lands in shell history).
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { plainToInstance } from 'class-transformer';
import { IsEmail, validateSync } from 'class-validator';
import { NestFactory } from '@nestjs/core';
import { DatabaseTasksModule } from '../bootstrap/prepare-database';
import { IsAcceptablePassword } from '../users/dto/password.validators';
import { ROLES, type Role } from '../users/user.entity';
import { UsersService } from '../users/users.service';

class CliInput {
  @IsEmail()
  email: string;

  @IsAcceptablePassword()
  password: string;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { email: { type: 'string' }, role: { type: 'string' } } });
  const role = values.role as Role | undefined;
  if (!values.email || !role || !ROLES.includes(role)) {
    fail(
      `Usage: npm run user:create -- --email <email> --role <${ROLES.join('|')}>  (password on stdin or RECWAY_USER_PASSWORD)`,
    );
  }
  const password = (process.env.RECWAY_USER_PASSWORD ?? (await readStdin())).replace(/\r?\n$/, '');
  const problems = validateSync(plainToInstance(CliInput, { email: values.email, password })).flatMap((error) =>
    Object.values(error.constraints ?? {}),
  );
  if (problems.length > 0) fail(problems.join('\n'));

  const app = await NestFactory.createApplicationContext(DatabaseTasksModule, { logger: ['error', 'warn'] });
  try {
    const { user, created } = await app.get(UsersService).upsertFromCli(values.email, role, password);
    process.stdout.write(
      `${created ? 'Created' : 'Reset'} ${user.email} (${user.role}); the password must be changed at first login\n`,
    );
  } finally {
    await app.close();
  }
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('Password (end with Enter, then Ctrl-D): ');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

main().catch((error: unknown) => {
  fail(error instanceof Error ? error.message : String(error));
});
