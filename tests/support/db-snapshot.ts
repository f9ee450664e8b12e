import type { EmbeddedQueries } from "@/lib/db/client";

/** Every row of every table, as sorted JSON texts, by `schema.table`. */
export type DbSnapshot = Map<string, string[]>;

export interface TableChange {
  table: string;
  added: string[];
  removed: string[];
}

/** Every table of the database but Postgres's own catalogs, less `excluded` (`schema.table`). */
export async function listTables(pg: EmbeddedQueries, excluded: readonly string[]): Promise<string[]> {
  const { rows } = await pg.query<{ name: string }>(`
    select format('%I.%I', n.nspname, c.relname) as name
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where c.relkind in ('r', 'p') and not c.relispartition
      and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_%'
    order by 1`);
  return rows.map((row) => row.name).filter((name) => !excluded.includes(name));
}

/**
 * Reads every row of `tables` in one statement (one round trip, one consistent view). Rows are
 * compared as whole JSON texts, so a change to any column of any row shows.
 */
export function snapshotReader(pg: EmbeddedQueries, tables: readonly string[]): () => Promise<DbSnapshot> {
  const statement = tables
    .map((table, index) => `select ${index} as t, coalesce((select array_agg(to_jsonb(r)::text order by to_jsonb(r)::text) from ${table} r), '{}') as rows`)
    .join("\nunion all\n");
  return async () => {
    const { rows } = await pg.query<{ t: number; rows: string[] }>(statement);
    return new Map(rows.map((row) => [tables[row.t]!, row.rows]));
  };
}

/** The tables whose rows differ, with the rows only one side has. */
export function diffSnapshots(before: DbSnapshot, after: DbSnapshot): TableChange[] {
  const changes: TableChange[] = [];
  for (const [table, rowsBefore] of before) {
    const rowsAfter = after.get(table) ?? [];
    if (rowsBefore.length === rowsAfter.length && rowsBefore.every((row, index) => row === rowsAfter[index])) continue;
    const setBefore = new Set(rowsBefore);
    const setAfter = new Set(rowsAfter);
    changes.push({
      table,
      added: rowsAfter.filter((row) => !setBefore.has(row)),
      removed: rowsBefore.filter((row) => !setAfter.has(row)),
    });
  }
  return changes;
}
