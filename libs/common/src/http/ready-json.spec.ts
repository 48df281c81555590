import express from 'express';
import request from 'supertest';
import { GZIP_MIN_BYTES, readyJson, readyJsonSize, sendReadyJson } from './ready-json';

const PAGE = JSON.stringify([{ nombre: `Calle "26" </script> ${'á'.repeat(GZIP_MIN_BYTES)}` }]);

function app(answer = readyJson(PAGE, '1')): express.Express {
  const server = express();
  server.get('/page', (req, res) => sendReadyJson(req, res, answer));
  return server;
}

const binary = (response: request.Response, done: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  response.on('data', (chunk: Buffer) => chunks.push(chunk));
  response.on('end', () => done(null, Buffer.concat(chunks)));
};

/** superagent gunzips what it receives: the headers say what was on the wire, the body what was sent. */
function get(acceptEncoding: string, method: 'get' | 'head' = 'get'): request.Test {
  return request(app())[method]('/page').set('Accept-Encoding', acceptEncoding).buffer(true).parse(binary);
}

describe('ReadyJson', () => {
  it('should send the gzipped bytes to a client that accepts gzip, and they should unzip to the text', async () => {
    const response = await get('br, gzip;q=0.8');
    expect(response.headers['content-encoding']).toBe('gzip');
    expect(Number(response.headers['content-length'])).toBe(readyJson(PAGE, '1').gzip?.length);
    expect(response.headers.vary).toBe('Accept-Encoding');
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect((response.body as Buffer).toString()).toBe(PAGE);
  });

  it.each(['gzip;q=0', 'br', 'identity'])('should send the text as it is for Accept-Encoding %s', async (accepted) => {
    const response = await get(accepted);
    expect(response.headers['content-encoding']).toBeUndefined();
    expect((response.body as Buffer).toString()).toBe(PAGE);
    expect(Number(response.headers['content-length'])).toBe(Buffer.byteLength(PAGE));
  });

  it('should answer HEAD with the headers of GET and no body', async () => {
    const head = await get('gzip', 'head');
    const full = await get('gzip');
    expect(head.status).toBe(200);
    expect(head.headers.etag).toBe(full.headers.etag);
    expect(head.headers['content-length']).toBe(full.headers['content-length']);
    expect((head.body as Buffer | undefined)?.length ?? 0).toBe(0);
  });

  it('should answer a matching If-None-Match with a bare 304, whatever the encoding asked', async () => {
    const { headers } = await get('gzip');
    for (const accepted of ['gzip', 'identity']) {
      const response = await get(accepted).set('If-None-Match', headers.etag);
      expect(response.status).toBe(304);
      expect(response.headers.etag).toBe(headers.etag);
      expect(response.headers['content-encoding']).toBeUndefined();
      expect(response.headers['content-type']).toBeUndefined();
    }
  });

  it('should give the same body a different weak ETag when the state its headers carry differs', () => {
    const one = readyJson(PAGE, '41');
    expect(one.etag).toMatch(/^W\/"[0-9a-f]+-[A-Za-z0-9+/]{27}"$/);
    expect(readyJson(PAGE, '41').etag).toBe(one.etag);
    expect(readyJson(PAGE, '42').etag).not.toBe(one.etag);
    expect(readyJson(`${PAGE} `, '41').etag).not.toBe(one.etag);
  });

  it('should leave a small answer unzipped and count the whole memory its bytes keep alive', () => {
    const small = readyJson('[]');
    expect(small.gzip).toBeUndefined();
    // Buffer.from of a short text is a view of Node's shared pool: counted whole, never as 2 bytes.
    expect(readyJsonSize(small)).toBeGreaterThanOrEqual(small.identity.buffer.byteLength);
    expect(readyJsonSize(small)).toBeGreaterThan(1024);
    const large = readyJson(PAGE);
    expect(readyJsonSize(large)).toBeGreaterThanOrEqual(large.identity.length + (large.gzip?.length ?? 0));
  });
});
