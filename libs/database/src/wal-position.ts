/**
 * PostgreSQL write-ahead-log positions (LSNs, `16/B374D848`): a replica that has replayed up to a
 * position holds every transaction committed before it.
 */
export type WalPosition = string;

export function walPositionValue(position: WalPosition): bigint {
  const [high, low] = position.split('/');
  if (high === undefined || low === undefined || !/^[0-9A-F]+$/i.test(high + low)) {
    throw new Error(`not a WAL position: ${position}`);
  }
  return (BigInt(`0x${high}`) << 32n) | BigInt(`0x${low}`);
}

/** Whether `replayed` has reached `wanted` (no requirement when `wanted` is undefined). */
export function hasReached(replayed: WalPosition | undefined, wanted: WalPosition | undefined): boolean {
  if (wanted === undefined) return true;
  return replayed !== undefined && walPositionValue(replayed) >= walPositionValue(wanted);
}
