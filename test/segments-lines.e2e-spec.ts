import { randomUUID } from 'node:crypto';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { agentFor, signIn, type TestUser } from './support/auth';
import { startTestApp } from './support/test-app';

const SEGMENTOS = '/api/v1/segmentos';
type Position = [number, number];
const line = (...coordinates: Position[]) => ({ type: 'LineString', coordinates });
/** Along the parallel 4.6° N: 0.01° of longitude. */
const CALLE = line([-74.08, 4.6], [-74.07, 4.6]);

describe('Segments as lines (geometria, longitud_m)', () => {
  let app: NestExpressApplication;
  let editor: TestUser;
  const api = () => agentFor(app, editor);
  const create = (body: object) => api().post(`${SEGMENTOS}/`).send(body);

  beforeAll(async () => {
    app = await startTestApp();
    editor = await signIn(app, 'editor');
  });

  afterAll(async () => {
    await app.close();
  });

  it('should store a line, measure it geodesically in the database, and put the point halfway along it', async () => {
    const created = await create({ nombre: 'Calle 13', geometria: CALLE }).expect(201);
    expect(created.body).toMatchObject({ geometria: CALLE, longitud: -74.075, latitud: 4.6 });
    // What PostGIS says on the spheroid, independently of the API's own rounding.
    const [{ metres }] = await app
      .get(DataSource)
      .query<{ metres: number }[]>(
        `SELECT ST_Length(ST_GeomFromText('LINESTRING(-74.08 4.6, -74.07 4.6)', 4326)::geography) AS metres`,
      );
    expect(created.body.longitud_m).toBeCloseTo(metres, 1);
    expect(created.body.longitud_m).toBeGreaterThan(1100);
    expect(created.body.longitud_m).toBeLessThan(1115);
    const read = await api().get(`${SEGMENTOS}/${created.body.id_segmento}`).expect(200);
    expect(read.body).toEqual(created.body);
  });

  it('should find the midpoint by length, not by vertex count', async () => {
    // Three short vertices then one long stretch: halfway lies inside the long stretch.
    const bent = line([0, 0], [0, 0.001], [0, 0.002], [0, 1]);
    const created = await create({ nombre: 'Bent', geometria: bent }).expect(201);
    expect(created.body.longitud).toBe(0);
    expect(created.body.latitud).toBeCloseTo(0.5, 6);
  });

  it('should keep latitud/longitud as sent when both come with the line; refuse one alone', async () => {
    const both = await create({ nombre: 'Both', geometria: CALLE, longitud: -74.08, latitud: 4.6 }).expect(201);
    expect(both.body).toMatchObject({ longitud: -74.08, latitud: 4.6 });
    const one = await create({ nombre: 'One', geometria: CALLE, latitud: 4.6 }).expect(422);
    expect(one.body.detail).toEqual([{ loc: ['body', 'longitud'], msg: 'Field required', type: 'missing' }]);
    const none = await create({ nombre: 'None' }).expect(422);
    expect(none.body.detail.map((issue: { loc: string[] }) => issue.loc[1]).sort()).toEqual(['latitud', 'longitud']);
  });

  it.each([
    ['a Point', { type: 'Point', coordinates: [1, 2] }, 'type must be "LineString"'],
    ['one position', line([1, 2]), '2 to 10000 positions'],
    ['10 001 positions', line(...Array.from({ length: 10_001 }, (_, i): Position => [i * 1e-4, 0])), '2 to 10000'],
    ['a repeated position', line([1, 2], [1, 2], [1, 3]), 'coordinates[1] repeats'],
    ['a longitude of 181', line([1, 2], [181, 2]), 'coordinates[1] has longitude 181'],
    ['a latitude of -91', line([1, -91], [1, 2]), 'coordinates[0] has latitude -91'],
    [
      'a text coordinate',
      {
        type: 'LineString',
        coordinates: [
          [1, 2],
          ['x', 3],
        ],
      },
      'finite numbers',
    ],
    [
      'four numbers',
      {
        type: 'LineString',
        coordinates: [
          [1, 2, 3, 4],
          [2, 3],
        ],
      },
      'coordinates[0] must be',
    ],
    ['an unknown member', { ...CALLE, crs: 'EPSG:4326' }, 'unknown member crs'],
    ['a string', 'LINESTRING(1 2, 3 4)', 'GeoJSON LineString object'],
  ])('should refuse %s with a 422 naming geometria', async (_name, geometria, message) => {
    const response = await create({ nombre: 'Bad line', geometria }).expect(422);
    expect(response.body.detail).toEqual([
      { loc: ['body', 'geometria'], msg: expect.stringContaining(message), type: 'value_error' },
    ]);
  });

  it('should drop an altitude and accept 10 000 positions', async () => {
    const created = await create({
      nombre: 'Z',
      geometria: {
        type: 'LineString',
        coordinates: [
          [1, 2, 2600],
          [1.001, 2, 2601],
        ],
      },
    }).expect(201);
    expect(created.body.geometria.coordinates).toEqual([
      [1, 2],
      [1.001, 2],
    ]);
    const long = line(...Array.from({ length: 10_000 }, (_, i): Position => [-74 + i * 1e-5, 4.6]));
    const response = await create({ nombre: 'Long', geometria: long }).expect(201);
    expect(response.body.longitud_m).toBeGreaterThan(10_000);
  });

  it('should move the point with a new line, and keep it when the line is removed', async () => {
    const created = await create({ nombre: 'Moving', longitud: 1, latitud: 1 }).expect(201);
    const path = `${SEGMENTOS}/${created.body.id_segmento}`;
    expect(created.body).toMatchObject({ geometria: null, longitud_m: null });
    const moved = await api().patch(path).send({ geometria: CALLE }).expect(200);
    expect(moved.body).toMatchObject({ longitud: -74.075, latitud: 4.6, geometria: CALLE });
    const removed = await api().patch(path).send({ geometria: null }).expect(200);
    expect(removed.body).toMatchObject({ geometria: null, longitud_m: null, longitud: -74.075, latitud: 4.6 });
  });

  it('should answer GeoJSON with the line as geometry (points stay points) and CSV with WKT', async () => {
    const tag = randomUUID();
    const withLine = await create({ nombre: `${tag} line`, geometria: CALLE }).expect(201);
    await create({ nombre: `${tag} point`, longitud: 2, latitud: 3 }).expect(201);
    const feature = await api().get(`${SEGMENTOS}/${withLine.body.id_segmento}?f=geojson`).expect(200);
    expect(feature.body.geometry).toEqual(CALLE);
    expect(feature.body.properties).not.toHaveProperty('geometria');
    expect(feature.body.properties.longitud_m).toBe(withLine.body.longitud_m);
    const collection = await api().get(`${SEGMENTOS}/`).query({ q: tag, f: 'geojson', sort: 'nombre' }).expect(200);
    expect(collection.body.features.map((f: { geometry: { type: string } }) => f.geometry.type)).toEqual([
      'LineString',
      'Point',
    ]);
    const csv = await api().get(`${SEGMENTOS}/`).query({ q: tag, f: 'csv', sort: 'nombre' }).expect(200);
    const [header, lineRow, pointRow] = csv.text.split('\r\n');
    expect(header.endsWith(',longitud_m,geometria')).toBe(true);
    expect(lineRow.endsWith(`,${withLine.body.longitud_m},"LINESTRING(-74.08 4.6, -74.07 4.6)"`)).toBe(true);
    expect(pointRow.endsWith(',,')).toBe(true);
  });

  it('should re-import its own CSV and GeoJSON exports with their lines', async () => {
    const tag = randomUUID();
    await create({ nombre: `${tag} a`, geometria: CALLE }).expect(201);
    await create({ nombre: `${tag} b`, longitud: 2, latitud: 3 }).expect(201);
    const exports = [
      { type: 'text/csv', body: (await api().get(`${SEGMENTOS}/`).query({ q: tag, f: 'csv' }).expect(200)).text },
      {
        type: 'application/geo+json',
        body: JSON.stringify((await api().get(`${SEGMENTOS}/`).query({ q: tag, f: 'geojson' }).expect(200)).body),
      },
    ];
    for (const { type, body } of exports) {
      await api().post(`${SEGMENTOS}/import`).set('Content-Type', type).send(body).expect(201, { importados: 2 });
    }
    const all = await api()
      .get(`${SEGMENTOS}/`)
      .query({ q: `${tag} a`, limit: 10 })
      .expect(200);
    expect(all.body).toHaveLength(3);
    for (const segment of all.body)
      expect(segment).toMatchObject({ geometria: CALLE, longitud: -74.075, latitud: 4.6 });
  });

  it('should import LineString features and CSV rows with only a WKT line, and name bad lines', async () => {
    const tag = randomUUID();
    const collection = {
      type: 'FeatureCollection',
      features: [{ type: 'Feature', geometry: CALLE, properties: { nombre: `${tag} geo` } }],
    };
    await api().post(`${SEGMENTOS}/import`).set('Content-Type', 'application/geo+json').send(collection).expect(201);
    const csv = `nombre,geometria\n${tag} csv,"LINESTRING(-74.08 4.6, -74.07 4.6)"\n`;
    await api().post(`${SEGMENTOS}/import`).set('Content-Type', 'text/csv').send(csv).expect(201);
    const found = await api().get(`${SEGMENTOS}/`).query({ q: tag }).expect(200);
    expect(found.body.map((segment: { latitud: number }) => segment.latitud)).toEqual([4.6, 4.6]);
    const bad = `nombre,geometria\n${tag} x,"LINESTRING(1 2, 1 2)"\n${tag} y,POINT(1 2)\n${tag} z,\n`;
    const refused = await api().post(`${SEGMENTOS}/import`).set('Content-Type', 'text/csv').send(bad).expect(422);
    expect(refused.body.detail.map((issue: { loc: unknown[] }) => issue.loc)).toEqual([
      ['body', 'line', 2, 'geometria'],
      ['body', 'line', 3, 'geometria'],
      ['body', 'line', 4, 'longitud'],
      ['body', 'line', 4, 'latitud'],
    ]);
  });

  it('should find a line in a bbox it crosses even when its point lies outside', async () => {
    const tag = randomUUID();
    const created = await create({ nombre: tag, geometria: line([10, 10], [10, 10.2]) }).expect(201);
    const box = await api().get(`${SEGMENTOS}/`).query({ q: tag, bbox: '9.9,10.15,10.1,10.25' }).expect(200);
    expect(box.body.map((segment: { id_segmento: number }) => segment.id_segmento)).toEqual([created.body.id_segmento]);
    const outside = await api().get(`${SEGMENTOS}/`).query({ q: tag, bbox: '11,11,12,12' }).expect(200);
    expect(outside.body).toEqual([]);
  });
});
