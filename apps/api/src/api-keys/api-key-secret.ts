import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const FORMAT = /^rwk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

/** A new key, `rwk_<prefix>_<secret>`: the prefix (48 bits) finds the row, the secret carries 256 bits. */
export function generateApiKey(): { key: string; prefix: string } {
  const prefix = randomBytes(6).toString('hex');
  return { key: `rwk_${prefix}_${randomBytes(32).toString('base64url')}`, prefix };
}

/** The prefix of a well-formed key, or undefined (then it is not worth a database lookup). */
export function prefixOf(key: string): string | undefined {
  return FORMAT.exec(key)?.[1];
}

export function looksLikeApiKey(token: string): boolean {
  return token.startsWith('rwk_');
}

/**
 * Keys are hashed with HMAC-SHA256 under a key derived from SECRET_KEY, not with bcrypt: a key holds
 * 256 random bits, so a slow hash adds no protection against guessing (nobody can enumerate 2^256)
 * while it would cost ~100 ms on every request; the keyed hash also means a copy of the table alone
 * cannot confirm a guessed key.
 */
export class ApiKeyHasher {
  private readonly hmacKey: Buffer;

  constructor(secretKey: string) {
    this.hmacKey = createHmac('sha256', secretKey).update('recway api keys').digest();
  }

  hash(key: string): string {
    return createHmac('sha256', this.hmacKey).update(key).digest('hex');
  }

  /** Constant time: how much of a stored hash matches never shows in the response time. */
  matches(key: string, storedHash: string): boolean {
    const computed = Buffer.from(this.hash(key), 'hex');
    const stored = Buffer.from(storedHash, 'hex');
    return stored.length === computed.length && timingSafeEqual(computed, stored);
  }
}
