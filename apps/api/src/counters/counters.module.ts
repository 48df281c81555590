import { Module } from '@nestjs/common';
import { RedisModule } from '../redis/redis.module';
import { CounterStore } from './counter.store';

@Module({ imports: [RedisModule], providers: [CounterStore], exports: [CounterStore] })
export class CountersModule {}
