import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { HealthService } from './health.service';

/** HEALTH_CHECK_PATH (default /api/v1/health, the seed's monitoring URL) answers as /health/ready. */
export function installHealthCheckPath(app: NestExpressApplication, path: string): void {
  const health = app.get(HealthService);
  app
    .getHttpAdapter()
    .getInstance()
    .get(path, (_request: Request, response: Response, next: NextFunction) => {
      health.readiness().then(({ ready, result }) => response.status(ready ? 200 : 503).json(result), next);
    });
}
