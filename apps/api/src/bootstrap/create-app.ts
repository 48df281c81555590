import { NestFactory } from '@nestjs/core';
import type { Response } from 'express';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { AppModule } from '../app.module';
import { configureApp } from './configure-app';

/** Builds the fully configured application (not yet listening). */
export async function createApp(): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    bodyParser: false,
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  app.flushLogs();
  configureApp(app);
  await app.init();
  // Nest answers unknown routes inside API_V1_STR; this covers the rest with the same JSON shape.
  app.use((_request: unknown, response: Response) => response.status(404).json({ detail: 'Not Found' }));
  return app;
}
