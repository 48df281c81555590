import { createHash } from 'node:crypto';
import { constants, gzipSync } from 'node:zlib';
import type { Request, Response } from 'express';

/** Smaller answers are sent as they are: gzip would save nothing (compression's own threshold). */
export const GZIP_MIN_BYTES = 1024;

/**
 * gzip at level 1 (nginx's default), not zlib's 6: on a page of 100 segments (35 kB of JSON) 0.29 ms
 * instead of 0.52 ms of CPU per answer, for 4.2 kB instead of 3.6 kB on the wire (BENCHMARKS.md).
 */
export const GZIP_LEVEL = constants.Z_BEST_SPEED;

/**
 * A JSON answer kept ready to send: its bytes, the same bytes gzipped once, and its validator. Kept
 * in memory for answers served many times, so each request only picks a representation: no
 * serialising, no compressing, no hashing.
 */
export interface ReadyJson {
  identity: Buffer;
  /** Absent under GZIP_MIN_BYTES. */
  gzip?: Buffer;
  /** Weak: the same for both encodings. */
  etag: string;
}

/**
 * Encodes the text once. `headerState` is whatever else the answer's headers carry (a page's total,
 * say): it goes into the ETag, so a 304 never confirms headers that have changed. gzip runs
 * synchronously: for a `near` page of 38 kB it costs ~70 µs of CPU, where zlib's asynchronous call
 * cost ~190 µs alone and ~480 µs with 16 in flight (the thread pool's hand-offs, and each call's
 * 256 kB of zlib state, on two shared cores; BENCHMARKS.md). A page of 1 000 segments (~400 kB, the
 * largest a list sends) holds the event loop for under a millisecond.
 */
export function readyJson(text: string, headerState = ''): ReadyJson {
  const identity = Buffer.from(text);
  const gzipped = identity.length < GZIP_MIN_BYTES ? undefined : gzipSync(identity, { level: GZIP_LEVEL });
  return { identity, gzip: gzipped, etag: weakEtag(identity, headerState) };
}

/**
 * The memory a ReadyJson keeps alive, in bytes: the whole allocations its buffers are views of (a
 * small Buffer.from shares Node's 8 kB pool, a small gzip output a 16 kB chunk), so counting them
 * over-states rather than under-states.
 */
export function readyJsonSize(answer: ReadyJson): number {
  return answer.identity.buffer.byteLength + (answer.gzip?.buffer.byteLength ?? 0) + answer.etag.length;
}

/**
 * Sends the representation the client accepts (gzip or identity, by Accept-Encoding and its
 * q-values), with `Vary: Accept-Encoding` as compression sets it, or a bare 304 when If-None-Match
 * matches. A body already encoded is left alone by compression.
 */
export function sendReadyJson(request: Request, response: Response, answer: ReadyJson): void {
  response.vary('Accept-Encoding');
  response.setHeader('ETag', answer.etag);
  if (request.fresh) {
    response.status(304).end();
    return;
  }
  response.type('application/json');
  if (answer.gzip && request.acceptsEncodings('gzip', 'identity') === 'gzip') {
    response.setHeader('Content-Encoding', 'gzip');
    response.send(answer.gzip);
    return;
  }
  response.send(answer.identity);
}

/** The form express's own weak ETags take (`W/"<length>-<hash>"`), over the body and `headerState`. */
function weakEtag(body: Buffer, headerState: string): string {
  const hash = createHash('sha1').update(body).update(headerState).digest('base64').slice(0, 27);
  return `W/"${body.length.toString(16)}-${hash}"`;
}
