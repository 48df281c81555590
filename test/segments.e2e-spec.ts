import { randomUUID } from 'node:crypto';
import { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { isoTimestamp } from '../apps/api/src/segments/segment-json.sql';
import { agentFor, signIn } from './support/auth';
import { startTestApp } from './support/test-app';

const BASE = '/api/v1/segmentos';

describe('Segmentos API (seed test_segmentos.py and beyond)', () => {
  let app: NestExpressApplication;
  let api: ReturnType<typeof request.agent>;
  const sample = () => ({
    nombre: 'Segmento Test',
    descripcion: 'Segmento para testing',
    longitud: -74.123456,
    latitud: 4.654321,
    ubicacion: 'Bogotá Test',
  });

  beforeAll(async () => {
    app = await startTestApp();
    api = agentFor(app, await signIn(app, 'editor'));
  });

  afterAll(async () => {
    await app.close();
  });

  async function create(body: object): Promise<request.Response> {
    return api.post(`${BASE}/`).send(body).expect(201);
  }

  describe('seed scenarios', () => {
    it('test_create_segmento_success', async () => {
      const response = await create(sample());
      expect(response.body).toMatchObject(sample());
      expect(response.body.id_segmento).toEqual(expect.any(Number));
      expect(response.body.created_at).toMatch(/Z$/);
      expect(response.headers.location).toBe(`${BASE}/${response.body.id_segmento}`);
      expect(response.headers.etag).toBe('"v1"');
    });

    it('test_create_segmento_validation_error', async () => {
      const response = await api.post(`${BASE}/`).send({ nombre: '', longitud: 200, latitud: 100 }).expect(422);
      const errors = response.body.detail as { loc: string[]; type: string }[];
      expect(errors.map((error) => error.loc)).toEqual(
        expect.arrayContaining([
          ['body', 'nombre'],
          ['body', 'longitud'],
          ['body', 'latitud'],
        ]),
      );
      expect(errors).toHaveLength(3);
    });

    it('answers timestamps as Date#toISOString writes the stored instant, whatever the session time zone', async () => {
      const created = await create(sample());
      const db = app.get(DataSource);
      const [stored] = await db.query<{ created_at: Date; updated_at: Date }[]>(
        'SELECT created_at, updated_at FROM segmentos WHERE id_segmento = $1',
        [created.body.id_segmento],
      );
      expect(created.body.created_at).toBe(stored.created_at.toISOString());
      expect(created.body.updated_at).toBe(stored.updated_at.toISOString());
      const instants = [
        '2026-12-06 02:51:00.685999+00',
        '2026-01-01 00:00:00-05',
        '1999-12-31 23:59:59.999+01',
        '2024-02-29 12:00:00.0005+05:30',
      ];
      const formatted = await db.transaction(async (manager) => {
        await manager.query("SET LOCAL TIME ZONE 'America/Bogota'");
        return manager.query<{ t: Date; iso: string }[]>(
          `SELECT t, ${isoTimestamp('t')} AS iso FROM unnest($1::timestamptz[]) AS t`,
          [instants],
        );
      });
      expect(formatted.map((row) => row.iso)).toEqual(formatted.map((row) => row.t.toISOString()));
      expect(formatted[0].iso).toBe('2026-12-06T02:51:00.685Z');
    });

    it('test_get_segmento_success', async () => {
      const created = await create(sample());
      const response = await api.get(`${BASE}/${created.body.id_segmento}`).expect(200);
      expect(response.body).toEqual(created.body);
    });

    it('test_get_segmento_not_found', async () => {
      const response = await api.get(`${BASE}/99999`).expect(404);
      expect(response.body.detail.toLowerCase()).toContain('not found');
      expect(response.body.detail).toBe('Segmento 99999 not found');
    });

    it('test_list_segmentos_pagination', async () => {
      for (let i = 0; i < 5; i++) await create({ nombre: `Segmento ${i}`, longitud: -74.0 + i, latitud: 4.0 + i });
      const response = await api.get(`${BASE}/?skip=2&limit=2`).expect(200);
      expect(Array.isArray(response.body)).toBe(true);
      expect(response.body).toHaveLength(2);
    });

    it('test_update_segmento_success', async () => {
      const created = await create(sample());
      const response = await api
        .put(`${BASE}/${created.body.id_segmento}`)
        .send({ nombre: 'Segmento Actualizado' })
        .expect(200);
      expect(response.body).toMatchObject({ ...sample(), nombre: 'Segmento Actualizado' });
      expect(response.headers.etag).toBe('"v2"');
    });

    it('test_delete_segmento_success', async () => {
      const created = await create(sample());
      await api.delete(`${BASE}/${created.body.id_segmento}`).expect(204);
      await api.get(`${BASE}/${created.body.id_segmento}`).expect(404);
      await api.delete(`${BASE}/${created.body.id_segmento}`).expect(404);
    });

    it('test_large_dataset_handling', async () => {
      for (let i = 0; i < 100; i++) {
        await create({ nombre: `Segmento Masivo ${i}`, longitud: -74.0 + i * 0.001, latitud: 4.0 + i * 0.001 });
      }
      const response = await api.get(`${BASE}/?limit=100`).expect(200);
      expect(response.body).toHaveLength(100);
    });

    it('test_complete_workflow', async () => {
      const created = await create({ nombre: 'Workflow Test', longitud: -74.123, latitud: 4.456 });
      const id = created.body.id_segmento as number;
      const list = await api.get(`${BASE}/`).expect(200);
      expect(list.body.some((segment: { id_segmento: number }) => segment.id_segmento === id)).toBe(true);
      const updated = await api.put(`${BASE}/${id}`).send({ nombre: 'Workflow Test Updated' }).expect(200);
      expect(updated.body.nombre).toBe('Workflow Test Updated');
      await api.delete(`${BASE}/${id}`).expect(204);
      await api.get(`${BASE}/${id}`).expect(404);
    });
  });

  describe('validation', () => {
    it('should refuse a non-integer id with a 422 on the path', async () => {
      const response = await api.get(`${BASE}/abc`).expect(422);
      expect(response.body.detail).toEqual([expect.objectContaining({ loc: ['path', 'id'], type: 'int_parsing' })]);
    });

    it('should refuse unknown fields', async () => {
      const response = await api
        .post(`${BASE}/`)
        .send({ ...sample(), is_admin: true })
        .expect(422);
      expect(response.body.detail).toEqual([
        expect.objectContaining({ loc: ['body', 'is_admin'], type: 'extra_forbidden' }),
      ]);
    });

    it('should refuse missing coordinates, blank names and null for required fields on update', async () => {
      const missing = await api.post(`${BASE}/`).send({ nombre: 'x' }).expect(422);
      expect(missing.body.detail).toEqual([
        { loc: ['body', 'longitud'], msg: 'Field required', type: 'missing' },
        { loc: ['body', 'latitud'], msg: 'Field required', type: 'missing' },
      ]);
      await api
        .post(`${BASE}/`)
        .send({ ...sample(), nombre: '   ' })
        .expect(422);
      const created = await create(sample());
      await api.patch(`${BASE}/${created.body.id_segmento}`).send({ nombre: null }).expect(422);
    });

    it.each([
      ['limit=1001', 'limit'],
      ['limit=0', 'limit'],
      ['skip=-1', 'skip'],
      ['skip=9223372036854776000', 'skip'],
      ['near=4.6,-74.0', 'radius'],
      ['radius=500', 'near'],
      ['near=north&radius=5', 'near'],
      ['near=95,10&radius=5', 'near'],
      ['bbox=1,2,3', 'bbox'],
      ['bbox=10,10,0,0', 'bbox'],
      ['sort=password', 'sort'],
      ['f=xml', 'f'],
    ])('should refuse ?%s with a 422 naming %s', async (queryString, field) => {
      const response = await api.get(`${BASE}/?${queryString}`).expect(422);
      expect(response.body.detail.map((issue: { loc: string[] }) => issue.loc)).toContainEqual(['query', field]);
    });
  });

  describe('listing', () => {
    const tag = randomUUID().slice(0, 8);

    beforeAll(async () => {
      await create({ nombre: `Avenida ${tag} B`, longitud: -74.0817, latitud: 4.6097, ubicacion: 'Bogotá' });
      await create({ nombre: `Calle ${tag} A`, longitud: -74.083, latitud: 4.61, ubicacion: 'Medellín' });
      await create({ nombre: `Carrera ${tag} C`, longitud: -75.5636, latitud: 6.2518, ubicacion: 'Bogotá Norte' });
    });

    it('should put the newest first by default and count in X-Total-Count', async () => {
      const response = await api.get(`${BASE}/?q=${tag}`).expect(200);
      expect(response.body.map((s: { nombre: string }) => s.nombre)).toEqual([
        `Carrera ${tag} C`,
        `Calle ${tag} A`,
        `Avenida ${tag} B`,
      ]);
      expect(response.headers['x-total-count']).toBe('3');
    });

    it('should sort by the requested keys', async () => {
      const response = await api.get(`${BASE}/?q=${tag}&sort=-nombre`).expect(200);
      expect(response.body.map((s: { nombre: string }) => s.nombre)).toEqual([
        `Carrera ${tag} C`,
        `Calle ${tag} A`,
        `Avenida ${tag} B`,
      ]);
      const ascending = await api.get(`${BASE}/?q=${tag}&sort=nombre`).expect(200);
      expect(ascending.body[0].nombre).toBe(`Avenida ${tag} B`);
    });

    it('should find text ignoring case and accents, in nombre or ubicacion', async () => {
      const response = await api.get(`${BASE}/?q=${encodeURIComponent(`${tag}`)}`).expect(200);
      expect(response.body).toHaveLength(3);
      const bogota = await api.get(`${BASE}/?q=BOGOTA&limit=1000`).expect(200);
      const names = bogota.body.map((s: { nombre: string }) => s.nombre);
      expect(names).toEqual(expect.arrayContaining([`Avenida ${tag} B`, `Carrera ${tag} C`]));
      expect(names).not.toContain(`Calle ${tag} A`);
      const medellin = await api.get(`${BASE}/?q=${encodeURIComponent(`${tag} a`)}`).expect(200);
      expect(medellin.body.map((s: { nombre: string }) => s.nombre)).toEqual([`Calle ${tag} A`]);
    });

    it('should treat % and _ in q as plain characters', async () => {
      const own = randomUUID().slice(0, 8);
      await create({ nombre: `${own} 100%`, longitud: 0, latitud: 0 });
      await create({ nombre: `${own} 1000`, longitud: 0, latitud: 0 });
      const percent = await api
        .get(BASE)
        .query({ q: `${own} 100%` })
        .expect(200);
      expect(percent.body.map((s: { nombre: string }) => s.nombre)).toEqual([`${own} 100%`]);
      const underscore = await api
        .get(BASE)
        .query({ q: `${own} 10_0` })
        .expect(200);
      expect(underscore.body).toEqual([]);
    });

    it('should find segments near a point, nearest first, with distancia_m', async () => {
      const response = await api.get(`${BASE}/?q=${tag}&near=4.6097,-74.0817&radius=500`).expect(200);
      expect(response.body.map((s: { nombre: string }) => s.nombre)).toEqual([`Avenida ${tag} B`, `Calle ${tag} A`]);
      expect(response.body[0].distancia_m).toBe(0);
      expect(response.body[1].distancia_m).toBeGreaterThan(100);
      expect(response.body[1].distancia_m).toBeLessThan(200);
    });

    it('should filter by bounding box', async () => {
      const response = await api.get(`${BASE}/?q=${tag}&bbox=-76,6,-75,7`).expect(200);
      expect(response.body.map((s: { nombre: string }) => s.nombre)).toEqual([`Carrera ${tag} C`]);
    });

    it('should link the next and previous pages (RFC 8288)', async () => {
      const first = await api.get(`${BASE}/?q=${tag}&limit=1`).expect(200);
      expect(first.headers.link).toBe(`<${BASE}/?q=${tag}&limit=1&skip=1>; rel="next"`);
      const middle = await api.get(`${BASE}/?q=${tag}&limit=1&skip=1`).expect(200);
      expect(middle.headers.link).toBe(
        `<${BASE}/?q=${tag}&limit=1&skip=2>; rel="next", <${BASE}/?q=${tag}&limit=1&skip=0>; rel="prev"`,
      );
    });

    it('should answer GeoJSON for ?f=geojson and for Accept: application/geo+json', async () => {
      const collection = await api.get(`${BASE}/?q=${tag}&f=geojson`).expect(200);
      expect(collection.headers['content-type']).toMatch(/^application\/geo\+json/);
      expect(collection.body.type).toBe('FeatureCollection');
      expect(collection.body.features).toHaveLength(3);
      const [feature] = collection.body.features;
      expect(feature.geometry).toEqual({ type: 'Point', coordinates: [-75.5636, 6.2518] });
      const one = await api.get(`${BASE}/${feature.id}`).set('Accept', 'application/geo+json').expect(200);
      expect(one.body).toMatchObject({ type: 'Feature', id: feature.id, properties: { nombre: `Carrera ${tag} C` } });
    });

    it('should answer RFC 4180 CSV for ?f=csv', async () => {
      const response = await api.get(`${BASE}/?q=${tag}&f=csv&sort=nombre`).expect(200);
      expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
      const lines = response.text.split('\r\n');
      expect(lines[0]).toBe(
        'id_segmento,nombre,descripcion,longitud,latitud,ubicacion,created_at,updated_at,longitud_m,geometria',
      );
      expect(lines[1]).toMatch(new RegExp(`^\\d+,Avenida ${tag} B,,-74.0817,4.6097,Bogotá,`));
      expect(lines).toHaveLength(5);
    });
  });

  describe('concurrency control', () => {
    it('should send an ETag and refuse a stale If-Match with 412', async () => {
      const created = await create(sample());
      const id = created.body.id_segmento as number;
      const fetched = await api.get(`${BASE}/${id}`).expect(200);
      const etag = fetched.headers.etag;
      await api.patch(`${BASE}/${id}`).set('If-Match', etag).send({ descripcion: 'first' }).expect(200);
      const stale = await api.patch(`${BASE}/${id}`).set('If-Match', etag).send({ descripcion: 'second' }).expect(412);
      expect(stale.body.detail).toContain(`Segmento ${id}`);
      await api.delete(`${BASE}/${id}`).set('If-Match', etag).expect(412);
      const current = await api.get(`${BASE}/${id}`).expect(200);
      expect(current.body.descripcion).toBe('first');
      await api.delete(`${BASE}/${id}`).set('If-Match', current.headers.etag).expect(204);
    });

    it('should answer 304 to If-None-Match with the current ETag', async () => {
      const created = await create(sample());
      await api.get(`${BASE}/${created.body.id_segmento}`).set('If-None-Match', '"v1"').expect(304);
    });
  });

  describe('hostile text', () => {
    it.each([
      ["O'Brien", 'quote'],
      ["'; DROP TABLE segmentos; --", 'SQL'],
      ['<script>alert(1)</script>', 'HTML'],
      ['🚧 Vía en obras 🛣️👷‍♀️', 'emoji'],
      ['طريق الملك فهد', 'RTL'],
      ['\u202Egnirts desrever', 'bidi override'],
      ['x'.repeat(200), '200 chars'],
      ['❤️'.repeat(100), 'variation selectors at the limit'],
    ])('should store and return %p (%s) verbatim', async (text) => {
      const body = {
        nombre: text,
        descripcion: `${text}\n${'d'.repeat(1700)}`,
        ubicacion: text,
        longitud: 1,
        latitud: 2,
      };
      const created = await create(body);
      const fetched = await api.get(`${BASE}/${created.body.id_segmento}`).expect(200);
      expect(fetched.body).toMatchObject(body);
      expect(fetched.headers['content-type']).toMatch(/^application\/json/);
    });

    it('should refuse text PostgreSQL could not store verbatim', async () => {
      await api
        .post(`${BASE}/`)
        .send({ ...sample(), nombre: 'a\u0000b' })
        .expect(422);
      await api
        .post(`${BASE}/`)
        .send({ ...sample(), nombre: 'x'.repeat(201) })
        .expect(422);
      await api
        .post(`${BASE}/`)
        .send({ ...sample(), nombre: '😀'.repeat(201) })
        .expect(422);
    });

    it('should leave the table intact after SQL in every parameter', async () => {
      await api.get(`${BASE}/?q=${encodeURIComponent("'; DROP TABLE segmentos; --")}`).expect(200);
      await api.get(`${BASE}/?sort=${encodeURIComponent('nombre; DROP TABLE segmentos')}`).expect(422);
      await api.get(`${BASE}/1%3B%20DROP%20TABLE%20segmentos`).expect(422);
      await api.get(`${BASE}/`).expect(200);
    });
  });
});
