import type { Hash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { PayloadTooLargeException } from '@nestjs/common';

/**
 * Passes a streamed request body through, counting bytes (413 past `maxBytes`, named by `limitName`)
 * and, when given a hash, hashing them. The request is not destroyed on the way out: Node discards
 * the unread rest, so the client gets the 413.
 */
export async function* meteredChunks(
  body: Readable,
  declaredLength: number | undefined,
  maxBytes: number,
  limitName: string,
  hash?: Hash,
): AsyncGenerator<Buffer> {
  const tooLarge = () => new PayloadTooLargeException(`Body larger than ${limitName} (${maxBytes} bytes)`);
  if (declaredLength !== undefined && declaredLength > maxBytes) throw tooLarge();
  let total = 0;
  for await (const chunk of body.iterator({ destroyOnReturn: false })) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    total += buffer.length;
    if (total > maxBytes) throw tooLarge();
    hash?.update(buffer);
    yield buffer;
  }
}
