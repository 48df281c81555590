import { NestExpressApplication } from '@nestjs/platform-express';
import fc from 'fast-check';
import request from 'supertest';
import { agentFor, signIn } from './support/auth';
import { startTestApp } from './support/test-app';

const BASE = '/api/v1/segmentos';

/** Property-based: whatever a client sends, the answer is never a 5xx, and valid text comes back verbatim. */
describe('Segmentos API under arbitrary input', () => {
  let app: NestExpressApplication;
  let api: ReturnType<typeof request.agent>;
  let existingId: number;

  beforeAll(async () => {
    app = await startTestApp();
    api = agentFor(app, await signIn(app, 'editor'));
    const created = await api.post(BASE).send({ nombre: 'fuzz target', longitud: 0, latitud: 0 });
    existingId = created.body.id_segmento as number;
  });

  afterAll(async () => {
    await app.close();
  });

  const anyText = fc.string({ unit: 'binary', maxLength: 260 });
  const anyValue = fc.oneof(
    anyText,
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.integer()),
  );
  const segmentLike = fc.record(
    {
      nombre: fc.oneof(anyText, anyValue),
      descripcion: fc.oneof(fc.string({ unit: 'binary', maxLength: 2100 }), anyValue),
      longitud: fc.oneof(fc.double(), anyValue),
      latitud: fc.oneof(fc.double(), anyValue),
      ubicacion: fc.oneof(anyText, anyValue),
      unknown_field: anyValue,
    },
    { requiredKeys: [] },
  );

  it('should never answer 5xx to a create', async () => {
    await fc.assert(
      fc.asyncProperty(segmentLike, async (body) => {
        const response = await api.post(BASE).send(body);
        expect(response.status).toBeLessThan(500);
      }),
      { numRuns: 150 },
    );
  });

  it('should never answer 5xx to an update', async () => {
    await fc.assert(
      fc.asyncProperty(segmentLike, anyText, async (body, ifMatch) => {
        const response = await api
          .patch(`${BASE}/${existingId}`)
          .set('If-Match', ifMatch.replace(/[^\x20-\x7e]/g, ''))
          .send(body);
        expect(response.status).toBeLessThan(500);
      }),
      { numRuns: 100 },
    );
  });

  it('should never answer 5xx to any list query or path id', async () => {
    const params = fc.dictionary(
      fc.constantFrom('skip', 'limit', 'sort', 'q', 'near', 'radius', 'bbox', 'f', 'other'),
      fc.oneof(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.double().map(String), fc.integer().map(String)),
    );
    await fc.assert(
      fc.asyncProperty(params, fc.string({ unit: 'grapheme', maxLength: 30 }), async (query, id) => {
        const list = await api.get(BASE).query(query);
        expect(list.status).toBeLessThan(500);
        const one = await api.get(`${BASE}/${encodeURIComponent(id)}`);
        expect(one.status).toBeLessThan(500);
      }),
      { numRuns: 150 },
    );
  });

  it('should return any storable text exactly as it was sent', async () => {
    const storable = fc
      .string({ unit: 'grapheme', minLength: 1, maxLength: 150 })
      .filter((text) => /\S/u.test(text) && !text.includes('\u0000'));
    await fc.assert(
      fc.asyncProperty(storable, storable, async (nombre, ubicacion) => {
        const created = await api.post(BASE).send({ nombre, ubicacion, longitud: 1.5, latitud: -2.25 });
        expect(created.status).toBe(201);
        const fetched = await api.get(`${BASE}/${created.body.id_segmento}`).expect(200);
        expect(fetched.body).toMatchObject({ nombre, ubicacion, longitud: 1.5, latitud: -2.25 });
      }),
      { numRuns: 60 },
    );
  });
});
