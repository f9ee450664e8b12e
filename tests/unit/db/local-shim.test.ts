import { readFileSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFreshProject } from "../../support/fresh-supabase";

// The local mode's stand-in for Supabase must not be kinder than a real project: whatever the
// migrations find in the shim, they must find on a fresh Supabase project too.

const shim = readFileSync(path.resolve(import.meta.dirname, "../../../lib/db/local/auth-shim.sql"), "utf8");
// Created by the local migration runner's shim as the Supabase CLI creates it on first push.
const localModeOnly = new Set(["schema supabase_migrations", "column supabase_migrations.schema_migrations.version", "column supabase_migrations.schema_migrations.name", "column supabase_migrations.schema_migrations.applied_at"]);

async function listObjects(pg: PGlite): Promise<Set<string>> {
  const system = ["pg_catalog", "information_schema", "pg_toast"];
  const queries = [
    "select 'role ' || rolname as name from pg_roles where rolname !~ '^pg_'",
    "select 'schema ' || nspname from pg_namespace where nspname <> all($1) and nspname !~ '^pg_'",
    `select 'column ' || table_schema || '.' || table_name || '.' || column_name from information_schema.columns where table_schema <> all($1)`,
    "select 'function ' || p.oid::regprocedure::text from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname <> all($1)",
    "select 'extension ' || extname || ' in ' || extnamespace::regnamespace::text from pg_extension",
    "select 'publication ' || pubname from pg_publication",
  ];
  const names = new Set<string>();
  for (const text of queries) {
    const { rows } = await pg.query<Record<string, string>>(text, text.includes("$1") ? [system] : []);
    for (const row of rows) names.add(Object.values(row)[0]!);
  }
  return names;
}

describe("the local mode's Supabase shim", () => {
  let local: PGlite;
  let fresh: PGlite;
  beforeAll(async () => {
    local = await PGlite.create({ extensions: { vector } });
    fresh = await createFreshProject("hosted");
  });
  afterAll(async () => {
    await local?.close();
    await fresh?.close();
  });

  it("provides nothing a fresh Supabase project lacks (pgvector included)", async () => {
    const before = await listObjects(local);
    await local.exec(shim);
    const added = [...(await listObjects(local))].filter((name) => !before.has(name) && !localModeOnly.has(name));
    const onSupabase = await listObjects(fresh);
    expect(added.filter((name) => !onSupabase.has(name)).sort()).toEqual([]);
    expect(added).toContain("column auth.users.raw_app_meta_data");
  });
});
