import { randomUUID } from 'node:crypto';
import { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { agentFor, signIn } from './support/auth';
import { startTestApp } from './support/test-app';

const BASE = '/api/v1/segmentos';
const IMPORT = `${BASE}/import`;

describe('POST /segmentos/import', () => {
  let app: NestExpressApplication;
  let api: ReturnType<typeof request.agent>;

  beforeAll(async () => {
    app = await startTestApp({ IMPORT_MAX_BODY_SIZE: String(64 * 1024) });
    api = agentFor(app, await signIn(app, 'editor'));
  });

  afterAll(async () => {
    await app.close();
  });

  async function countTagged(tag: string): Promise<number> {
    const response = await api.get(BASE).query({ q: tag, limit: 1 }).expect(200);
    return Number(response.headers['x-total-count']);
  }

  function feature(nombre: unknown, coordinates: unknown[] = [-74.08, 4.6], extra: object = {}) {
    return { type: 'Feature', geometry: { type: 'Point', coordinates }, properties: { nombre, ...extra } };
  }

  function geojson(features: unknown[]): string {
    return JSON.stringify({ type: 'FeatureCollection', features });
  }

  it('should import a GeoJSON FeatureCollection of points', async () => {
    const tag = randomUUID();
    const body = geojson([
      feature(`${tag} uno`, [-74.08, 4.6], { ubicacion: 'Bogotá', descripcion: "O'Brien <b>" }),
      feature(`${tag} dos`, [-75.56, 6.25]),
    ]);
    const response = await api.post(IMPORT).set('Content-Type', 'application/geo+json').send(body).expect(201);
    expect(response.body).toEqual({ importados: 2 });
    const near = await api.get(BASE).query({ q: tag, near: '4.6,-74.08', radius: 10 }).expect(200);
    expect(near.body).toEqual([expect.objectContaining({ nombre: `${tag} uno`, descripcion: "O'Brien <b>" })]);
  });

  it('should import a CSV file, including RecWay’s own CSV export', async () => {
    const tag = randomUUID();
    const csv = [
      'nombre,descripcion,longitud,latitud,ubicacion',
      `"${tag}, con coma",,-74.1,4.7,Bogotá`,
      `${tag} dos,"multi\r\nlínea ""citada""",-74.2,4.8,`,
    ].join('\r\n');
    await api.post(IMPORT).set('Content-Type', 'text/csv').send(csv).expect(201, { importados: 2 });
    const exported = await api.get(BASE).query({ q: tag, f: 'csv', sort: 'nombre' }).expect(200);
    expect(exported.text).toContain('"multi\r\nlínea ""citada"""');
    const reimport = exported.text.replace(new RegExp(tag, 'g'), `${tag}-copy`);
    await api.post(IMPORT).set('Content-Type', 'text/csv; charset=utf-8').send(reimport).expect(201);
    const copies = await api
      .get(BASE)
      .query({ q: `${tag}-copy` })
      .expect(200);
    const descriptions = copies.body.map((s: { descripcion: string | null }) => s.descripcion);
    expect(descriptions).toHaveLength(2);
    expect(descriptions).toEqual(expect.arrayContaining([null, 'multi\r\nlínea "citada"']));
  });

  it('should write nothing and list every bad feature when one is invalid', async () => {
    const tag = randomUUID();
    const body = geojson([
      feature(`${tag} ok`),
      feature('', [-74, 4]),
      feature(`${tag} far`, [200, 4]),
      {
        type: 'Feature',
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [0, 0],
              [1, 1],
              [1, 0],
              [0, 0],
            ],
          ],
        },
        properties: { nombre: `${tag} polygon` },
      },
      feature(`${tag} extra`, [-74, 4], { color: 'red' }),
    ]);
    const response = await api.post(IMPORT).set('Content-Type', 'application/geo+json').send(body).expect(422);
    expect(response.body.detail.map((issue: { loc: unknown[] }) => issue.loc)).toEqual([
      ['body', 'features', 1, 'properties', 'nombre'],
      ['body', 'features', 2, 'properties', 'longitud'],
      ['body', 'features', 3, 'geometry'],
      ['body', 'features', 4, 'properties', 'color'],
    ]);
    expect(await countTagged(tag)).toBe(0);
  });

  it('should write nothing and list every bad CSV line', async () => {
    const tag = randomUUID();
    const csv = `nombre,longitud,latitud\n${tag} a,1,1\n${tag} b,east,1\n${tag} c,1\n${tag} d,1,95\n`;
    const response = await api.post(IMPORT).set('Content-Type', 'text/csv').send(csv).expect(422);
    expect(response.body.detail.map((issue: { loc: unknown[] }) => issue.loc)).toEqual([
      ['body', 'line', 3, 'longitud'],
      ['body', 'line', 4],
      ['body', 'line', 5, 'latitud'],
    ]);
    expect(await countTagged(tag)).toBe(0);
  });

  it.each([
    ['text/csv', 'name,lon,lat\nx,1,1\n', /header/],
    ['application/geo+json', '{"type":"FeatureCollection","features":[', /Invalid JSON/],
    ['application/geo+json', '{"type":"Feature","features":[]}', /FeatureCollection/],
    ['application/geo+json', '{"type":"FeatureCollection","features":[]}', /no segments/],
  ])('should refuse a malformed %s file with a 422 on the body', async (type, body, message) => {
    const response = await api.post(IMPORT).set('Content-Type', type).send(body).expect(422);
    expect(response.body.detail[0].loc).toEqual(['body']);
    expect(response.body.detail[0].msg).toMatch(message);
  });

  it('should refuse other media types with 415', async () => {
    const response = await api.post(IMPORT).set('Content-Type', 'application/xml').send('<a/>').expect(415);
    expect(response.body.detail).toContain('text/csv');
  });

  it('should refuse a file over IMPORT_MAX_BODY_SIZE with 413 and write nothing', async () => {
    const tag = randomUUID();
    const lines = Array.from({ length: 3000 }, (_, i) => `${tag} ${i},1,1`);
    const response = await api
      .post(IMPORT)
      .set('Content-Type', 'text/csv')
      .send(`nombre,longitud,latitud\n${lines.join('\n')}`)
      .expect(413);
    expect(response.body.detail).toContain('IMPORT_MAX_BODY_SIZE');
    expect(await countTagged(tag)).toBe(0);
  });

  it('should count streamed bytes when no Content-Length is declared', async () => {
    const tag = randomUUID();
    const chunk = Buffer.from(`${tag},1,1\n`.repeat(200));
    const req = api.post(IMPORT).set('Content-Type', 'text/csv').set('Transfer-Encoding', 'chunked');
    req.write('nombre,longitud,latitud\n');
    for (let i = 0; i < 30; i++) req.write(chunk);
    const response = await req;
    expect(response.status).toBe(413);
    expect(await countTagged(tag)).toBe(0);
  });

  it('should replay an import retried with the same Idempotency-Key', async () => {
    const tag = randomUUID();
    const body = geojson([feature(`${tag} a`), feature(`${tag} b`)]);
    const send = () =>
      api.post(IMPORT).set('Content-Type', 'application/geo+json').set('Idempotency-Key', tag).send(body);
    expect((await send().expect(201)).body).toEqual({ importados: 2 });
    expect((await send().expect(201)).body).toEqual({ importados: 2 });
    expect(await countTagged(tag)).toBe(2);
  });
});
