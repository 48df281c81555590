import { Readable } from 'node:stream';
import express from 'express';
import request from 'supertest';
import { GZIP_MIN_BYTES } from '@recway/common';
import { compressLargeAnswers } from './compress-large-answers';

const LARGE = 'x'.repeat(GZIP_MIN_BYTES * 4);

function app(): express.Express {
  const server = express();
  server.use(compressLargeAnswers({ level: 1 }));
  server.get('/small', (_request, response) => void response.json({ status: 'healthy' }));
  server.get('/large', (_request, response) => void response.json({ text: LARGE }));
  server.get('/threshold', (_request, response) => void response.type('text').send('y'.repeat(GZIP_MIN_BYTES)));
  server.get('/stream', (_request, response) => {
    response.type('text');
    Readable.from(['first ', LARGE, ' last']).pipe(response);
  });
  server.get('/small-stream', (_request, response) => {
    response.type('text').setHeader('Content-Length', '5');
    Readable.from(['tiny!']).pipe(response);
  });
  server.get('/written-head', (_request, response) => {
    response.writeHead(200, { 'Content-Type': 'text/plain' });
    response.end(LARGE);
  });
  server.get('/empty', (_request, response) => void response.status(204).end());
  return server;
}

const binary = (response: request.Response, done: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  response.on('data', (chunk: Buffer) => chunks.push(chunk));
  response.on('end', () => done(null, Buffer.concat(chunks)));
};

/** superagent gunzips what it receives: the header says what was on the wire, the body what was sent. */
async function get(path: string): Promise<request.Response> {
  return request(app()).get(path).set('Accept-Encoding', 'gzip').buffer(true).parse(binary);
}

describe('compressLargeAnswers', () => {
  it('should send small answers untouched, without negotiating (no Vary)', async () => {
    const response = await get('/small');
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(response.headers.vary).toBeUndefined();
    expect(JSON.parse((response.body as Buffer).toString())).toEqual({ status: 'healthy' });
  });

  it('should gzip answers from the threshold up, as compression does', async () => {
    for (const path of ['/large', '/threshold']) {
      const response = await get(path);
      expect(response.headers['content-encoding']).toBe('gzip');
      expect(response.headers.vary).toBe('Accept-Encoding');
      expect((response.body as Buffer).length).toBeGreaterThanOrEqual(GZIP_MIN_BYTES);
    }
  });

  it('should gzip a stream of unknown length and keep every byte in order', async () => {
    const response = await get('/stream');
    expect(response.headers['content-encoding']).toBe('gzip');
    expect((response.body as Buffer).toString()).toBe(`first ${LARGE} last`);
  });

  it('should send a stream that declares a small length untouched', async () => {
    const response = await get('/small-stream');
    expect(response.headers['content-encoding']).toBeUndefined();
    expect((response.body as Buffer).toString()).toBe('tiny!');
  });

  it('should send answers as they are once their headers were written, and empty answers', async () => {
    const written = await get('/written-head');
    expect(written.headers['content-encoding']).toBeUndefined();
    expect((written.body as Buffer).toString()).toBe(LARGE);
    expect((await get('/empty')).status).toBe(204);
  });

  it('should leave clients that do not accept gzip an identity answer', async () => {
    const response = await request(app()).get('/large').set('Accept-Encoding', 'identity');
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(response.body).toEqual({ text: LARGE });
  });
});
