import { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { agentFor, signIn, type TestUser } from './support/auth';
import { startTestApp } from './support/test-app';

const API = '/api/v1';
// An area no other suite writes to: the figures below are exact.
const BBOX = '100,-50,101,-49';
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

interface Segment {
  id_segmento: number;
  nombre: string;
  longitud_m: number | null;
}

describe('Network KPIs (/red/resumen, /red/prioridades)', () => {
  let app: NestExpressApplication;
  let editor: TestUser;
  const segments: Record<string, Segment> = {};
  const api = () => agentFor(app, editor);
  const km = (...names: string[]) => names.reduce((sum, name) => sum + (segments[name].longitud_m ?? 0), 0) / 1000;

  beforeAll(async () => {
    app = await startTestApp();
    editor = await signIn(app, 'editor');
    const lineAt = (lon: number, length: number) => ({
      type: 'LineString',
      coordinates: [
        [lon, -49.5],
        [lon + length, -49.5],
      ],
    });
    const plan: [string, object, object | undefined][] = [
      ['liso', { geometria: lineAt(100.1, 0.01) }, { iri_m_km: 1.5, fecha: daysAgo(30) }],
      ['roto', { geometria: lineAt(100.2, 0.02) }, { iri_m_km: 5, fecha: daysAgo(20) }],
      ['destruido', { geometria: lineAt(100.3, 0.005) }, { iri_m_km: 7, fecha: daysAgo(10) }],
      ['punto', { longitud: 100.4, latitud: -49.5 }, { pci: 45, fecha: daysAgo(5) }],
      ['nuevo', { geometria: lineAt(100.5, 0.03) }, undefined],
      ['viejo', { geometria: lineAt(100.6, 0.01) }, { iri_m_km: 9, fecha: '2020-05-05' }],
    ];
    for (const [nombre, place, survey] of plan) {
      const created = await api()
        .post(`${API}/segmentos/`)
        .send({ nombre: `red ${nombre}`, ...place })
        .expect(201);
      segments[nombre] = created.body as Segment;
      if (survey) {
        await api()
          .post(`${API}/segmentos/${created.body.id_segmento}/inspecciones`)
          .send({ metodo: 'otro', ...survey })
          .expect(201);
      }
    }
  });

  afterAll(async () => {
    await app.close();
  });

  it('should sum segments, km, shares and length-weighted IRI per band', async () => {
    const { body } = await api().get(`${API}/red/resumen`).query({ bbox: BBOX }).expect(200);
    const total = km('liso', 'roto', 'destruido', 'nuevo', 'viejo');
    expect(body.total).toEqual({
      segmentos: 6,
      km: expect.closeTo(total, 3),
      iri_medio_m_km: expect.closeTo(
        (1.5 * km('liso') + 5 * km('roto') + 7 * km('destruido') + 9 * km('viejo')) /
          km('liso', 'roto', 'destruido', 'viejo'),
        3,
      ),
    });
    expect(body.bandas).toEqual([
      {
        banda: 'bueno',
        segmentos: 1,
        km: expect.closeTo(km('liso'), 3),
        porcentaje_km: expect.closeTo((km('liso') / total) * 100, 1),
        iri_medio_m_km: 1.5,
      },
      { banda: 'regular', segmentos: 0, km: 0, porcentaje_km: 0, iri_medio_m_km: null },
      // The PCI-only point counts as a segment with 0 km and no IRI.
      {
        banda: 'malo',
        segmentos: 2,
        km: expect.closeTo(km('roto'), 3),
        porcentaje_km: expect.any(Number),
        iri_medio_m_km: 5,
      },
      {
        banda: 'muy_malo',
        segmentos: 2,
        km: expect.closeTo(km('destruido', 'viejo'), 3),
        porcentaje_km: expect.any(Number),
        iri_medio_m_km: expect.closeTo((7 * km('destruido') + 9 * km('viejo')) / km('destruido', 'viejo'), 3),
      },
    ]);
    expect(body.sin_inspeccion).toMatchObject({ segmentos: 1, km: expect.closeTo(km('nuevo'), 3) });
    expect(body.inspecciones_ultimos_12_meses).toBe(4);
  });

  it('should count only surveys from fecha_desde on: older conditions become unsurveyed', async () => {
    const { body } = await api().get(`${API}/red/resumen`).query({ bbox: BBOX, fecha_desde: '2025-01-01' }).expect(200);
    expect(body.bandas.find((band: { banda: string }) => band.banda === 'muy_malo').segmentos).toBe(1);
    expect(body.sin_inspeccion.segmentos).toBe(2);
    expect(body.total.segmentos).toBe(6);
  });

  it('should give exactly what the segment list gives for the same filters', async () => {
    for (const fecha_desde of [undefined, '2025-01-01']) {
      const summary = (await api().get(`${API}/red/resumen`).query({ bbox: BBOX, fecha_desde }).expect(200)).body;
      const groups = [
        ...summary.bandas.map((band: { banda: string; segmentos: number; km: number }) => ({
          query: { banda: band.banda },
          ...band,
        })),
        { query: { sin_inspeccion: true }, ...summary.sin_inspeccion },
      ];
      for (const { query, segmentos, km: expectedKm } of groups) {
        const list = await api()
          .get(`${API}/segmentos/`)
          .query({ bbox: BBOX, fecha_desde, limit: 1000, ...query })
          .expect(200);
        expect({ query, total: Number(list.headers['x-total-count']) }).toEqual({ query, total: segmentos });
        const listKm = (list.body as Segment[]).reduce((sum, s) => sum + (s.longitud_m ?? 0), 0) / 1000;
        expect(listKm).toBeCloseTo(expectedKm, 2);
      }
    }
  });

  it('should sum up only what the list keeps with its text and condition filters', async () => {
    const filters = [{ q: 'red ro' }, { banda: 'malo,muy_malo' }, { iri_min: 3, iri_max: 8 }, { sin_inspeccion: true }];
    for (const filter of filters) {
      const summary = (
        await api()
          .get(`${API}/red/resumen`)
          .query({ bbox: BBOX, ...filter })
          .expect(200)
      ).body;
      const list = await api()
        .get(`${API}/segmentos/`)
        .query({ bbox: BBOX, limit: 1000, ...filter })
        .expect(200);
      const km = (list.body as Segment[]).reduce((sum, s) => sum + (s.longitud_m ?? 0), 0) / 1000;
      expect({ filter, total: summary.total.segmentos }).toEqual({
        filter,
        total: Number(list.headers['x-total-count']),
      });
      expect(summary.total.km).toBeCloseTo(km, 2);
    }
    const none = await api().get(`${API}/red/resumen`).query({ bbox: BBOX, q: 'no such road' }).expect(200);
    expect(none.body.total).toMatchObject({ segmentos: 0, km: 0 });
    expect(none.body.inspecciones_ultimos_12_meses).toBe(0);
  });

  it('should show condicion from fecha_desde on in a plain list too', async () => {
    const list = await api()
      .get(`${API}/segmentos/`)
      .query({ bbox: BBOX, fecha_desde: '2025-01-01', q: 'red viejo' })
      .expect(200);
    expect(list.body.map((s: Segment & { condicion: unknown }) => s.condicion)).toEqual([null]);
    const all = await api().get(`${API}/segmentos/`).query({ bbox: BBOX, q: 'red viejo' }).expect(200);
    expect(all.body[0].condicion).toMatchObject({ iri_m_km: 9, fecha: '2020-05-05' });
  });

  it('should list surveyed segments worst first: band, then IRI, then length', async () => {
    const response = await api().get(`${API}/red/prioridades`).query({ bbox: BBOX }).expect(200);
    expect(response.headers['x-total-count']).toBe('5');
    expect(response.body.map((s: Segment) => s.nombre)).toEqual([
      'red viejo',
      'red destruido',
      'red roto',
      'red punto',
      'red liso',
    ]);
    expect(response.body[0].condicion).toMatchObject({ banda: 'muy_malo', iri_m_km: 9 });
    const page = await api().get(`${API}/red/prioridades`).query({ bbox: BBOX, limit: 2, skip: 2 }).expect(200);
    expect(page.body.map((s: Segment) => s.nombre)).toEqual(['red roto', 'red punto']);
    const malo = await api().get(`${API}/red/prioridades`).query({ bbox: BBOX, banda: 'malo' }).expect(200);
    expect(malo.body.map((s: Segment) => s.nombre)).toEqual(['red roto', 'red punto']);
  });

  it('should show a write in the very next summary (it is cached until one)', async () => {
    const before = (await api().get(`${API}/red/resumen`).query({ bbox: BBOX }).expect(200)).body;
    const created = await api()
      .post(`${API}/segmentos/`)
      .send({ nombre: 'red nuevo', longitud: 100.9, latitud: -49.9 })
      .expect(201);
    const after = (await api().get(`${API}/red/resumen`).query({ bbox: BBOX }).expect(200)).body;
    expect(after.total.segmentos).toBe(before.total.segmentos + 1);
    await api().delete(`${API}/segmentos/${created.body.id_segmento}`).expect(204);
    const again = (await api().get(`${API}/red/resumen`).query({ bbox: BBOX }).expect(200)).body;
    expect(again.total.segmentos).toBe(before.total.segmentos);
  });

  it('should refuse bad parameters with 422 and anonymous callers with 401', async () => {
    const badBox = await api().get(`${API}/red/resumen`).query({ bbox: '1,2,3' }).expect(422);
    expect(badBox.body.detail[0].loc).toEqual(['query', 'bbox']);
    const badDate = await api().get(`${API}/red/resumen`).query({ fecha_desde: '2026-13-01' }).expect(422);
    expect(badDate.body.detail[0].loc).toEqual(['query', 'fecha_desde']);
    const badBand = await api().get(`${API}/red/prioridades`).query({ banda: 'excelente' }).expect(422);
    expect(badBand.body.detail[0].loc).toEqual(['query', 'banda']);
    const badSummaryBand = await api().get(`${API}/red/resumen`).query({ banda: 'excelente' }).expect(422);
    expect(badSummaryBand.body.detail[0].loc).toEqual(['query', 'banda']);
    const badIri = await api().get(`${API}/red/resumen`).query({ iri_min: 'mucho' }).expect(422);
    expect(badIri.body.detail[0].loc).toEqual(['query', 'iri_min']);
    const sorted = await api().get(`${API}/red/prioridades`).query({ sort: 'nombre' }).expect(422);
    expect(sorted.body.detail[0]).toMatchObject({ loc: ['query', 'sort'], type: 'extra_forbidden' });
    await request(app.getHttpServer()).get(`${API}/red/resumen`).expect(401);
    await request(app.getHttpServer()).get(`${API}/red/prioridades`).expect(401);
  });
});
