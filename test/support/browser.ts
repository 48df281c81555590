import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Builder, type WebDriver } from 'selenium-webdriver';
import chrome from 'selenium-webdriver/chrome.js';

/** Debian's packages; CI runners with their own Chrome set CHROMIUM_BIN and CHROMEDRIVER_BIN. */
const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
const CHROMEDRIVER = process.env.CHROMEDRIVER_BIN ?? '/usr/bin/chromedriver';
export const SCREENSHOT_DIR = join(process.cwd(), 'test-artifacts', 'screenshots');

/**
 * Debian's Chromium and ChromeDriver. Missing in CI is an error; elsewhere (a fresh machine without
 * them) the browser suite is skipped, and says so.
 */
export function browserAvailable(): boolean {
  if (existsSync(CHROMIUM) && existsSync(CHROMEDRIVER)) return true;
  const message = `${CHROMIUM} or ${CHROMEDRIVER} missing (apt-get install -y chromium chromium-driver)`;
  if (process.env.CI === 'true') throw new Error(`CI=true but ${message}: the browser tests need them`);
  process.stderr.write(`${message}: skipping the browser tests\n`);
  return false;
}

/** Headless Chromium with WebGL on SwiftShader (MapLibre), no network but loopback. */
export async function startBrowser(width = 1280, height = 900): Promise<WebDriver> {
  const options = new chrome.Options();
  options.setChromeBinaryPath(CHROMIUM);
  options.addArguments(
    '--headless=new',
    '--no-sandbox',
    '--disable-dev-shm-usage',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
    '--use-angle=swiftshader',
    '--enable-unsafe-swiftshader',
    `--window-size=${width},${height}`,
    `--user-data-dir=${mkdtempSync(join(tmpdir(), 'recway-chromium-'))}`,
  );
  return new Builder()
    .forBrowser('chrome')
    .setChromeOptions(options)
    .setChromeService(new chrome.ServiceBuilder(CHROMEDRIVER))
    .build();
}

/** Builds the map page from the current source into a temporary directory (what WEB_DIST_DIR points to). */
export function buildWebApp(): string {
  const outDir = mkdtempSync(join(tmpdir(), 'recway-web-'));
  const result = spawnSync(
    process.execPath,
    [
      'node_modules/vite/bin/vite.js',
      'build',
      '--config',
      'apps/web/vite.config.mts',
      '--outDir',
      outDir,
      '--logLevel',
      'error',
    ],
    { encoding: 'utf8', env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' } },
  );
  if (result.status !== 0) throw new Error(`vite build failed: ${result.stderr}`);
  return outDir;
}

/** Keeps a screenshot of the step (CI uploads test-artifacts/ as an artefact). */
export async function screenshot(driver: WebDriver, name: string): Promise<Buffer> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const png = Buffer.from(await driver.takeScreenshot(), 'base64');
  writeFileSync(join(SCREENSHOT_DIR, `${name}.png`), png);
  return png;
}
