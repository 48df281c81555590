import { Writable } from 'node:stream';
import { requestIdMiddleware } from '@recway/common';
import express from 'express';
import pino from 'pino';
import request from 'supertest';
import { MetricsService } from './metrics.service';
import { requestObserverMiddleware } from './request-observer.middleware';

/** A real Express app behind the observer, logging to memory as the server logs to stdout. */
function observedApp(level = 'info') {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  const metrics = new MetricsService();
  const app = express();
  app.use(requestIdMiddleware);
  app.use(
    requestObserverMiddleware({
      metrics: { service: metrics, path: '/metrics' },
      log: { logger: pino({ level }, sink), quietPaths: ['/health'] },
    }),
  );
  app.get('/segmentos/:id', (_request, response) => void response.json({ id: 1 }));
  app.get('/health', (_request, response) => void response.json({ status: 'healthy' }));
  app.get('/health/ready', (_request, response) => void response.json({ status: 'ready' }));
  app.get('/fails', (_request, response) => void response.status(500).json({ detail: 'Internal server error' }));
  return { app, lines, metrics };
}

async function durationCount(metrics: MetricsService, labels: Record<string, string>): Promise<number> {
  const { values } = await metrics.httpRequestDuration.get();
  return values
    .filter((value) => value.metricName === 'http_request_duration_seconds_count')
    .filter((value) => {
      const actual = value.labels as Record<string, unknown>;
      return Object.entries(labels).every(([key, label]) => actual[key] === label);
    })
    .reduce((sum, value) => sum + value.value, 0);
}

describe('requestObserverMiddleware', () => {
  it('should log one line per request with its request id, method, URL, status and time', async () => {
    const { app, lines } = observedApp();
    const response = await request(app).get('/segmentos/7?f=geojson').set('X-Request-ID', 'abc-123').expect(200);
    expect(response.headers['x-request-id']).toBe('abc-123');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 30,
      msg: 'request completed',
      req: { id: 'abc-123', method: 'GET', url: '/segmentos/7?f=geojson' },
      res: { statusCode: 200 },
    });
    expect(typeof lines[0].responseTime).toBe('number');
  });

  it('should log server errors at error level', async () => {
    const { app, lines } = observedApp();
    await request(app).get('/fails').expect(500);
    expect(lines).toEqual([expect.objectContaining({ level: 50, msg: 'request errored', res: { statusCode: 500 } })]);
  });

  it('should time probes without logging them', async () => {
    const { app, lines, metrics } = observedApp();
    await request(app).get('/health').expect(200);
    await request(app).get('/health/ready').expect(200);
    expect(lines).toEqual([]);
    expect(await durationCount(metrics, { route: '/health', status: '200' })).toBe(1);
    expect(await durationCount(metrics, { route: '/health/ready', status: '200' })).toBe(1);
  });

  it('should label by route template, one series per template and status', async () => {
    const { app, metrics } = observedApp();
    await request(app).get('/segmentos/1').expect(200);
    await request(app).get('/segmentos/2').expect(200);
    await request(app).get('/nowhere').expect(404);
    expect(await durationCount(metrics, { method: 'GET', route: '/segmentos/:id', status: '200' })).toBe(2);
    expect(await durationCount(metrics, { route: 'unmatched', status: '404' })).toBe(1);
  });

  it('should write nothing below its level, and still time', async () => {
    const { app, lines, metrics } = observedApp('warn');
    await request(app).get('/segmentos/1').expect(200);
    expect(lines).toEqual([]);
    expect(await durationCount(metrics, { route: '/segmentos/:id' })).toBe(1);
  });
});
