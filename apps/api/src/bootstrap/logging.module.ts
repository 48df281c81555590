import { Module, RequestMethod } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { RecwayConfig } from '@recway/config';
import { assignRequestId } from '@recway/common';
import { LoggerModule } from 'nestjs-pino';
import type { Options } from 'pino-http';
import PinoPretty from 'pino-pretty';

/**
 * Structured JSON logs at LOG_LEVEL: one line per request, each with its request id. A person at a
 * terminal outside production reads them pretty-printed instead; pipes, files, CI and production
 * keep one JSON line per event.
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<RecwayConfig, true>) => ({
        pinoHttp: readByAPerson(config) ? [pinoOptions(config), prettyStream()] : pinoOptions(config),
        forRoutes: [{ path: '{/*splat}', method: RequestMethod.ALL }],
        // Probes poll every few seconds and would drown the log; they also sit outside the API prefix,
        // where Nest mounts this middleware twice (one line per request is the rule).
        exclude: [
          { path: 'health', method: RequestMethod.ALL },
          { path: 'health/{*rest}', method: RequestMethod.ALL },
        ],
      }),
    }),
  ],
})
export class LoggingModule {}

function pinoOptions(config: ConfigService<RecwayConfig, true>): Options {
  return {
    level: config.get('app.logLevel', { infer: true }),
    genReqId: assignRequestId,
    customProps: () => ({ service: config.get('app.name', { infer: true }) }),
    redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({
        id: req.id,
        method: req.method,
        url: req.url,
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
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
