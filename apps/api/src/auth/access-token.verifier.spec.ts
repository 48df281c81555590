import { jest } from '@jest/globals';
import type { ConfigService } from '@nestjs/config';
import { JwtService } from '@nestjs/jwt';
import type { RecwayConfig } from '@recway/config';
import type { ApiKeysService } from '../api-keys/api-keys.service';
import { AccessTokenVerifier } from './access-token.verifier';

const SECRET = 'a-secret-key-of-at-least-32-characters!!';
const settings: Record<string, string> = { 'auth.secretKey': SECRET, 'app.name': 'RecWay' };
const config = { get: (key: string) => settings[key] } as unknown as ConfigService<RecwayConfig, true>;
const jwt = new JwtService();
// Only API keys would reach it; every credential here is an access token.
const noApiKeys = {} as ApiKeysService;

function sign(expiresInSeconds: number, secret = SECRET): string {
  return jwt.sign(
    { sub: '7', role: 'viewer', typ: 'access' },
    { secret, algorithm: 'HS256', issuer: 'RecWay', audience: 'api', expiresIn: expiresInSeconds },
  );
}

describe('AccessTokenVerifier', () => {
  afterEach(() => jest.useRealTimers());

  it('should verify a token once and remember it until it expires', async () => {
    const verifier = new AccessTokenVerifier(jwt, noApiKeys, config);
    const verifySignature = jest.spyOn(jwt, 'verifyAsync');
    const token = sign(60);
    const first = await verifier.verifyAccessToken(token);
    expect(first?.user).toEqual({ id: '7', role: 'viewer', mustChangePassword: false });
    expect(await verifier.verifyAccessToken(token)).toBe(first);
    expect(verifySignature).toHaveBeenCalledTimes(1);
    verifySignature.mockRestore();
  });

  it('should refuse a remembered token once its exp has passed', async () => {
    const verifier = new AccessTokenVerifier(jwt, noApiKeys, config);
    const token = sign(2);
    expect(await verifier.verifyAccessToken(token)).toBeDefined();
    jest.useFakeTimers({ now: Date.now() + 3_000 });
    expect(await verifier.verifyAccessToken(token)).toBeUndefined();
  });

  it('should not remember tokens that fail, and never accept them later', async () => {
    const verifier = new AccessTokenVerifier(jwt, noApiKeys, config);
    const forged = sign(60, 'another-secret-key-of-at-least-32-chars!');
    const tampered = `${sign(60).slice(0, -2)}xx`;
    for (const token of [forged, tampered, forged, 'not-a-jwt']) {
      expect(await verifier.verifyAccessToken(token)).toBeUndefined();
    }
  });
});
