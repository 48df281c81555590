import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { startTestApp } from './support/test-app';

/** A stand-in build: what Vite writes (a page and a content-named asset). */
function fakeBuild(): string {
  const dir = mkdtempSync(join(tmpdir(), 'recway-web-test-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><title>RecWay</title><script type="module" src="/assets/index-Ab12.js"></script>',
  );
  writeFileSync(join(dir, 'assets', 'index-Ab12.js'), `console.log(${JSON.stringify('x'.repeat(4000))});`);
  return dir;
}

describe('Serving the map page', () => {
  const cases: [string, string, string][] = [
    ['production', 'public, max-age=31536000, immutable', 'no-cache'],
    ['development', 'no-cache', 'no-cache'],
  ];

  describe.each(cases)('in %s', (environment, assetCaching, pageCaching) => {
    let app: NestExpressApplication;

    beforeAll(async () => {
      app = await startTestApp({ ENVIRONMENT: environment, ENABLE_METRICS: 'false', WEB_DIST_DIR: fakeBuild() });
    });

    afterAll(async () => {
      await app.close();
    });

    it('should serve the page at / and its hashed assets, compressed, with the right caching', async () => {
      const page = await request(app.getHttpServer()).get('/').expect(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.headers['cache-control']).toBe(pageCaching);
      const asset = await request(app.getHttpServer())
        .get('/assets/index-Ab12.js')
        .set('Accept-Encoding', 'gzip')
        .expect(200);
      expect(asset.headers['cache-control']).toBe(assetCaching);
      expect(asset.headers['content-encoding']).toBe('gzip');
      const revalidated = await request(app.getHttpServer())
        .get('/')
        .set('If-Modified-Since', page.headers['last-modified'])
        .expect(304);
      expect(revalidated.text).toBe('');
    });

    it('should keep a strict Content-Security-Policy that lets MapLibre and the basemap work', async () => {
      const csp = (await request(app.getHttpServer()).get('/').expect(200)).headers['content-security-policy'];
      expect(csp).toContain("script-src 'self';");
      expect(csp).toContain("worker-src 'self' blob:");
      expect(csp).toContain("connect-src 'self' https://tile.openstreetmap.org");
      expect(csp).toContain("img-src 'self' data: blob: https://tile.openstreetmap.org");
    });

    it('should leave the API, the docs and unknown paths as they were', async () => {
      const http = app.getHttpServer();
      await request(http).get('/health').expect(200);
      await request(http).get('/docs').expect(200);
      await request(http).get('/api/v1/segmentos/').expect(401);
      expect((await request(http).get('/no-such-page').expect(404)).body).toEqual({ detail: 'Not Found' });
      expect((await request(http).get('/assets/missing.js').expect(404)).body).toEqual({ detail: 'Not Found' });
    });
  });

  it('should give the page its settings without a token', async () => {
    const app = await startTestApp({
      MAP_STYLE_URL: 'https://tiles.example.org/styles/calles.json',
      MAP_BASEMAP_ORIGINS: 'https://a.tiles.example.org',
      WEB_DIST_DIR: fakeBuild(),
    });
    try {
      const response = await request(app.getHttpServer()).get('/api/v1/mapa/configuracion').expect(200);
      expect(response.body).toEqual({
        estilo_url: 'https://tiles.example.org/styles/calles.json',
        tilejson_url: '/api/v1/tiles/segmentos.json',
        ws_path: '/ws',
      });
      const csp = (await request(app.getHttpServer()).get('/').expect(200)).headers['content-security-policy'];
      expect(csp).toContain("connect-src 'self' https://a.tiles.example.org https://tiles.example.org");
    } finally {
      await app.close();
    }
    const none = await startTestApp({ MAP_STYLE_URL: 'none' });
    try {
      expect(
        (await request(none.getHttpServer()).get('/api/v1/mapa/configuracion').expect(200)).body.estilo_url,
      ).toBeNull();
    } finally {
      await none.close();
    }
  });

  it('should answer the JSON 404 at / when no page was built (an API-only install)', async () => {
    const app = await startTestApp({ WEB_DIST_DIR: mkdtempSync(join(tmpdir(), 'recway-no-web-')) });
    try {
      expect((await request(app.getHttpServer()).get('/').expect(404)).body).toEqual({ detail: 'Not Found' });
    } finally {
      await app.close();
    }
  });
});
