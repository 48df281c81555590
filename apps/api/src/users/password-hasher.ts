import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { RecwayConfig } from '@recway/config';
import bcrypt from 'bcrypt';

/**
 * bcrypt, cost 12 in production and 10 elsewhere (the seed's rule). Chosen over argon2id because the
 * FastAPI system's users carry passlib bcrypt hashes ($2b$), which keep working when imported.
 * Hashing runs on libuv's thread pool, not the event loop.
 */
@Injectable()
export class PasswordHasher {
  /** A real hash of a random string: compared against when the account does not exist, so unknown
   *  emails take as long as wrong passwords (no account enumeration by timing). */
  private readonly decoy: Promise<string>;

  constructor(@Inject(ConfigService) private readonly config: ConfigService<RecwayConfig, true>) {
    this.decoy = bcrypt.hash(crypto.randomUUID(), this.rounds());
  }

  hash(password: string): Promise<string> {
    return bcrypt.hash(password, this.rounds());
  }

  async verify(password: string, hash: string | undefined): Promise<boolean> {
    const matches = await bcrypt.compare(password, hash ?? (await this.decoy));
    return matches && hash !== undefined;
  }

  private rounds(): number {
    return this.config.get('auth.bcryptRounds', { infer: true });
  }
}
