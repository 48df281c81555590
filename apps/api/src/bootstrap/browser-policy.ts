import cors from 'cors';
import { isPathUnder } from '@recway/common';
import type { RequestHandler } from 'express';
import helmet from 'helmet';

export interface SecurityHeadersOptions {
  hsts: boolean;
  hstsMaxAge: number;
  /** The basemap's origins, which the map page may fetch and draw. */
  basemapOrigins: string[];
  /** Path prefixes whose answers are data (JSON, GeoJSON, tiles, probes), never a page to render. */
  apiPaths: string[];
}

export interface CorsPolicyOptions {
  origins: string[];
  credentials: boolean;
  methods: string[];
  exposedHeaders: string[];
}

/**
 * Two helmet policies. Pages a browser renders (the map page, Swagger UI, their assets, and anything
 * outside the API) get the full set. API answers are data: nothing in them runs, so the document-only
 * headers (COOP, Origin-Agent-Cluster, DNS prefetch, X-Download-Options, …) are left off and their CSP
 * forbids everything, as GitHub's API does. With the CORS gate below: 656 bytes less per answer (a
 * signed-in GET of one segment went from 1 440 to 784 bytes) and ~6 % less CPU per /health request
 * (BENCHMARKS.md, "Headers by kind of answer").
 */
export function securityHeaders(options: SecurityHeadersOptions): RequestHandler {
  const forPages = helmet({ ...sharedPolicy(options), ...pagePolicy(options) });
  const forData = helmet({ ...sharedPolicy(options), ...dataPolicy() });
  return (request, response, next) =>
    (isPathUnder(request.path, options.apiPaths) ? forData : forPages)(request, response, next);
}

/**
 * CORS headers only answer a browser's cross-origin request, and only those carry `Origin`: others get
 * `Vary: Origin` alone (so a shared cache keeps them apart), not the allow/expose headers the cors
 * package would add to every answer.
 */
export function corsPolicy(options: CorsPolicyOptions): RequestHandler {
  const corsHeaders = cors({
    origin: options.origins,
    credentials: options.credentials,
    methods: options.methods,
    exposedHeaders: options.exposedHeaders,
  });
  return (request, response, next) => {
    if (request.headers.origin !== undefined) return corsHeaders(request, response, next);
    response.vary('Origin');
    next();
  };
}

/**
 * Scripts only from this origin (no inline script anywhere: Swagger UI's init is a file too);
 * MapLibre's workers start from blob: URLs; the basemap's origins may be fetched and drawn. Inline
 * styles: Swagger UI's bundle injects its own.
 */
function pagePolicy({ hsts, basemapOrigins }: SecurityHeadersOptions) {
  return {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        workerSrc: ["'self'", 'blob:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:', ...basemapOrigins],
        connectSrc: ["'self'", ...basemapOrigins],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: hsts ? [] : null,
      },
    },
  };
}

/** No framing, no referrer leak and HSTS, for pages and data alike (with helmet's nosniff and CORP). */
function sharedPolicy({ hsts, hstsMaxAge }: SecurityHeadersOptions) {
  return {
    hsts: hsts ? { maxAge: hstsMaxAge, includeSubDomains: true } : false,
    frameguard: { action: 'deny' as const },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' as const },
  };
}

/** Data runs nothing: a CSP that forbids everything, and none of the document-only headers. */
function dataPolicy() {
  return {
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
    crossOriginOpenerPolicy: false,
    originAgentCluster: false,
    dnsPrefetchControl: false,
    ieNoOpen: false,
    permittedCrossDomainPolicies: false,
    xssFilter: false,
  };
}
