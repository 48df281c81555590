import { createClient } from '@keyv/redis';

const newClient = (url: string) => createClient({ url });
type RedisClient = ReturnType<typeof newClient>;

async function withClient<T>(url: string, work: (client: RedisClient) => Promise<T>): Promise<T> {
  const client = newClient(url);
  await client.connect();
  try {
    return await work(client);
  } finally {
    client.destroy();
  }
}

/** SCAN, not KEYS: the database may be large. */
function matchingKeys(client: RedisClient, pattern: string): AsyncIterable<string[]> {
  return client.scanIterator({ MATCH: pattern, COUNT: 500 });
}

/** Deletes the keys matching `pattern`. */
export function deleteRedisKeys(url: string, pattern: string): Promise<void> {
  return withClient(url, async (client) => {
    for await (const keys of matchingKeys(client, pattern)) if (keys.length > 0) await client.del(keys);
  });
}

/** The raw value of the first key matching `pattern` (undefined when none matches). */
export function readRedisValue(url: string, pattern: string): Promise<string | undefined> {
  return withClient(url, async (client) => {
    for await (const keys of matchingKeys(client, pattern)) {
      if (keys.length > 0) return (await client.get(keys[0])) ?? undefined;
    }
    return undefined;
  });
}

/** Replaces the raw value of every key matching `pattern` by `change(value)`, keeping its TTL. */
export function rewriteRedisValues(url: string, pattern: string, change: (raw: string) => string): Promise<number> {
  return withClient(url, async (client) => {
    let rewritten = 0;
    for await (const keys of matchingKeys(client, pattern)) {
      for (const key of keys) {
        const raw = await client.get(key);
        if (raw === null) continue;
        await client.set(key, change(raw), { KEEPTTL: true });
        rewritten++;
      }
    }
    return rewritten;
  });
}
