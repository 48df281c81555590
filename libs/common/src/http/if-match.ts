/**
 * The versions an If-Match header accepts: undefined when absent or `*` (no precondition),
 * otherwise the listed `"v<n>"` validators (possibly none, which matches nothing → 412).
 */
export function parseIfMatch(header: string | undefined): number[] | undefined {
  if (header === undefined || header.trim() === '*') return undefined;
  return header
    .split(',')
    .map((tag) => /^\s*(?:W\/)?"v(\d{1,9})"\s*$/.exec(tag)?.[1])
    .filter((version): version is string => version !== undefined)
    .map(Number);
}
