import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ServeStaticModule } from '@nestjs/serve-static';
import { RecwayConfig } from '@recway/config';
import { WebController } from './web.controller';
import { webStaticOptions } from './web-static.options';

/** The map page (apps/web, built by Vite) at `/`, and the settings it reads. */
@Module({
  imports: [
    ServeStaticModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<RecwayConfig, true>) =>
        webStaticOptions(config.get('web', { infer: true }), config.get('app.isProduction', { infer: true })),
    }),
  ],
  controllers: [WebController],
})
export class WebModule {}
