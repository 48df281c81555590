import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { agentFor, signIn, type TestUser } from './support/auth';
import { parsePrometheusText, sampleSum } from './support/prometheus-text';
import { startTestApp } from './support/test-app';

const SEGMENTOS = '/api/v1/segmentos';
const FIXTURE = readFileSync(join(process.cwd(), 'test', 'fixtures', 'perfil-ejemplo.csv'), 'utf8');

/** A profile CSV: `rows` lines of `distancia_m,elevacion_mm` at `spacing`, elevations from `mm(x)`. */
function csv(rows: number, spacing: number, mm: (x: number) => number = (x) => 2 * Math.sin(x)): string {
  const lines = Array.from({ length: rows }, (_, i) => `${(i * spacing).toFixed(4)},${mm(i * spacing).toFixed(3)}`);
  return ['distancia_m,elevacion_mm', ...lines].join('\n') + '\n';
}

describe('IRI from a longitudinal profile (POST /segmentos/{id}/inspecciones/perfil)', () => {
  let app: NestExpressApplication;
  let editor: TestUser;
  const surveyCount = async (id: number) =>
    Number(
      (await app.get(DataSource).query('SELECT count(*)::int AS n FROM inspecciones WHERE id_segmento = $1', [id]))[0]
        .n,
    );
  const newSegment = async () =>
    (
      await agentFor(app, editor)
        .post(`${SEGMENTOS}/`)
        .send({ nombre: 'Perfil', longitud: -74.06, latitud: 4.64 })
        .expect(201)
    ).body.id_segmento as number;
  const upload = (id: number, body: string, query: Record<string, string | number> = { fecha: '2026-06-01' }) =>
    agentFor(app, editor)
      .post(`${SEGMENTOS}/${id}/inspecciones/perfil`)
      .query(query)
      .set('Content-Type', 'text/csv')
      .send(body);

  beforeAll(async () => {
    app = await startTestApp({ PROFILE_MAX_BODY_SIZE: String(256 * 1024) });
    editor = await signIn(app, 'editor');
  });

  afterAll(async () => {
    await app.close();
  });

  it('should compute the IRI of both wheel paths and of each section, and store the survey', async () => {
    const id = await newSegment();
    const response = await upload(id, FIXTURE, { fecha: '2026-06-01', intervalo_m: 100, superficie: 'asfalto' }).expect(
      201,
    );
    expect(response.body).toMatchObject({
      id_segmento: id,
      metodo: 'perfilometro',
      superficie: 'asfalto',
      fecha: '2026-06-01',
      muestras: 1601,
      espaciado_m: 0.25,
      banda: 'regular',
    });
    // Values of the engine (libs/iri) on the fixture; a regression in reading or averaging moves them.
    expect(response.body.iri_por_huella.izquierda).toBeCloseTo(2.381, 3);
    expect(response.body.iri_por_huella.derecha).toBeCloseTo(2.325, 3);
    expect(response.body.iri_m_km).toBeCloseTo(2.353, 3);
    expect(response.body.tramos.map((t: { desde_m: number; hasta_m: number }) => [t.desde_m, t.hasta_m])).toEqual([
      [0, 100],
      [100, 200],
      [200, 300],
      [300, 400],
    ]);
    const [first, , third] = response.body.tramos as { iri_m_km: number }[];
    expect(first.iri_m_km).toBeLessThan(2); // the smooth first half
    expect(third.iri_m_km).toBeGreaterThan(3); // the rough second half
    const segment = await agentFor(app, editor).get(`${SEGMENTOS}/${id}`).expect(200);
    expect(segment.body.condicion).toMatchObject({ id_inspeccion: response.body.id_inspeccion, banda: 'regular' });
    const listed = await agentFor(app, editor).get(`${SEGMENTOS}/${id}/inspecciones`).expect(200);
    expect(listed.body[0].perfil.tramos).toHaveLength(4);
    const metrics = parsePrometheusText((await request(app.getHttpServer()).get('/metrics').expect(200)).text);
    expect(sampleSum(metrics, 'recway_surveys_recorded_total', { metodo: 'perfilometro' })).toBeGreaterThanOrEqual(1);
    expect(sampleSum(metrics, 'recway_profile_iri_duration_seconds_count')).toBeGreaterThanOrEqual(1);
  });

  it('should take one wheel path, and a flat road is 0', async () => {
    const id = await newSegment();
    const response = await upload(
      id,
      csv(101, 0.25, () => 120),
    ).expect(201);
    expect(response.body.iri_por_huella).toEqual({ unica: 0 });
    expect(response.body).toMatchObject({ iri_m_km: 0, banda: 'bueno', muestras: 101 });
  });

  it.each([
    ['fewer than 11 m', csv(40, 0.25), ['body', 'line', 41], 'at least 11 m'],
    [
      'uneven spacing',
      csv(100, 0.25).replace('\n5.0000,', '\n5.0100,'),
      ['body', 'line', 22, 'distancia_m'],
      'more than 1 %',
    ],
    ['spacing over 0.30 m', csv(60, 0.5), ['body', 'line', 3, 'distancia_m'], 'outside 0.01–0.3 m'],
    ['spacing under 0.01 m', csv(2300, 0.005), ['body', 'line', 3, 'distancia_m'], 'outside 0.01–0.3 m'],
    [
      'a non-numeric elevation',
      csv(60, 0.25).replace('\n1.0000,', '\n1.0000,abc'),
      ['body', 'line', 6, 'elevacion_mm'],
      'not a number',
    ],
    [
      'a missing value',
      csv(60, 0.25).replace(/\n1\.0000,[^\n]*/, '\n1.0000,'),
      ['body', 'line', 6, 'elevacion_mm'],
      'missing',
    ],
    [
      'a distance going back',
      csv(60, 0.25).replace('\n1.0000,', '\n0.5000,'),
      ['body', 'line', 6, 'distancia_m'],
      'must increase',
    ],
    ['an extra column', csv(60, 0.25).replace('\n1.0000,', '\n1.0000,1,'), ['body', 'line', 6], 'has 3 values'],
    ['an unknown header', 'x,y\n0,1\n', ['body', 'line', 1], 'header'],
    ['an empty body', '', ['body'], 'empty'],
    ['elevations in metres ×1000 (IRI over 30)', csv(100, 0.25, (x) => 500 * Math.sin(x)), ['body'], 'over 30'],
  ])('should refuse %s with a 422 naming where, and store nothing', async (_name, body, loc, message) => {
    const id = await newSegment();
    const response = await upload(id, body).expect(422);
    expect(response.body.detail[0].loc).toEqual(loc);
    expect(response.body.detail[0].msg).toContain(message);
    expect(await surveyCount(id)).toBe(0);
  });

  it('should refuse bad parameters, other media types, large bodies, unknown segments and viewers', async () => {
    const id = await newSegment();
    const body = csv(100, 0.25);
    const noDate = await upload(id, body, {}).expect(422);
    expect(noDate.body.detail[0].loc).toEqual(['query', 'fecha']);
    await upload(id, body, { fecha: '2999-01-01' }).expect(422);
    const interval = await upload(id, body, { fecha: '2026-01-01', intervalo_m: 5 }).expect(422);
    expect(interval.body.detail[0].loc).toEqual(['query', 'intervalo_m']);
    await agentFor(app, editor)
      .post(`${SEGMENTOS}/${id}/inspecciones/perfil?fecha=2026-01-01`)
      .send({ distancia_m: [0, 1] })
      .expect(415);
    const large = await upload(id, csv(20_000, 0.25)).expect(413);
    expect(large.body.detail).toContain('PROFILE_MAX_BODY_SIZE');
    await upload(999_999, body).expect(404);
    const viewer = await signIn(app, 'viewer');
    await agentFor(app, viewer)
      .post(`${SEGMENTOS}/${id}/inspecciones/perfil?fecha=2026-01-01`)
      .set('Content-Type', 'text/csv')
      .send(body)
      .expect(403);
    expect(await surveyCount(id)).toBe(0);
  });
});
