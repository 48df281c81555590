import { existsSync } from 'node:fs';
import { join, sep } from 'node:path';
import { Logger } from '@nestjs/common';
import type { ServeStaticModuleOptions } from '@nestjs/serve-static';
import type { WebConfig } from '@recway/config';
import type { Response } from 'express';

/** Vite names every asset under assets/ after its content: a new build is a new URL. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** The page itself (and any unhashed file) is revalidated each time, so a deploy shows at once. */
const REVALIDATE = 'no-cache';

/**
 * The built map page at `/` and its files, after every API route (ServeStaticModule registers once
 * the router is in place). Hashed assets are cached for a year in production only, as the seed did;
 * elsewhere everything revalidates, so a rebuilt page shows on reload. Without a build (API-only
 * installs, the e2e tests) nothing is served and `/` answers the usual JSON 404.
 */
export function webStaticOptions(web: WebConfig, production: boolean): ServeStaticModuleOptions[] {
  if (!existsSync(join(web.distDir, 'index.html'))) {
    new Logger('Web').warn(`No map page at ${web.distDir} (run npm run build): only the API is served`);
    return [];
  }
  const hashed = `${sep}assets${sep}`;
  return [
    {
      rootPath: web.distDir,
      renderPath: '/',
      serveStaticOptions: {
        index: false,
        cacheControl: false,
        setHeaders: (response: Response, path: string) =>
          response.setHeader('Cache-Control', production && path.includes(hashed) ? IMMUTABLE : REVALIDATE),
      },
    },
  ];
}
