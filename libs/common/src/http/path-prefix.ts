/** Whether `path` is one of `prefixes` or below one of them (`/health` covers `/health/ready`, not `/healthz`). */
export function isPathUnder(path: string, prefixes: readonly string[]): boolean {
  return prefixes.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}
