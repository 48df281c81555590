import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Segment } from '../segments/segment.entity';

export const SURFACES = ['asfalto', 'concreto', 'afirmado', 'tierra'] as const;
export type Surface = (typeof SURFACES)[number];
export const SURVEY_METHODS = ['perfilometro', 'smartphone', 'visual', 'otro'] as const;
export type SurveyMethod = (typeof SURVEY_METHODS)[number];

/** Table `inspecciones` (see migration CreateInspecciones). Read and written through SurveysRepository only. */
@Entity('inspecciones')
@Check('inspecciones_iri_range', 'iri_m_km BETWEEN 0 AND 30')
@Check('inspecciones_pci_range', 'pci BETWEEN 0 AND 100')
@Check('inspecciones_superficie_check', `superficie IN ('asfalto', 'concreto', 'afirmado', 'tierra')`)
@Check('inspecciones_metodo_check', `metodo IN ('perfilometro', 'smartphone', 'visual', 'otro')`)
@Check('inspecciones_iri_or_pci', 'iri_m_km IS NOT NULL OR pci IS NOT NULL')
@Index('inspecciones_segmento_fecha', ['segmentId', 'fecha', 'id'])
export class Survey {
  @PrimaryGeneratedColumn({ name: 'id_inspeccion' })
  id: number;

  @Column({ name: 'id_segmento', type: 'integer' })
  segmentId: number;

  @ManyToOne(() => Segment, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'id_segmento', foreignKeyConstraintName: 'inspecciones_id_segmento_fkey' })
  segment?: Segment;

  @Column({ type: 'date' })
  fecha: string;

  @Column({ name: 'iri_m_km', type: 'double precision', nullable: true })
  iri: number | null;

  @Column({ type: 'double precision', nullable: true })
  pci: number | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  superficie: Surface | null;

  @Column({ type: 'varchar', length: 20 })
  metodo: SurveyMethod;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  observaciones: string | null;

  @Column({ type: 'jsonb', nullable: true })
  perfil: unknown;

  @Column({ name: 'creado_por', type: 'uuid', nullable: true })
  createdBy: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
