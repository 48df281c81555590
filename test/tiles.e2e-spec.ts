import { NestExpressApplication } from '@nestjs/platform-express';
import { VectorTile, type VectorTileFeature } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import request from 'supertest';
import { ApiKeysService } from '../apps/api/src/api-keys/api-keys.service';
import { UsersService } from '../apps/api/src/users/users.service';
import { SegmentsCache } from '../apps/api/src/segments/segments.cache';
import { TilesRepository } from '../apps/api/src/gis/tiles.repository';
import { DEFAULT_CONDITION_BANDS } from '@recway/iri';
import { fingerprintOf } from '@recway/common';
import { agentFor, signIn, type TestUser } from './support/auth';
import { startTestApp } from './support/test-app';

const TILES = '/api/v1/tiles';
// An area no other suite writes to, and the z/x/y of tiles over it.
const lon2x = (lon: number, z: number) => Math.floor(((lon + 180) / 360) * 2 ** z);
const lat2y = (lat: number, z: number) => {
  const r = (lat * Math.PI) / 180;
  return Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z);
};
const tileOf = (z: number) => `${z}/${lon2x(140.0015, z)}/${lat2y(-20.0015, z)}`;

/** Fetches a tile as raw bytes (supertest would try to parse it). */
function getTile(agent: ReturnType<typeof request.agent>, path: string) {
  return agent
    .get(path)
    .buffer(true)
    .parse((response, callback) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => callback(null, Buffer.concat(chunks)));
    });
}

function decode(bytes: Buffer): VectorTileFeature[] {
  const layer = new VectorTile(new PbfReader(bytes)).layers.segmentos;
  return Array.from({ length: layer?.length ?? 0 }, (_, i) => layer.feature(i));
}

describe('Vector tiles', () => {
  let app: NestExpressApplication;
  let editor: TestUser;
  const ids: Record<string, number> = {};
  const api = () => agentFor(app, editor);

  beforeAll(async () => {
    app = await startTestApp();
    editor = await signIn(app, 'editor');
    const create = async (name: string, body: object, iri?: number) => {
      ids[name] = (
        await api()
          .post('/api/v1/segmentos/')
          .send({ nombre: name, ...body })
          .expect(201)
      ).body.id_segmento;
      if (iri !== undefined) {
        await api()
          .post(`/api/v1/segmentos/${ids[name]}/inspecciones`)
          .send({ fecha: '2026-02-02', iri_m_km: iri, metodo: 'otro' })
          .expect(201);
      }
    };
    const line = {
      type: 'LineString',
      coordinates: [
        [140.001, -20.001],
        [140.002, -20.002],
      ],
    };
    await create('tile line', { geometria: line }, 7);
    await create('tile point', { longitud: 140.0012, latitud: -20.0012 }, 1);
    await create('tile unsurveyed', { longitud: 140.0018, latitud: -20.0018 });
  });

  afterAll(async () => {
    await app.close();
  });

  it('should serve a Mapbox Vector Tile built by PostGIS, with lines, points and their condition', async () => {
    const response = await getTile(api(), `${TILES}/segmentos/${tileOf(14)}.mvt`).expect(200);
    expect(response.headers['content-type']).toBe('application/vnd.mapbox-vector-tile');
    expect(response.headers['cache-control']).toBe('private, max-age=60');
    expect(response.headers.etag).toMatch(/^"[\w-]+"$/);
    const features = decode(response.body as Buffer);
    const byName = Object.fromEntries(features.map((feature) => [feature.properties.nombre, feature]));
    expect(Object.keys(byName).sort()).toEqual(['tile line', 'tile point', 'tile unsurveyed']);
    expect(byName['tile line'].type).toBe(2); // LineString
    expect(byName['tile line'].properties).toMatchObject({ banda: 'muy_malo', iri_m_km: 7 });
    expect(byName['tile line'].id).toBe(ids['tile line']);
    expect(byName['tile point'].type).toBe(1); // Point
    expect(byName['tile point'].properties.banda).toBe('bueno');
    expect(byName['tile unsurveyed'].properties).not.toHaveProperty('banda');
  });

  it('should thin low zooms to the worst segment of each cell, without names', async () => {
    const response = await getTile(api(), `${TILES}/segmentos/${tileOf(8)}.mvt`).expect(200);
    const features = decode(response.body as Buffer);
    expect(features).toHaveLength(1);
    expect(features[0].id).toBe(ids['tile line']);
    expect(features[0].properties).toEqual({ banda: 'muy_malo', iri_m_km: 7 });
  });

  it("should draw only what the list's filters keep, and refuse a bad filter", async () => {
    const names = async (query: Record<string, string | number | boolean>) => {
      const response = await getTile(api(), `${TILES}/segmentos/${tileOf(14)}.mvt`).query(query);
      expect([200, 204]).toContain(response.status);
      return response.status === 204
        ? []
        : decode(response.body as Buffer)
            .map((f) => f.properties.nombre)
            .sort();
    };
    expect(await names({ banda: 'muy_malo' })).toEqual(['tile line']);
    expect(await names({ banda: 'bueno,muy_malo' })).toEqual(['tile line', 'tile point']);
    expect(await names({ iri_max: 2 })).toEqual(['tile point']);
    expect(await names({ sin_inspeccion: true })).toEqual(['tile unsurveyed']);
    expect(await names({ q: 'TILE PÓINT' })).toEqual(['tile point']);
    expect(await names({ fecha_desde: '2026-06-01', sin_inspeccion: false })).toEqual([]);
    const badBand = await getTile(api(), `${TILES}/segmentos/${tileOf(14)}.mvt`).query({ banda: 'excelente' });
    expect(badBand.status).toBe(422);
    const unknown = await getTile(api(), `${TILES}/segmentos/${tileOf(14)}.mvt`).query({ color: 'red' });
    expect(unknown.status).toBe(422);
  });

  it('should answer 304 to a matching If-None-Match and 204 for an empty tile', async () => {
    const first = await getTile(api(), `${TILES}/segmentos/${tileOf(15)}.mvt`).expect(200);
    await api()
      .get(`${TILES}/segmentos/${tileOf(15)}.mvt`)
      .set('If-None-Match', first.headers.etag)
      .expect(304);
    await api().get(`${TILES}/segmentos/10/0/0.mvt`).expect(204);
  });

  it('should show a new survey in the next tile (every write drops the cached tiles)', async () => {
    const path = `${TILES}/segmentos/${tileOf(13)}.mvt`;
    const bandOf = async () =>
      decode((await getTile(api(), path).expect(200)).body as Buffer).find((f) => f.id === ids['tile unsurveyed'])
        ?.properties.banda;
    expect(await bandOf()).toBeUndefined();
    expect(await bandOf()).toBeUndefined(); // now from the cache
    await api()
      .post(`/api/v1/segmentos/${ids['tile unsurveyed']}/inspecciones`)
      .send({ fecha: '2026-02-03', iri_m_km: 4.5, metodo: 'otro' })
      .expect(201);
    expect(await bandOf()).toBe('malo');
  });

  it('should leave a deleted segment out of the next tile', async () => {
    const path = `${TILES}/segmentos/${tileOf(16)}.mvt`;
    const created = await api()
      .post('/api/v1/segmentos/')
      .send({ nombre: 'ephemeral', longitud: 140.0016, latitud: -20.0016 })
      .expect(201);
    const before = decode((await getTile(api(), path).expect(200)).body as Buffer);
    expect(before.map((f) => f.id)).toContain(created.body.id_segmento);
    await api().delete(`/api/v1/segmentos/${created.body.id_segmento}`).expect(204);
    const after = decode((await getTile(api(), path).expect(200)).body as Buffer);
    expect(after.map((f) => f.id)).not.toContain(created.body.id_segmento);
  });

  it('should encode the same tile without ST_AsMVT (the embedded PostGIS lacks protobuf-c)', async () => {
    const repository = app.get(TilesRepository);
    const bands = DEFAULT_CONDITION_BANDS;
    const comparable = (bytes: Buffer) =>
      decode(bytes)
        .map((f) => ({ id: f.id, type: f.type, properties: f.properties, geometry: f.loadGeometry() }))
        .sort((a, b) => Number(a.id) - Number(b.id));
    for (const zoom of [8, 12, 14, 16]) {
      const [z, x, y] = tileOf(zoom).split('/').map(Number);
      const inDatabase = await repository.tile(z, x, y, bands, {});
      const here = await repository.encodedHere(z, x, y, bands, {});
      expect(comparable(here)).toEqual(comparable(inDatabase));
      expect(comparable(here).length).toBeGreaterThan(0);
    }
    expect((await repository.encodedHere(3, 0, 0, bands, {})).length).toBe(0);
  });

  it('should keep every tile a write does not touch cached, and drop those it does (old and new place)', async () => {
    const cache = app.get(SegmentsCache);
    const cachedAt = async (zoom: number) => (await cache.tileLookup(tileOf(zoom), fingerprintOf({}))).tile;
    for (const zoom of [8, 14]) await getTile(api(), `${TILES}/segmentos/${tileOf(zoom)}.mvt`).expect(200);
    expect(await cachedAt(14)).toBeDefined();
    // Far away: this area's tiles stay cached (zoom 8 too: other tiles' thinning is their own).
    const far = await api()
      .post('/api/v1/segmentos/')
      .send({ nombre: 'far away', longitud: -60, latitud: -30 })
      .expect(201);
    expect(await cachedAt(14)).toBeDefined();
    expect(await cachedAt(8)).toBeDefined();
    // Moved here: the tiles of its new place are rebuilt, and it shows in them.
    await api()
      .patch(`/api/v1/segmentos/${far.body.id_segmento}`)
      .send({ longitud: 140.0013, latitud: -20.0013 })
      .expect(200);
    expect(await cachedAt(14)).toBeUndefined();
    const here = decode((await getTile(api(), `${TILES}/segmentos/${tileOf(14)}.mvt`).expect(200)).body as Buffer);
    expect(here.map((f) => f.id)).toContain(far.body.id_segmento);
    // Moved away again: gone from here at once (its old place counts).
    await api().patch(`/api/v1/segmentos/${far.body.id_segmento}`).send({ longitud: -60, latitud: -30 }).expect(200);
    const gone = decode((await getTile(api(), `${TILES}/segmentos/${tileOf(14)}.mvt`).expect(200)).body as Buffer);
    expect(gone.map((f) => f.id)).not.toContain(far.body.id_segmento);
    await api().delete(`/api/v1/segmentos/${far.body.id_segmento}`).expect(204);
  });

  it.each([
    ['zoom 23', '23/0/0', 400],
    ['a text zoom', 'abc/0/0', 400],
    ['a negative x', '3/-1/0', 400],
    ['x outside the zoom', '3/8/0', 404],
    ['y outside the zoom', '0/0/1', 404],
  ])('should refuse %s', async (_name, zxy, status) => {
    const response = await api().get(`${TILES}/segmentos/${zxy}.mvt`).expect(status);
    expect(response.body.detail).toEqual(expect.any(String));
  });

  it('should describe the tiles in TileJSON 3.0 with a template that works', async () => {
    const { body } = await api().get(`${TILES}/segmentos.json`).expect(200);
    expect(body).toMatchObject({ tilejson: '3.0.0', minzoom: 0, maxzoom: 22 });
    expect(body.vector_layers.map((layer: { id: string }) => layer.id)).toEqual(['segmentos']);
    expect(body.bounds).toHaveLength(4);
    const template = body.tiles[0] as string;
    expect(template).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1\/tiles\/segmentos\/\{z\}\/\{x\}\/\{y\}\.mvt$/);
    const [z, x, y] = tileOf(14).split('/');
    const path = new URL(template.replace('{z}', z).replace('{x}', x).replace('{y}', y)).pathname;
    await getTile(api(), path).expect(200);
  });

  it('should need credentials', async () => {
    await request(app.getHttpServer())
      .get(`${TILES}/segmentos/${tileOf(14)}.mvt`)
      .expect(401);
    await request(app.getHttpServer()).get(`${TILES}/segmentos.json`).expect(401);
  });
});

describe('Vector tiles: their own rate budget', () => {
  let app: NestExpressApplication;

  beforeAll(async () => {
    app = await startTestApp({ RATE_LIMIT_CALLS: '2', RATE_LIMIT_GIS_CALLS: '50' });
  });

  afterAll(async () => {
    await app.close();
  });

  it('should let a map fetch many tiles where the default budget allows two requests', async () => {
    const owner = await app
      .get(UsersService)
      .create({ email: `tiles-${Date.now()}@recway.co`, password: 'a-long-password-1', role: 'viewer' });
    const { clave } = await app
      .get(ApiKeysService)
      .create({ id: owner.id, role: 'viewer', mustChangePassword: false }, { nombre: 'map' });
    const client = () => request.agent(app.getHttpServer()).set('X-API-Key', clave);
    for (let i = 0; i < 2; i++) await client().get('/api/v1/segmentos/').expect(200);
    await client().get('/api/v1/segmentos/').expect(429);
    for (let i = 0; i < 20; i++) await client().get(`${TILES}/segmentos/10/${i}/0.mvt`).expect(204);
    await client().get(`${TILES}/segmentos.json`).expect(200);
  });
});
