import { Global, Module } from '@nestjs/common';
import { ReadReplicas } from './read-replicas.service';

/** Global: the Segments, GIS, Condition and API-key reads, health and metrics all ask it. */
@Global()
@Module({ providers: [ReadReplicas], exports: [ReadReplicas] })
export class ReplicasModule {}
