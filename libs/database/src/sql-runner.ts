/**
 * Where a repository runs its SQL: the primary's DataSource or EntityManager (a transaction), or a
 * read replica's pool (apps/api/src/replicas). RecWay's repositories bind every value as a parameter.
 */
export interface SqlRunner {
  query<T = unknown>(sql: string, parameters?: unknown[]): Promise<T>;
}
