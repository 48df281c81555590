import { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { ApiKeysService } from '../apps/api/src/api-keys/api-keys.service';
import { SegmentsRepository } from '../apps/api/src/segments/segments.repository';
import { agentFor, signIn, type TestUser } from './support/auth';
import { startTestApp } from './support/test-app';

const OGC = '/api/v1/ogc';
const ITEMS = `${OGC}/collections/segmentos/items`;
// Areas no other suite writes to.
const AREA = '120,-40,121,-39';
const PAGING_AREA = '130,-30,131,-29';

interface Link {
  href: string;
  rel: string;
  type?: string;
}

describe('OGC API – Features', () => {
  let app: NestExpressApplication;
  let editor: TestUser;
  let key: string;
  const ogc = () => request.agent(app.getHttpServer()).set('X-API-Key', key);
  const pathOf = (href: string) => new URL(href).pathname + new URL(href).search;

  beforeAll(async () => {
    app = await startTestApp();
    editor = await signIn(app, 'editor');
    key = (
      await app
        .get(ApiKeysService)
        .create({ id: editor.id, role: 'viewer', mustChangePassword: false }, { nombre: 'ogc' })
    ).clave;
    const api = agentFor(app, editor);
    const line = await api
      .post('/api/v1/segmentos/')
      .send({
        nombre: 'Autopista Sur',
        geometria: {
          type: 'LineString',
          coordinates: [
            [120.1, -39.5],
            [120.2, -39.4],
          ],
        },
      })
      .expect(201);
    await api
      .post(`/api/v1/segmentos/${line.body.id_segmento}/inspecciones`)
      .send({ fecha: '2026-03-03', iri_m_km: 5.5, metodo: 'perfilometro' })
      .expect(201);
    await api.post('/api/v1/segmentos/').send({ nombre: 'Glorieta', longitud: 120.5, latitud: -39.5 }).expect(201);
  });

  afterAll(async () => {
    await app.close();
  });

  it('should link the landing page to the API definition, conformance and collections', async () => {
    const landing = await ogc().get(OGC).expect(200);
    const rels = Object.fromEntries((landing.body.links as Link[]).map((link) => [link.rel, link]));
    expect(Object.keys(rels).sort()).toEqual(['conformance', 'data', 'self', 'service-desc', 'service-doc']);
    expect(rels['service-desc'].type).toBe('application/vnd.oai.openapi+json;version=3.0');
    await request(app.getHttpServer()).get(pathOf(rels['service-desc'].href)).expect(200);
    const conformance = await ogc().get(pathOf(rels.conformance.href)).expect(200);
    expect(conformance.body.conformsTo).toEqual(
      expect.arrayContaining([
        'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
        'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
        'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
      ]),
    );
    const collections = await ogc().get(pathOf(rels.data.href)).expect(200);
    expect(collections.body.collections.map((c: { id: string }) => c.id)).toEqual(['segmentos']);
  });

  it('should describe the collection with an extent taken from the data', async () => {
    const { body } = await ogc().get(`${OGC}/collections/segmentos`).expect(200);
    const [[minLon, minLat, maxLon, maxLat]] = body.extent.spatial.bbox as number[][];
    expect(minLon).toBeLessThanOrEqual(120.1);
    expect(maxLon).toBeGreaterThanOrEqual(120.5);
    expect(minLat).toBeLessThanOrEqual(-39.5);
    expect(maxLat).toBeGreaterThanOrEqual(-39.4);
    expect(body.extent.temporal.interval[0][0] <= '2026-03-03T00:00:00Z').toBe(true);
    expect(body.links.find((link: Link) => link.rel === 'items').type).toBe('application/geo+json');
  });

  it('should answer items as GeoJSON with counts, a time stamp, flat condition properties and lines', async () => {
    const response = await ogc().get(ITEMS).query({ bbox: AREA }).expect(200);
    expect(response.headers['content-type']).toContain('application/geo+json');
    expect(response.body).toMatchObject({ type: 'FeatureCollection', numberMatched: 2, numberReturned: 2 });
    expect(Date.parse(response.body.timeStamp)).not.toBeNaN();
    const [line, point] = response.body.features;
    expect(line.geometry.type).toBe('LineString');
    expect(line.properties).toMatchObject({
      nombre: 'Autopista Sur',
      banda: 'malo',
      iri_m_km: 5.5,
      fecha_inspeccion: '2026-03-03',
    });
    expect(line.properties).not.toHaveProperty('condicion');
    expect(point.geometry).toEqual({ type: 'Point', coordinates: [120.5, -39.5] });
    expect(point.properties.banda).toBeNull();
  });

  it('should filter by datetime of the latest survey, banda and q', async () => {
    const count = async (query: Record<string, string>) =>
      (
        await ogc()
          .get(ITEMS)
          .query({ bbox: AREA, ...query })
          .expect(200)
      ).body.numberMatched as number;
    expect(await count({ datetime: '2026-03-03' })).toBe(1);
    expect(await count({ datetime: '2026-01-01/..' })).toBe(1);
    expect(await count({ datetime: '../2026-01-01' })).toBe(0);
    expect(await count({ datetime: '2026-03-01T00:00:00Z/2026-03-31T23:59:59Z' })).toBe(1);
    expect(await count({ banda: 'malo' })).toBe(1);
    expect(await count({ q: 'glorieta' })).toBe(1);
  });

  it('should return a feature by id, with links, and OGC errors elsewhere', async () => {
    const list = await ogc().get(ITEMS).query({ bbox: AREA }).expect(200);
    const id = list.body.features[0].id as number;
    const feature = await ogc().get(`${ITEMS}/${id}`).expect(200);
    expect(feature.body).toMatchObject({ type: 'Feature', id, properties: { id_segmento: id } });
    expect(feature.body.links.map((link: Link) => link.rel)).toEqual(['self', 'collection']);
    const missing = await ogc().get(`${ITEMS}/999999999`).expect(404);
    expect(missing.body).toEqual({ code: 'NotFound', description: expect.stringContaining('999999999') });
    await ogc().get(`${ITEMS}/abc`).expect(400);
  });

  it.each([
    ['limit 0', { limit: '0' }, 'limit'],
    ['limit over 10 000', { limit: '10001' }, 'limit'],
    ['a negative offset', { offset: '-1' }, 'offset'],
    ['a bad bbox', { bbox: '1,2,3' }, 'bbox'],
    ['another CRS', { 'bbox-crs': 'http://www.opengis.net/def/crs/EPSG/0/3857' }, 'bbox-crs'],
    ['a bad datetime', { datetime: '2026-13-40' }, 'datetime'],
    ['an inverted interval', { datetime: '2026-05-01/2026-01-01' }, 'datetime'],
    ['an unknown band', { banda: 'excelente' }, 'banda'],
    ['an unknown parameter', { sortby: 'nombre' }, 'sortby'],
  ])('should answer %s with an OGC 400', async (_name, query, parameter) => {
    const response = await ogc().get(ITEMS).query(query).expect(400);
    expect(response.body).toEqual({ code: 'InvalidParameterValue', description: expect.stringContaining(parameter) });
  });

  it('should need credentials (OGC-shaped 401) and accept a token as well as a key', async () => {
    const anonymous = await request(app.getHttpServer()).get(ITEMS).expect(401);
    expect(anonymous.body.code).toBe('NotAuthenticated');
    await agentFor(app, editor).get(OGC).expect(200);
    await request(app.getHttpServer()).get(OGC).set('X-API-Key', 'rwk_bad').expect(401);
  });

  it('should page through 25 000 features with next links, each exactly once', async () => {
    const rows = Array.from({ length: 25_000 }, (_, i) => ({
      nombre: `paged ${i}`,
      longitud: 130 + (i % 500) / 1000,
      latitud: -30 + Math.floor(i / 500) / 1000,
    }));
    await app.get(SegmentsRepository).insertMany(rows);
    const seen = new Set<number>();
    let next: string | undefined = `${ITEMS}?bbox=${PAGING_AREA}&limit=1000`;
    let pages = 0;
    while (next) {
      const page: request.Response = await ogc().get(next).expect(200);
      expect(page.body.numberMatched).toBe(25_000);
      for (const feature of page.body.features as { id: number }[]) {
        expect(seen.has(feature.id)).toBe(false);
        seen.add(feature.id);
      }
      const link: Link | undefined = (page.body.links as Link[]).find((candidate) => candidate.rel === 'next');
      next = link ? pathOf(link.href) : undefined;
      pages += 1;
    }
    expect(seen.size).toBe(25_000);
    expect(pages).toBe(25);
    const last = await ogc().get(ITEMS).query({ bbox: PAGING_AREA, limit: 1000, offset: 24_000 }).expect(200);
    expect((last.body.links as Link[]).map((link) => link.rel)).toEqual(['self', 'prev']);
  });
});
