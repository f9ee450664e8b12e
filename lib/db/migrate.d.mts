/** What the migration runner needs of a database: PGlite, or lib/db/client.ts's EmbeddedDatabase. */
export interface MigrationTarget {
  exec(text: string): Promise<unknown>;
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: T[] }>;
  transaction<T>(work: (tx: Pick<MigrationTarget, "exec" | "query">) => Promise<T>): Promise<T>;
}

export interface MigrationResult {
  applied: string[];
  skipped: number;
}

export declare const migrationsDir: string;

export declare function migrate(pg: MigrationTarget): Promise<MigrationResult>;
