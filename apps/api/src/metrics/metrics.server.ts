import cluster from 'node:cluster';
import type { Server } from 'node:http';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { RecwayConfig } from '@recway/config';
import { createMetricsServer } from './metrics-endpoint';
import { MetricsService } from './metrics.service';

/**
 * With METRICS_PORT, metrics live on their own server, reachable only where that port is published.
 * In a cluster the primary serves that port for all workers (see cluster-primary.ts).
 */
@Injectable()
export class MetricsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private server?: Server;

  constructor(
    private readonly metrics: MetricsService,
    @Inject(ConfigService) private readonly config: ConfigService<RecwayConfig, true>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { enabled, port, path, token } = this.config.get('metrics', { infer: true });
    if (!enabled || port === undefined || cluster.isWorker) return;
    this.server = createMetricsServer(this.metrics.registry, path, token);
    await new Promise<void>((resolve, reject) => {
      this.server?.once('error', reject).listen(port, () => resolve());
    });
    new Logger('Metrics').log(`Metrics on port ${port}${path}`);
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections(); // a scrape is not worth waiting for
    await closed;
  }
}
