/** The credential of an `Authorization: Bearer <credential>` header (RFC 6750), or undefined. */
export function bearerToken(header: string | string[] | undefined): string | undefined {
  return typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header)?.[1] : undefined;
}
