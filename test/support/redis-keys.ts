import { createClient } from '@keyv/redis';

/** Deletes the keys matching `pattern` (SCAN, not KEYS: the database may be large). */
export async function deleteRedisKeys(url: string, pattern: string): Promise<void> {
  const client = createClient({ url });
  await client.connect();
  try {
    for await (const keys of client.scanIterator({ MATCH: pattern, COUNT: 500 })) {
      if (keys.length > 0) await client.del(keys);
    }
  } finally {
    client.destroy();
  }
}

/** The raw value of the one key matching `pattern` (undefined when none matches). */
export async function readRedisValue(url: string, pattern: string): Promise<string | undefined> {
  const client = createClient({ url });
  await client.connect();
  try {
    for await (const keys of client.scanIterator({ MATCH: pattern, COUNT: 500 })) {
      if (keys.length > 0) return (await client.get(keys[0])) ?? undefined;
    }
    return undefined;
  } finally {
    client.destroy();
  }
}
