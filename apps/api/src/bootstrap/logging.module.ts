import { hostname } from 'node:os';
import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { RecwayConfig } from '@recway/config';
import { LoggerModule } from 'nestjs-pino';
import type { Options } from 'pino-http';
import PinoPretty from 'pino-pretty';

/**
 * Structured JSON logs at LOG_LEVEL through one pino logger (nestjs-pino is Nest's logger). The line
 * per request, with its request id, is written by the request observer (installRequestObserver), not
 * by pino-http: its per-request child logger and bindings cost ~30 % of the framework's throughput.
 * A person at a terminal outside production reads the logs pretty-printed; pipes, files, CI and
 * production keep one JSON line per event.
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<RecwayConfig, true>) => ({
        pinoHttp: readByAPerson(config) ? [pinoOptions(config), prettyStream()] : pinoOptions(config),
        // No routes: pino-http's middleware is never mounted, its logger becomes PinoLogger.root.
        forRoutes: [],
      }),
    }),
  ],
})
export class LoggingModule {}

function pinoOptions(config: ConfigService<RecwayConfig, true>): Options {
  const service: string = config.get('app.name', { infer: true });
  return {
    level: config.get('app.logLevel', { infer: true }),
    base: { pid: process.pid, hostname: hostname(), service },
    // The request observer logs plain { req, res } objects; pino-http's serializers expect Node's own.
    wrapSerializers: false,
    // Request lines carry only id, method, URL and status; this guards anything else that logs a request.
    redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
  };
}

function readByAPerson(config: ConfigService<RecwayConfig, true>): boolean {
  return process.stdout.isTTY === true && !config.get('app.isProduction', { infer: true });
}

/** Synchronous, so a line printed just before an exit (or a one-time password) is never lost. */
function prettyStream() {
  return PinoPretty({
    sync: true,
    colorize: true,
    translateTime: 'SYS:HH:MM:ss.l',
    messageFormat: '{if context}[{context}] {end}{msg}',
    ignore: 'pid,hostname,service,context',
  });
}
