import type { EmbeddedQueries } from "@/lib/db/client";

interface PlanNode {
  "Relation Name"?: string;
  "Actual Rows": number;
  "Actual Loops": number;
  "Rows Removed by Filter"?: number;
  Plans?: PlanNode[];
}

/**
 * How many rows of `table` the statement read, kept or filtered out, over every loop of its
 * executed plan (EXPLAIN ANALYZE): what it costs as the table grows, without timing it.
 */
export async function rowsRead(pg: EmbeddedQueries, table: string, { sql, params }: { sql: string; params: unknown[] }): Promise<number> {
  const result = await pg.query<{ "QUERY PLAN": [{ Plan: PlanNode }] }>(`explain (analyze, format json) ${sql}`, params);
  const read = (node: PlanNode): number =>
    (node["Relation Name"] === table ? (node["Actual Rows"] + (node["Rows Removed by Filter"] ?? 0)) * node["Actual Loops"] : 0) +
    (node.Plans ?? []).reduce((sum, child) => sum + read(child), 0);
  return Math.round(read(result.rows[0]!["QUERY PLAN"][0].Plan));
}
