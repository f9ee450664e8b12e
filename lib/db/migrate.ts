import "server-only";
import fs from "node:fs/promises";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";

const root = process.cwd();
export const migrationsDir = path.join(root, "supabase", "migrations");
const shimPath = path.join(root, "lib", "db", "local", "auth-shim.sql");

export interface MigrationResult {
  applied: string[];
  skipped: number;
}

/**
 * Applies the local auth shim, then every `supabase/migrations/<version>_<name>.sql` not yet
 * recorded, each in its own transaction together with its record, so a failed file leaves nothing.
 */
export async function migrate(pg: PGlite): Promise<MigrationResult> {
  await pg.exec(await fs.readFile(shimPath, "utf8"));
  const files = (await fs.readdir(migrationsDir)).filter((file) => /^\d+_[\w-]+\.sql$/.test(file)).sort();
  const done = new Set(
    (await pg.query<{ version: string }>("select version from supabase_migrations.schema_migrations")).rows.map(
      (row) => row.version,
    ),
  );
  const applied: string[] = [];
  for (const file of files) {
    const [version, ...rest] = file.replace(/\.sql$/, "").split("_");
    if (!version || done.has(version)) continue;
    const sqlText = await fs.readFile(path.join(migrationsDir, file), "utf8");
    await pg.transaction(async (tx) => {
      await tx.exec(sqlText);
      await tx.query("insert into supabase_migrations.schema_migrations (version, name) values ($1, $2)", [
        version,
        rest.join("_"),
      ]);
    });
    applied.push(file);
  }
  return { applied, skipped: files.length - applied.length };
}
