/**
 * Makes room in a bounded in-memory map: drops every entry `isDead` says is spent, then, if that was
 * not enough, the oldest entries (a Map keeps insertion order) until it is 90 % full — never all of
 * them at once.
 */
export function pruneMap<K, V>(map: Map<K, V>, capacity: number, isDead: (value: V) => boolean): void {
  for (const [key, value] of map) if (isDead(value)) map.delete(key);
  for (const key of map.keys()) {
    if (map.size < capacity * 0.9) break;
    map.delete(key);
  }
}
