import { ConfigService } from '@nestjs/config';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { GZIP_LEVEL, jsonShapeMiddleware, PUBLIC_OPERATION_EXTENSION, requestIdMiddleware } from '@recway/common';
import { RecwayConfig } from '@recway/config';
import { PinoLogger } from 'nestjs-pino';
import { corsPolicy, securityHeaders } from './browser-policy';
import { compressLargeAnswers } from './compress-large-answers';
import { installHealthCheckPath } from '../health/health-check-path';
import { installRequestObserver } from '../metrics/install-request-observer';
import { RealtimeWsAdapter } from '../realtime/realtime-ws.adapter';
import { requestIntentMiddleware } from '../replicas/request-intent';

const CORS_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'];
const CORS_EXPOSED_HEADERS = [
  'X-Request-ID',
  'X-Total-Count',
  'Link',
  'ETag',
  'Location',
  'Retry-After',
  'RateLimit-Limit',
  'RateLimit-Remaining',
  'RateLimit-Reset',
];

/**
 * Everything HTTP-wide that is not a Nest provider: proxies, headers, compression, CORS, body limits,
 * route prefix and API docs. Shared by the server and the e2e tests so both run the same stack.
 */
export function configureApp(app: NestExpressApplication): void {
  const config = app.get<ConfigService<RecwayConfig, true>>(ConfigService);
  const appConfig = config.get('app', { infer: true });
  const http = config.get('http', { infer: true });

  app.use(requestIdMiddleware);
  // Only with replicas: which queries may leave the primary depends on whether the request writes.
  if (config.get('database.replicas', { infer: true }).urls.length > 0) app.use(requestIntentMiddleware);
  installRequestObserver(app, config.get('metrics', { infer: true }), {
    logger: PinoLogger.root,
    // Probes poll every few seconds and would drown the log.
    quietPaths: ['/health', http.healthCheckPath],
  });
  app.disable('x-powered-by');
  // Segments send their own ETags (a row's version; a list page's, computed once: ReadyJson); hashing
  // every other body is wasted work.
  app.set('etag', false);
  app.set('trust proxy', http.trustedProxies);
  const web = config.get('web', { infer: true });
  app.use(
    securityHeaders({
      hsts: http.forceHttps || appConfig.isProduction,
      hstsMaxAge: http.hstsMaxAge,
      basemapOrigins: web.basemapOrigins,
      apiPaths: [appConfig.apiPrefix, '/health', http.healthCheckPath],
    }),
  );
  app.use(compressLargeAnswers({ level: GZIP_LEVEL }));
  app.use(
    corsPolicy({
      origins: http.corsOrigins,
      credentials: http.corsCredentials,
      methods: CORS_METHODS,
      exposedHeaders: CORS_EXPOSED_HEADERS,
    }),
  );
  app.useBodyParser('json', { limit: http.maxBodyBytes });
  app.useBodyParser('urlencoded', { limit: http.maxBodyBytes, extended: false });
  app.use(jsonShapeMiddleware);
  app.useWebSocketAdapter(new RealtimeWsAdapter(app, config.get('ws.messageMaxBytes', { infer: true })));
  app.setGlobalPrefix(appConfig.apiPrefix, { exclude: ['health', 'health/*path'] });
  installHealthCheckPath(app, http.healthCheckPath);
  setUpSwagger(app, appConfig.name, appConfig.version, appConfig.apiPrefix);
}

/**
 * Declares both the bearer scheme and the OAuth2 password flow, so Swagger UI's Authorize signs in.
 * A token or an API key is the document's default; public operations say `security: []`.
 */
function setUpSwagger(app: NestExpressApplication, title: string, version: string, apiPrefix: string): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(title)
      .setVersion(version)
      .setDescription(
        'RecWay: road segments (segmentos) with location and condition, for road agencies. ' +
          'Live changes: WebSocket GET /ws — authenticate with `Authorization: Bearer` on the upgrade or a first ' +
          'message {"type":"auth","token":"…"}, then {"type":"subscribe","bbox":[minLon,minLat,maxLon,maxLat]}; events ' +
          '{"type":"segmento.creado|segmento.actualizado|segmento.eliminado|inspeccion.creada|inspeccion.eliminada|' +
          'importacion.completada","id","data","at"} (README, "Realtime channel").',
      )
      // Relative to where the document is served: the same origin, whatever host or proxy fronts it.
      .addServer('/')
      .addBearerAuth()
      .addOAuth2({ type: 'oauth2', flows: { password: { tokenUrl: `${apiPrefix}/auth/login`, scopes: {} } } })
      .addApiKey(
        { type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'rwk_… (POST /auth/api-keys)' },
        'apiKey',
      )
      .addSecurityRequirements('bearer')
      .addSecurityRequirements('oauth2')
      .addSecurityRequirements('apiKey')
      .build(),
  );
  markPublicOperations(document);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}

/** Turns @Public()'s mark into `security: []` (no token needed), and drops the mark. */
function markPublicOperations(document: OpenAPIObject): void {
  for (const path of Object.values(document.paths)) {
    for (const operation of Object.values(path) as Record<string, unknown>[]) {
      if (typeof operation !== 'object' || operation === null || !(PUBLIC_OPERATION_EXTENSION in operation)) continue;
      delete operation[PUBLIC_OPERATION_EXTENSION];
      operation.security = [];
    }
  }
}
