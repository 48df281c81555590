import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { NestExpressApplication } from '@nestjs/platform-express';
import { PNG } from 'pngjs';
import { By, until, type WebDriver, type WebElement } from 'selenium-webdriver';
import { UsersService } from '../apps/api/src/users/users.service';
import { agentFor, signIn, TEST_PASSWORD, type TestUser } from './support/auth';
import { browserAvailable, buildWebApp, screenshot, startBrowser } from './support/browser';
import { startTestApp } from './support/test-app';

const API = '/api/v1';
const WAIT_MS = 30_000;
/** This suite's own place (no other suite writes here) and names (so `q` finds only them). */
const TAG = `mapa-${randomUUID().slice(0, 8)}`;
const CENTRE = { lon: 2.17, lat: 41.38 };
/** The four default bands, by IRI, and the colours the page gives them (Okabe-Ito, spread over 4). */
const BANDS = [
  { banda: 'bueno', iri: 1.5, colour: [0x00, 0x72, 0xb2] },
  { banda: 'regular', iri: 3, colour: [0xf0, 0xe4, 0x42] },
  { banda: 'malo', iri: 5, colour: [0xe6, 0x9f, 0x00] },
  { banda: 'muy_malo', iri: 8, colour: [0x7a, 0x2d, 0x7e] },
];

const describeInBrowser = browserAvailable() ? describe : describe.skip;

describeInBrowser('The map page in Chromium (Selenium WebDriver)', () => {
  let app: NestExpressApplication;
  let baseUrl: string;
  let driver: WebDriver;
  let editor: TestUser;
  const api = () => agentFor(app, editor);

  const byTestId = (id: string) => By.css(`[data-testid="${id}"]`);
  const find = (id: string) => driver.wait(until.elementLocated(byTestId(id)), WAIT_MS);
  const mapIdle = () => driver.wait(until.elementLocated(By.css('[data-testid="map"][data-idle="true"]')), WAIT_MS);
  const waitFor = (what: string, check: () => Promise<boolean>) =>
    driver.wait(async () => check().catch(() => false), WAIT_MS, `waiting for ${what}`);
  /** Opens a segment from the list; the list is redrawn by live events, so the item is found afresh. */
  const clickListItem = (name: string) =>
    waitFor(`a click on ${name}`, async () => {
      await driver.findElement(By.xpath(`//*[@data-testid="segment-item"][contains(., "${name}")]`)).click();
      const detail = await driver.findElements(
        By.xpath(`//*[@data-testid="segment-detail"]//h2[contains(., "${name}")]`),
      );
      return detail.length > 0;
    });
  const listTotal = async () => Number(await (await find('list-total')).getAttribute('data-total'));

  beforeAll(async () => {
    app = await startTestApp({ WEB_DIST_DIR: buildWebApp(), MAP_STYLE_URL: 'none' });
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
    editor = await signIn(app, 'editor');
    // One line per band, side by side, east-west, 200 m long.
    for (const [i, band] of BANDS.entries()) {
      const lat = CENTRE.lat + (i - 1.5) * 0.0008;
      const { body } = await api()
        .post(`${API}/segmentos/`)
        .send({
          nombre: `${TAG} ${band.banda}`,
          geometria: {
            type: 'LineString',
            coordinates: [
              [CENTRE.lon - 0.0012, lat],
              [CENTRE.lon + 0.0012, lat],
            ],
          },
        })
        .expect(201);
      await api()
        .post(`${API}/segmentos/${body.id_segmento}/inspecciones`)
        .send({ fecha: '2026-03-01', iri_m_km: band.iri, metodo: 'smartphone' })
        .expect(201);
    }
    driver = await startBrowser();
  }, 120_000);

  afterAll(async () => {
    await driver?.quit();
    await app?.close();
  });

  const signInThroughPage = async (email: string, password: string) => {
    await (await find('login-email')).sendKeys(email);
    await (await find('login-password')).sendKeys(password);
    await (await find('login-submit')).click();
  };

  it('should make a new user change the password, then show the map', async () => {
    const email = `nuevo-${TAG}@test.recway.co`;
    await app.get(UsersService).create({ email, password: TEST_PASSWORD, role: 'viewer' });
    await driver.get(baseUrl);
    await signInThroughPage(email, TEST_PASSWORD);
    await (await find('password-current')).sendKeys(TEST_PASSWORD);
    await (await find('password-new')).sendKeys('otra-clave-muy-larga');
    await screenshot(driver, '01-cambio-de-clave');
    await (await find('password-submit')).click();
    await find('map');
    await (await find('sign-out')).click();
    await find('login-email');
  });

  it('should sign in, keep the session over a reload, and draw the segments in their band colours', async () => {
    await driver.get(`${baseUrl}/#17/${CENTRE.lat}/${CENTRE.lon}`);
    await signInThroughPage(editor.email, editor.password);
    await find('map');
    await driver.navigate().refresh();
    await find('map');
    await waitFor(
      'the live channel',
      async () => (await (await find('connection-state')).getAttribute('data-state')) === 'live',
    );
    await mapIdle();
    await reportFirstScreen(driver, baseUrl, 'e2e data (tens of segments)');
    const png = PNG.sync.read(await screenshot(driver, '02-mapa'));
    const rect = await (await find('map')).getRect();
    for (const band of BANDS) {
      expect({ banda: band.banda, pixels: pixelsOf(png, rect, band.colour) > 50 }).toEqual({
        banda: band.banda,
        pixels: true,
      });
    }
  });

  it('should filter the list, the summary and the map together', async () => {
    await (await find('filter-q')).sendKeys(TAG);
    await waitFor('the list to follow q', async () => (await listTotal()) === BANDS.length);
    await waitFor('the summary to follow q', async () => (await (await find('summary-total')).getText()) === '4');
    await (await driver.findElement(By.css('[data-testid="filter-banda"][data-banda="malo"]'))).click();
    await waitFor('the list to keep only malo', async () => (await listTotal()) === 1);
    const counts = await Promise.all(
      (await driver.findElements(byTestId('summary-band'))).map(async (row) => [
        await row.getAttribute('data-banda'),
        Number(await row.getAttribute('data-count')),
      ]),
    );
    expect(Object.fromEntries(counts)).toEqual({ bueno: 0, regular: 0, malo: 1, muy_malo: 0, sin_inspeccion: 0 });
    const items = await driver.findElements(byTestId('segment-item'));
    expect(await Promise.all(items.map((item) => item.getText()))).toEqual([expect.stringContaining(`${TAG} malo`)]);
    await mapIdle();
    const png = PNG.sync.read(await screenshot(driver, '03-filtro-malo'));
    const rect = await (await find('map')).getRect();
    expect(pixelsOf(png, rect, BANDS[2].colour)).toBeGreaterThan(50);
    for (const other of [BANDS[0], BANDS[1], BANDS[3]]) expect(pixelsOf(png, rect, other.colour)).toBe(0);
    await (await driver.findElement(By.css('[data-testid="filter-banda"][data-banda="malo"]'))).click();
    await waitFor('the list to show all four again', async () => (await listTotal()) === BANDS.length);
  });

  it('should let an editor draw a segment on the map and save it through the API', async () => {
    await (await find('add-segment')).click();
    const map = await find('map');
    const { width, height } = await map.getRect();
    const points = [
      [-0.3, 0.3],
      [0, 0.35],
      [0.3, 0.3],
    ].map(([x, y]) => [Math.round(x * width * 0.5), Math.round(y * height * 0.5)]);
    for (const [x, y] of points) await clickAt(driver, map, x, y);
    await clickAt(driver, map, points[2][0], points[2][1]);
    await (await find('segment-nombre')).sendKeys(`${TAG} dibujado`);
    await screenshot(driver, '04-dibujo');
    await (await find('segment-save')).click();
    await find('segment-detail');
    const { body } = await api()
      .get(`${API}/segmentos/`)
      .query({ q: `${TAG} dibujado` })
      .expect(200);
    expect(body).toHaveLength(1);
    expect(body[0].geometria.coordinates).toHaveLength(3);
    expect(Math.abs(body[0].longitud - CENTRE.lon)).toBeLessThan(0.01);
  });

  it('should upload a profile CSV and chart its IRI along the segment', async () => {
    await clickListItem(`${TAG} regular`);
    await (await find('profile-file')).sendKeys(join(process.cwd(), 'test/fixtures/perfil-ejemplo.csv'));
    await (await find('profile-upload')).click();
    await waitFor(
      'two charts (over time, along the profile)',
      async () => (await driver.findElements(byTestId('iri-chart'))).length === 2,
    );
    const charts = await driver.findElements(byTestId('iri-chart'));
    const along = charts[1];
    expect(Number(await along.getAttribute('data-points'))).toBeGreaterThan(1);
    await driver.wait(until.elementLocated(By.css('[data-testid="iri-chart"] canvas')), WAIT_MS);
    await screenshot(driver, '05-perfil');
  });

  it('should explain an edit conflict and keep what the editor typed', async () => {
    await clickListItem(`${TAG} bueno`);
    await (await find('segment-edit')).click();
    const name = await find('segment-nombre');
    await name.clear();
    await name.sendKeys(`${TAG} bueno (mío)`);
    const id = Number(await (await find('segment-form')).getAttribute('data-id'));
    await api().patch(`${API}/segmentos/${id}`).send({ descripcion: 'cambiado por otra persona' }).expect(200);
    // Saved only once the live update has reached the open form (the field the editor left alone shows
    // the other write): clicking earlier raced the event, and a draft taken before it kept the old value.
    const descripcion = By.css('[data-testid="segment-form"] [name="descripcion"]');
    await waitFor(
      'the other write in the untouched field',
      async () => (await driver.findElement(descripcion).getAttribute('value')) === 'cambiado por otra persona',
    );
    expect(await (await find('segment-nombre')).getAttribute('value')).toBe(`${TAG} bueno (mío)`);
    await (await find('segment-save')).click();
    const error = await find('form-error');
    expect(await error.getText()).toContain('Otra persona modificó este segmento');
    expect(await (await find('segment-nombre')).getAttribute('value')).toBe(`${TAG} bueno (mío)`);
    expect(await (await find('current-version')).getText()).toContain('cambiado por otra persona');
    await screenshot(driver, '06-conflicto');
    await (await find('segment-save')).click();
    await find('segment-detail');
    const { body } = await api().get(`${API}/segmentos/${id}`).expect(200);
    expect(body).toMatchObject({ nombre: `${TAG} bueno (mío)`, descripcion: 'cambiado por otra persona' });
  });

  it('should list every rejected row of an import, and write nothing', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'recway-import-')), 'vias.csv');
    writeFileSync(file, `nombre,longitud,latitud\n${TAG} importado,2.17,41.38\n,2.17,41.38\n${TAG} lejos,2.17,200\n`);
    await (await find('import-file')).sendKeys(file);
    const messages = await find('import-messages');
    await waitFor('two rejected rows', async () => (await messages.findElements(By.css('li'))).length === 2);
    const text = await messages.getText();
    expect(text).toContain('nombre');
    expect(text).toContain('latitud');
    await screenshot(driver, '07-importacion');
    const { body } = await api()
      .get(`${API}/segmentos/`)
      .query({ q: `${TAG} importado` })
      .expect(200);
    expect(body).toEqual([]);
  });

  it("should stream the assistant's answer as text (its fallback without an AI key)", async () => {
    await clickListItem(`${TAG} malo`);
    await (await find('assistant-question')).sendKeys('¿Qué hago con esta vía?');
    await (await find('assistant-ask')).click();
    await waitFor('the answer', async () => (await (await find('assistant-answer')).getText()).length > 0);
    expect(await (await find('assistant-answer')).getText()).toContain('no está disponible');
  });

  it('should switch to English', async () => {
    await (await find('language')).findElement(By.css('option[value="en"]')).click();
    await waitFor('English labels', async () => (await (await find('sign-out')).getText()) === 'Sign out');
    await (await find('language')).findElement(By.css('option[value="es"]')).click();
    await waitFor('Spanish labels', async () => (await (await find('sign-out')).getText()) === 'Salir');
  });

  it('should show a write made elsewhere without a reload', async () => {
    await api()
      .post(`${API}/segmentos/`)
      .send({ nombre: `${TAG} en vivo`, longitud: CENTRE.lon, latitud: CENTRE.lat })
      .expect(201);
    await waitFor('the new segment in the list', async () =>
      (await Promise.all((await driver.findElements(byTestId('segment-item'))).map((e) => e.getText()))).some((text) =>
        text.includes(`${TAG} en vivo`),
      ),
    );
    expect(await (await find('live-notice')).getText()).toContain(`${TAG} en vivo`);
    await screenshot(driver, '06-en-vivo');
  });

  it('should have no serious or critical accessibility violation (axe-core)', async () => {
    const axeSource = readFileSync(join(process.cwd(), 'node_modules/axe-core/axe.min.js'), 'utf8');
    await driver.executeScript(axeSource);
    const violations = await driver.executeAsyncScript<{ id: string; impact: string; nodes: string[] }[]>(`
      const done = arguments[arguments.length - 1];
      axe.run(document, { resultTypes: ['violations'] }).then(
        (result) => done(result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')) }))),
        (error) => done([{ id: 'axe-error', impact: 'critical', nodes: [String(error)] }]));
    `);
    const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(JSON.stringify(serious, null, 1)).toBe('[]');
  });

  it('should still render Swagger UI under the strict Content-Security-Policy', async () => {
    await driver.get(`${baseUrl}/docs`);
    await driver.wait(until.elementLocated(By.css('.swagger-ui .info .title')), WAIT_MS);
    await driver.wait(until.elementLocated(By.css('.swagger-ui .opblock')), WAIT_MS);
    await screenshot(driver, '08-docs');
    await driver.get(baseUrl);
  });

  it('should fit a 360 px wide screen', async () => {
    await driver.manage().window().setRect({ width: 360, height: 800 });
    await mapIdle();
    const scrollWidth = Number(await driver.executeScript('return document.documentElement.scrollWidth'));
    await screenshot(driver, '07-360px');
    expect(scrollWidth).toBeLessThanOrEqual(360);
  });
});

/**
 * How long the reloaded page took to be interactive (navigation start to the map's first idle, with
 * the list and summary loaded) and the JavaScript it fetched (bytes on the wire, gzip), kept in
 * test-artifacts/first-screen.json and printed.
 */
async function reportFirstScreen(driver: WebDriver, baseUrl: string, data: string): Promise<void> {
  const figures = await driver.executeScript<{ ms: number; scripts: string[] }>(`
    const mark = performance.getEntriesByName('recway:first-screen')[0];
    const scripts = performance.getEntriesByType('resource').map((entry) => entry.name).filter((name) => name.endsWith('.js'));
    return { ms: Math.round(mark.startTime), scripts };
  `);
  // What the server sends each script as: its size, and gzipped as compression() does (zlib's default level).
  const javascript = await Promise.all(
    figures.scripts.map(async (url) => {
      const body = Buffer.from(await (await fetch(url)).arrayBuffer());
      return { path: url.replace(baseUrl, ''), bytes: body.length, gzip_bytes: gzipSync(body).length };
    }),
  );
  const report = { data, first_screen_ms: figures.ms, javascript };
  mkdirSync(join(process.cwd(), 'test-artifacts'), { recursive: true });
  writeFileSync(join(process.cwd(), 'test-artifacts', 'first-screen.json'), JSON.stringify(report, null, 2));
  process.stderr.write(`first screen: ${JSON.stringify(report)}\n`);
  expect(figures.ms).toBeGreaterThan(0);
}

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Pixels of the map within a small distance of the colour (lines are anti-aliased at their edges only). */
function pixelsOf(png: PNG, rect: Rect, [r, g, b]: number[]): number {
  let count = 0;
  for (let y = Math.ceil(rect.y); y < Math.min(png.height, rect.y + rect.height); y++) {
    for (let x = Math.ceil(rect.x); x < Math.min(png.width, rect.x + rect.width); x++) {
      const i = (y * png.width + x) * 4;
      const near = Math.abs(png.data[i] - r) < 8 && Math.abs(png.data[i + 1] - g) < 8;
      if (near && Math.abs(png.data[i + 2] - b) < 8) count++;
    }
  }
  return count;
}

/** A click at an offset from the element's centre (Selenium's origin for an element). */
async function clickAt(driver: WebDriver, element: WebElement, x: number, y: number): Promise<void> {
  await driver.actions().move({ origin: element, x, y }).press().release().perform();
  await driver.sleep(150);
}
