import { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { agentFor, signIn, type TestUser } from './support/auth';
import { startTestApp } from './support/test-app';

const SEGMENTOS = '/api/v1/segmentos';
const SURVEY = { fecha: '2026-03-01', iri_m_km: 3.1, superficie: 'asfalto', metodo: 'smartphone' };

describe('Condition surveys (inspecciones)', () => {
  let app: NestExpressApplication;
  let editor: TestUser;
  let viewer: TestUser;
  const surveysOf = (id: number) => `${SEGMENTOS}/${id}/inspecciones`;
  const newSegment = async (nombre = 'Avenida Boyacá') =>
    (await agentFor(app, editor).post(`${SEGMENTOS}/`).send({ nombre, longitud: -74.1, latitud: 4.6 }).expect(201)).body
      .id_segmento as number;
  const surveyCount = async (id: number) =>
    Number(
      (await app.get(DataSource).query('SELECT count(*)::int AS n FROM inspecciones WHERE id_segmento = $1', [id]))[0]
        .n,
    );

  beforeAll(async () => {
    app = await startTestApp();
    editor = await signIn(app, 'editor');
    viewer = await signIn(app, 'viewer');
  });

  afterAll(async () => {
    await app.close();
  });

  it('should record a survey with its band, author and time, and show it as the segment condition', async () => {
    const id = await newSegment();
    const before = await agentFor(app, viewer).get(`${SEGMENTOS}/${id}`).expect(200);
    expect(before.body.condicion).toBeNull();
    const created = await agentFor(app, editor)
      .post(surveysOf(id))
      .send({ ...SURVEY, observaciones: "Fisuras; O'Brien <b>" })
      .expect(201);
    expect(created.body).toEqual({
      id_inspeccion: expect.any(Number),
      id_segmento: id,
      fecha: '2026-03-01',
      iri_m_km: 3.1,
      pci: null,
      banda: 'regular',
      superficie: 'asfalto',
      metodo: 'smartphone',
      observaciones: "Fisuras; O'Brien <b>",
      perfil: null,
      creado_por: editor.id,
      created_at: expect.stringMatching(/Z$/),
    });
    const after = await agentFor(app, viewer).get(`${SEGMENTOS}/${id}`).expect(200);
    expect(after.body.condicion).toEqual({
      id_inspeccion: created.body.id_inspeccion,
      fecha: '2026-03-01',
      iri_m_km: 3.1,
      pci: null,
      banda: 'regular',
    });
    expect(after.headers.etag).not.toBe(before.headers.etag);
    const listed = await agentFor(app, viewer).get(`${SEGMENTOS}/`).query({ q: 'Boyacá', limit: 1000 }).expect(200);
    expect(listed.body.find((s: { id_segmento: number }) => s.id_segmento === id).condicion.banda).toBe('regular');
    const feature = await agentFor(app, viewer).get(`${SEGMENTOS}/${id}?f=geojson`).expect(200);
    expect(feature.body.properties.condicion.banda).toBe('regular');
  });

  it('should take the condition from the latest survey by date, whatever the order of entry', async () => {
    const id = await newSegment();
    await agentFor(app, editor)
      .post(surveysOf(id))
      .send({ ...SURVEY, fecha: '2026-05-01', iri_m_km: 1.2 })
      .expect(201);
    await agentFor(app, editor)
      .post(surveysOf(id))
      .send({ ...SURVEY, fecha: '2025-05-01', iri_m_km: 7 })
      .expect(201);
    const segment = await agentFor(app, viewer).get(`${SEGMENTOS}/${id}`).expect(200);
    expect(segment.body.condicion).toMatchObject({ fecha: '2026-05-01', banda: 'bueno' });
  });

  it('should band a PCI-only survey by the PCI thresholds', async () => {
    const id = await newSegment();
    const created = await agentFor(app, editor)
      .post(surveysOf(id))
      .send({ fecha: '2026-02-02', pci: 45, metodo: 'visual' })
      .expect(201);
    expect(created.body).toMatchObject({ iri_m_km: null, pci: 45, banda: 'malo', superficie: null });
  });

  it('should list surveys newest first with X-Total-Count and pagination', async () => {
    const id = await newSegment();
    for (const fecha of ['2026-01-10', '2026-03-10', '2026-02-10']) {
      await agentFor(app, editor)
        .post(surveysOf(id))
        .send({ ...SURVEY, fecha })
        .expect(201);
    }
    const page = await agentFor(app, viewer).get(surveysOf(id)).query({ limit: 2 }).expect(200);
    expect(page.headers['x-total-count']).toBe('3');
    expect(page.headers.link).toContain('rel="next"');
    expect(page.body.map((s: { fecha: string }) => s.fecha)).toEqual(['2026-03-10', '2026-02-10']);
    await agentFor(app, viewer).get(surveysOf(999_999)).expect(404);
    await agentFor(app, viewer).get(surveysOf(id)).query({ limit: 0 }).expect(422);
  });

  it('should delete a survey (the condition falls back) and refuse surveys of another segment', async () => {
    const id = await newSegment();
    const other = await newSegment();
    const older = await agentFor(app, editor)
      .post(surveysOf(id))
      .send({ ...SURVEY, fecha: '2026-01-01', iri_m_km: 8 })
      .expect(201);
    const newer = await agentFor(app, editor)
      .post(surveysOf(id))
      .send({ ...SURVEY, fecha: '2026-02-01', iri_m_km: 1 })
      .expect(201);
    await agentFor(app, editor)
      .delete(`${surveysOf(other)}/${newer.body.id_inspeccion}`)
      .expect(404);
    await agentFor(app, viewer)
      .delete(`${surveysOf(id)}/${newer.body.id_inspeccion}`)
      .expect(403);
    const etag = (await agentFor(app, viewer).get(`${SEGMENTOS}/${other}`)).headers.etag;
    await agentFor(app, editor)
      .delete(`${surveysOf(id)}/${newer.body.id_inspeccion}`)
      .expect(204);
    const segment = await agentFor(app, viewer).get(`${SEGMENTOS}/${id}`).expect(200);
    expect(segment.body.condicion).toMatchObject({ id_inspeccion: older.body.id_inspeccion, banda: 'muy_malo' });
    await agentFor(app, editor)
      .delete(`${surveysOf(id)}/${newer.body.id_inspeccion}`)
      .expect(404);
    // The refused delete on the other segment changed nothing there, not even its ETag.
    expect((await agentFor(app, viewer).get(`${SEGMENTOS}/${other}`)).headers.etag).toBe(etag);
  });

  it('should delete a segment together with its surveys', async () => {
    const id = await newSegment();
    await agentFor(app, editor).post(surveysOf(id)).send(SURVEY).expect(201);
    expect(await surveyCount(id)).toBe(1);
    await agentFor(app, editor).delete(`${SEGMENTOS}/${id}`).expect(204);
    expect(await surveyCount(id)).toBe(0);
    await agentFor(app, editor).post(surveysOf(id)).send(SURVEY).expect(404);
  });

  it('should let only editors and admins record surveys', async () => {
    const id = await newSegment();
    await agentFor(app, viewer).post(surveysOf(id)).send(SURVEY).expect(403);
    await request(app.getHttpServer()).post(surveysOf(id)).send(SURVEY).expect(401);
    await request(app.getHttpServer()).get(surveysOf(id)).expect(401);
    expect(await surveyCount(id)).toBe(0);
  });

  describe('segment list by condition', () => {
    const tag = `cond-${Date.now()}`;
    const ids: Record<string, number> = {};
    const names = async (query: Record<string, string | number | boolean>): Promise<string[]> => {
      const response = await agentFor(app, viewer)
        .get(`${SEGMENTOS}/`)
        .query({ q: tag, limit: 1000, ...query })
        .expect(200);
      if (query.limit === undefined) expect(response.headers['x-total-count']).toBe(String(response.body.length));
      const segments = response.body as { nombre: string }[];
      return segments.map((segment) => segment.nombre.replace(`${tag} `, ''));
    };

    beforeAll(async () => {
      const surveys: Record<string, object | undefined> = {
        liso: { iri_m_km: 1 },
        medio: { iri_m_km: 3 },
        roto: { iri_m_km: 5 },
        visual: { pci: 45 },
        nuevo: undefined,
      };
      for (const [name, survey] of Object.entries(surveys)) {
        ids[name] = await newSegment(`${tag} ${name}`);
        if (survey) {
          await agentFor(app, editor)
            .post(surveysOf(ids[name]))
            .send({ fecha: '2026-04-01', metodo: 'otro', ...survey })
            .expect(201);
        }
      }
    });

    it('should filter by band (by IRI, else PCI), IRI range and survey presence', async () => {
      expect((await names({ banda: 'malo', sort: 'nombre' })).sort()).toEqual(['roto', 'visual']);
      expect((await names({ banda: 'bueno,regular', sort: 'nombre' })).sort()).toEqual(['liso', 'medio']);
      expect((await names({ iri_min: 2, iri_max: 5, sort: 'nombre' })).sort()).toEqual(['medio', 'roto']);
      expect(await names({ sin_inspeccion: true })).toEqual(['nuevo']);
      expect(await names({ sin_inspeccion: false })).toHaveLength(4);
      expect(await names({ banda: 'malo', bbox: '-75,4,-73,5' })).toHaveLength(2);
      expect(await names({ banda: 'malo', near: '4.6,-74.1', radius: 1000 })).toHaveLength(2);
    });

    it('should sort by IRI both ways, segments without an IRI last', async () => {
      expect(await names({ sort: '-iri' })).toEqual(['roto', 'medio', 'liso', 'nuevo', 'visual']);
      expect((await names({ sort: 'iri' })).slice(0, 3)).toEqual(['liso', 'medio', 'roto']);
      const firstPage = await names({ sort: '-iri', limit: 2 });
      expect(firstPage).toEqual(['roto', 'medio']);
    });

    it.each([
      ['an unknown band', { banda: 'excelente' }, 'banda'],
      ['a badly written band', { banda: 'Malo' }, 'banda'],
      ['a repeated band', { banda: 'malo,malo' }, 'banda'],
      ['a non-numeric iri_min', { iri_min: 'abc' }, 'iri_min'],
      ['iri_max over 30', { iri_max: 31 }, 'iri_max'],
      ['sin_inspeccion=yes', { sin_inspeccion: 'yes' }, 'sin_inspeccion'],
    ])('should refuse %s with a 422 naming the parameter', async (_name, query, field) => {
      const response = await agentFor(app, viewer).get(`${SEGMENTOS}/`).query(query).expect(422);
      expect(response.body.detail[0].loc).toEqual(['query', field]);
    });
  });

  const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
  it.each([
    ['a future date', { ...SURVEY, fecha: tomorrow }, 'fecha'],
    ['an impossible date', { ...SURVEY, fecha: '2026-02-30' }, 'fecha'],
    ['a date with a time', { ...SURVEY, fecha: '2026-02-03T10:00:00Z' }, 'fecha'],
    ['no date', { iri_m_km: 2, metodo: 'visual' }, 'fecha'],
    ['IRI over 30', { ...SURVEY, iri_m_km: 30.5 }, 'iri_m_km'],
    ['negative IRI', { ...SURVEY, iri_m_km: -0.1 }, 'iri_m_km'],
    ['IRI as text', { ...SURVEY, iri_m_km: '3' }, 'iri_m_km'],
    ['neither IRI nor PCI', { fecha: '2026-01-01', metodo: 'visual' }, 'iri_m_km'],
    ['PCI over 100', { ...SURVEY, pci: 101 }, 'pci'],
    ['an unknown surface', { ...SURVEY, superficie: 'adoquin' }, 'superficie'],
    ['an unknown method', { ...SURVEY, metodo: 'drone' }, 'metodo'],
    ['no method', { fecha: '2026-01-01', iri_m_km: 2 }, 'metodo'],
    ['long notes', { ...SURVEY, observaciones: 'x'.repeat(2001) }, 'observaciones'],
    ['an unknown field', { ...SURVEY, banda: 'bueno' }, 'banda'],
  ])('should refuse %s with a 422 naming the field, and store nothing', async (_name, body, field) => {
    const id = await newSegment();
    const response = await agentFor(app, editor).post(surveysOf(id)).send(body).expect(422);
    expect(response.body.detail.map((issue: { loc: string[] }) => issue.loc)).toContainEqual(['body', field]);
    expect(await surveyCount(id)).toBe(0);
  });
});
