/**
 * The framework floor: an empty Nest application on the same Express adapter RecWay uses, one route
 * answering the liveness JSON, no middleware, guards, logging or data. Whatever RecWay serves costs at
 * least this much per request; the bench reports it next to the bare node:http server.
 */
import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

@Controller('health')
class LivenessController {
  @Get()
  liveness(): Record<string, unknown> {
    return { status: 'healthy', timestamp: new Date().toISOString(), uptime: process.uptime(), version: 'bench' };
  }
}

@Module({ controllers: [LivenessController] })
class EmptyModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create(EmptyModule, { logger: false });
  await app.listen(Number(process.env.PORT ?? 3902), '127.0.0.1');
  process.on('SIGTERM', () => void app.close());
}

void main();
