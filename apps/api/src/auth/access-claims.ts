import type { AuthenticatedUser } from '@recway/common';

/** The claims every RecWay access token carries (RFC 8725 §3.10: each one is checked, none optional). */
export interface AccessClaims {
  sub: string;
  role: string;
  typ: 'access';
  iss: string;
  aud: string | string[];
  iat: number;
  exp: number;
  /** Present while the account must replace its initial password. */
  pwc?: true;
}

/** What RecWay signs; jsonwebtoken adds iss, aud, iat and exp from the sign options. */
export type SignedAccessClaims = Pick<AccessClaims, 'sub' | 'role' | 'typ' | 'pwc'>;

/**
 * The caller described by an already signature-checked payload, or undefined when a claim is missing
 * or mistyped. jsonwebtoken checks `exp`, `iss` and `aud` only when they are present, so a validly
 * signed token without `exp` would never expire: presence is checked here, for every verifier.
 */
export function userFromAccessClaims(
  claims: Partial<Record<keyof AccessClaims, unknown>>,
): AuthenticatedUser | undefined {
  const complete =
    claims.typ === 'access' &&
    typeof claims.sub === 'string' &&
    claims.sub.length > 0 &&
    typeof claims.role === 'string' &&
    typeof claims.iss === 'string' &&
    (typeof claims.aud === 'string' || Array.isArray(claims.aud)) &&
    Number.isFinite(claims.iat) &&
    Number.isFinite(claims.exp);
  if (!complete) return undefined;
  return { id: claims.sub as string, role: claims.role as string, mustChangePassword: claims.pwc === true };
}
