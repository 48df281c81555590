import cluster from 'node:cluster';
import { Injectable } from '@nestjs/common';
import { AggregatorRegistry, collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Latency buckets in seconds, from a cache hit (~1 ms) to a slow import or AI answer. */
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const AI_BUCKETS = [0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60];
/** A profile upload: from a short CSV (~10 ms) to a million samples (seconds). */
const PROFILE_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * Every Prometheus metric of one application instance, in its own registry (not prom-client's global
 * one), so several instances in one process — the e2e tests — never collide.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  readonly httpRequestDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: HTTP_BUCKETS,
    registers: [this.registry],
  });

  readonly httpRequestsInFlight = new Gauge({
    name: 'http_requests_in_flight',
    help: 'HTTP requests being served',
    registers: [this.registry],
  });

  readonly cacheHits = new Counter({
    name: 'recway_cache_hits_total',
    help: 'Cache lookups answered from the cache',
    registers: [this.registry],
  });

  readonly cacheMisses = new Counter({
    name: 'recway_cache_misses_total',
    help: 'Cache lookups that went to the database (absent, expired, or cache unavailable)',
    registers: [this.registry],
  });

  readonly rateLimitedRequests = new Counter({
    name: 'recway_rate_limited_requests_total',
    help: 'Requests refused with 429 by a rate limit',
    labelNames: ['limit'] as const,
    registers: [this.registry],
  });

  readonly loginFailures = new Counter({
    name: 'recway_login_failures_total',
    help: 'Failed sign-ins (wrong credentials, inactive account, or locked out)',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  readonly aiRequests = new Counter({
    name: 'recway_ai_requests_total',
    help: 'AI assistant requests by outcome: answered by the model (ai) or by a fallback message',
    labelNames: ['source', 'cause'] as const,
    registers: [this.registry],
  });

  readonly aiRequestDuration = new Histogram({
    name: 'recway_ai_request_duration_seconds',
    help: 'AI assistant request duration by outcome',
    labelNames: ['source'] as const,
    buckets: AI_BUCKETS,
    registers: [this.registry],
  });

  readonly surveysRecorded = new Counter({
    name: 'recway_surveys_recorded_total',
    help: 'Condition surveys stored, by method (perfilometro for those computed from a profile)',
    labelNames: ['metodo'] as const,
    registers: [this.registry],
  });

  readonly profileDuration = new Histogram({
    name: 'recway_profile_iri_duration_seconds',
    help: 'Reading, checking and computing the IRI of an uploaded longitudinal profile',
    buckets: PROFILE_BUCKETS,
    registers: [this.registry],
  });

  readonly wsConnections = new Gauge({
    name: 'recway_ws_connections',
    help: 'Open realtime connections on this instance',
    registers: [this.registry],
  });

  readonly wsEventsSent = new Counter({
    name: 'recway_ws_events_sent_total',
    help: 'Realtime events sent to subscribers, by type',
    labelNames: ['type'] as const,
    registers: [this.registry],
  });

  readonly wsDrops = new Counter({
    name: 'recway_ws_drops_total',
    help: 'Realtime connections refused or dropped by the server, by reason',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    // What this worker answers to the primary's requests (serve() starts listening for them at boot).
    if (cluster.isWorker) AggregatorRegistry.setRegistries([this.registry]);
  }
}
