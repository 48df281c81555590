import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Table `segmentos` (see migration CreateSegmentos). Read and written through SegmentsRepository only. */
@Entity('segmentos')
@Check('segmentos_nombre_not_blank', `btrim(nombre) <> ''`)
@Check('segmentos_longitud_range', 'longitud BETWEEN -180 AND 180')
@Check('segmentos_latitud_range', 'latitud BETWEEN -90 AND 90')
@Index('segmentos_created_at', ['createdAt', 'id'])
@Index('segmentos_nombre', ['nombre', 'id'])
export class Segment {
  @PrimaryGeneratedColumn({ name: 'id_segmento' })
  id: number;

  @Column({ type: 'varchar', length: 200 })
  nombre: string;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  descripcion: string | null;

  @Column({ type: 'double precision' })
  longitud: number;

  @Column({ type: 'double precision' })
  latitud: number;

  @Column({ type: 'varchar', length: 200, nullable: true })
  ubicacion: string | null;

  @Index('segmentos_geom_gist', { spatial: true })
  @Column({
    type: 'geometry',
    spatialFeatureType: 'Point',
    srid: 4326,
    generatedType: 'STORED',
    asExpression: 'ST_SetSRID(ST_MakePoint(longitud, latitud), 4326)',
    select: false,
    insert: false,
    update: false,
    nullable: true,
  })
  geom: unknown;

  @Index('segmentos_geog_gist', { spatial: true })
  @Column({
    type: 'geography',
    spatialFeatureType: 'Point',
    srid: 4326,
    generatedType: 'STORED',
    asExpression: 'ST_SetSRID(ST_MakePoint(longitud, latitud), 4326)::geography',
    select: false,
    insert: false,
    update: false,
    nullable: true,
  })
  geog: unknown;

  @Index('segmentos_geometria_gist', { spatial: true })
  @Column({ type: 'geometry', spatialFeatureType: 'LineString', srid: 4326, nullable: true, select: false })
  geometria: unknown;

  @Column({
    name: 'longitud_m',
    type: 'double precision',
    generatedType: 'STORED',
    asExpression: 'ST_Length(geometria::geography)',
    select: false,
    insert: false,
    update: false,
    nullable: true,
  })
  longitudM: number | null;

  @Column({
    name: 'search_text',
    type: 'text',
    generatedType: 'STORED',
    asExpression: "recway_fold(nombre || ' ' || coalesce(ubicacion, ''))",
    select: false,
    insert: false,
    update: false,
    nullable: true,
  })
  searchText: string;

  @Column({ type: 'integer', default: 1 })
  version: number;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
