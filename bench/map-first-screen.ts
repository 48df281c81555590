/**
 * The map page's first screen on the bench city (issue 17: interactive in < 2 s on 100 000 segments):
 * Debian's Chromium through Selenium, signed in, reloaded; the time from navigation start to the map's
 * first `idle` (the page's `recway:first-screen` mark: tiles drawn, list and summary asked for).
 * Cold: right after a write, which drops every cached tile and page; warm: the reload after it.
 * Before measuring, 80 % of the segments get a survey, so bands, summary and list join real conditions.
 */
import { By, until } from 'selenium-webdriver';
import { Client } from 'pg';
import { browserAvailable, startBrowser } from '../test/support/browser';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const WAIT_MS = 60_000;

interface Credentials {
  email: string;
  password: string;
  token: string;
}

export async function benchFirstScreen(baseUrl: string, databaseUrl: string, who: Credentials): Promise<string> {
  if (!browserAvailable())
    return 'Map first screen: skipped (no Chromium; apt-get install -y chromium chromium-driver)';
  const surveyed = await addSurveys(databaseUrl);
  const driver = await startBrowser(1280, 900);
  try {
    await driver.get(baseUrl);
    await driver.wait(until.elementLocated(By.css('[data-testid="login-email"]')), WAIT_MS).sendKeys(who.email);
    await driver.findElement(By.css('[data-testid="login-password"]')).sendKeys(who.password);
    await driver.findElement(By.css('[data-testid="login-submit"]')).click();
    await firstScreen(driver);
    const cold: number[] = [];
    const warm: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      await dropCaches(baseUrl, who.token);
      await driver.navigate().refresh();
      cold.push(await firstScreen(driver));
      await driver.navigate().refresh();
      warm.push(await firstScreen(driver));
    }
    return (
      `Map first screen (Chromium, 1280×900, whole network in view, ${surveyed} surveyed segments): ` +
      `cold ${summary(cold)}, warm ${summary(warm)} (target < 2000 ms)`
    );
  } finally {
    await driver.quit();
  }
}

/** Waits for the reloaded page's map to be drawn, and reads how long that took. */
async function firstScreen(driver: Awaited<ReturnType<typeof startBrowser>>): Promise<number> {
  await driver.wait(until.elementLocated(By.css('[data-testid="map"][data-idle="true"]')), WAIT_MS);
  await driver.wait(until.elementLocated(By.css('[data-testid="segment-item"]')), WAIT_MS);
  return driver.executeScript<number>(
    "return Math.round(performance.getEntriesByName('recway:first-screen')[0].startTime)",
  );
}

/** Any write drops every cached tile, list page and summary (the cache generation changes). */
async function dropCaches(baseUrl: string, token: string): Promise<void> {
  const response = await fetch(`${baseUrl}/api/v1/segmentos/`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ nombre: 'first-screen bench', longitud: -74.1, latitud: 4.6 }),
  });
  if (response.status !== 201) throw new Error(`write failed: ${response.status}`);
}

/** One survey for 80 % of the segments: IRI 1–10 m/km, dated over the last 2.5 years. */
async function addSurveys(databaseUrl: string): Promise<number> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const result = await client.query(
      `INSERT INTO inspecciones (id_segmento, fecha, iri_m_km, metodo)
       SELECT id_segmento, current_date - (random() * 900)::int, round((1 + random() * 9)::numeric, 2), 'smartphone'
       FROM segmentos WHERE random() < 0.8`,
    );
    await client.query('ANALYZE inspecciones');
    return result.rowCount ?? 0;
  } finally {
    await client.end();
  }
}

function summary(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  return `median ${sorted[Math.floor(sorted.length / 2)]} ms (${sorted[0]}–${sorted[sorted.length - 1]})`;
}
