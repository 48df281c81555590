import { Module, RequestMethod } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { RecwayConfig } from '@recway/config';
import { assignRequestId } from '@recway/common';
import { LoggerModule } from 'nestjs-pino';

/** Structured JSON logs at LOG_LEVEL: one line per request, each with its request id. */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<RecwayConfig, true>) => ({
        forRoutes: [{ path: '{/*splat}', method: RequestMethod.ALL }],
        // Probes poll every few seconds and would drown the log; they also sit outside the API prefix,
        // where Nest mounts this middleware twice (one line per request is the rule).
        exclude: [
          { path: 'health', method: RequestMethod.ALL },
          { path: 'health/{*rest}', method: RequestMethod.ALL },
        ],
        pinoHttp: {
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
        },
      }),
    }),
  ],
})
export class LoggingModule {}
