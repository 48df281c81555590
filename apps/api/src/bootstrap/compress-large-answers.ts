import compression from 'compression';
import { GZIP_MIN_BYTES } from '@recway/common';
import type { RequestHandler, Response } from 'express';

/**
 * `compression()` for the answers that can reach its threshold, decided when the answer starts.
 * compression wraps every response up front (write, end, on, writeHead, a close listener) before it
 * knows the size; on RecWay's small JSON answers that wrapping alone cost ~18 % of the CPU of
 * `/health` and ~15 % of a signed-in GET of one segment (BENCHMARKS.md, "compression installed when
 * an answer starts"). Here `end` and `write` are watched instead: an answer whose declared
 * `Content-Length` (or, for a single `end`, whose body) is under the threshold goes out untouched,
 * which is what compression would have decided too; any other answer, streams included, gets
 * compression installed before its first byte and negotiated by it as before. (An answer whose
 * headers were written with an explicit `writeHead` before its body, or already encoded — a
 * ReadyJson — goes out as it is.)
 */
export function compressLargeAnswers(options: compression.CompressionOptions): RequestHandler {
  const compress = compression({ ...options, threshold: GZIP_MIN_BYTES });
  return (request, response, next) => {
    const methods = response as unknown as AnswerMethods;
    const earlier = Object.hasOwn(response, 'write') ? { write: methods.write, end: methods.end } : undefined;
    const startAnswer = (size: number) => {
      restoreMethods(methods, earlier);
      if (response.headersSent || size < GZIP_MIN_BYTES || response.hasHeader('Content-Encoding')) return;
      compress(request, response, noop);
    };
    methods.write = (chunk, encoding, callback) => {
      startAnswer(declaredLength(response));
      return methods.write(chunk, encoding, callback);
    };
    methods.end = (chunk, encoding, callback) => {
      const declared = declaredLength(response);
      startAnswer(Number.isNaN(declared) ? bodyLength(chunk, encoding) : declared);
      return methods.end(chunk, encoding, callback);
    };
    next();
  };
}

/** `write` and `end` as this gate sees them: whatever their overloads, it passes the arguments on. */
interface AnswerMethods {
  write: (chunk: unknown, encoding?: unknown, callback?: unknown) => unknown;
  end: (chunk?: unknown, encoding?: unknown, callback?: unknown) => unknown;
}

function noop(): void {}

/**
 * Puts back what `write` and `end` were: normally the prototype's, by deleting the own properties
 * newest first, which returns the response to the shape V8 had before (assigning them back would
 * not).
 */
function restoreMethods(methods: AnswerMethods, earlier: AnswerMethods | undefined): void {
  if (earlier) {
    Object.assign(methods, earlier);
    return;
  }
  delete (methods as Partial<AnswerMethods>).end;
  delete (methods as Partial<AnswerMethods>).write;
}

/** The `Content-Length` set so far; NaN when there is none (a stream of unknown length). */
function declaredLength(response: Response): number {
  const header = response.getHeader('Content-Length');
  return header === undefined ? NaN : Number(header);
}

/** The size of what `end(chunk, encoding)` sends; 0 for `end()` and `end(callback)`. */
function bodyLength(chunk: unknown, encoding: unknown): number {
  if (typeof chunk === 'string')
    return Buffer.byteLength(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
  if (chunk instanceof Uint8Array) return chunk.byteLength;
  return 0;
}
