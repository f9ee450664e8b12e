import fs from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pgcrypto } from "@electric-sql/pglite/contrib/pgcrypto";
import { uuid_ossp } from "@electric-sql/pglite/contrib/uuid_ossp";
import { vector } from "@electric-sql/pglite-pgvector";

/**
 * A new Supabase project's database, before any migration of ours (./fresh-supabase/project.sql
 * lists what it holds and where it deviates), in one of two variants:
 *
 * - `hosted`: today's hosted default. New tables and functions in `public` are not granted to
 *   `anon`, `authenticated` or `service_role` (new projects since 30 May 2026, every project's new
 *   tables since 30 October 2026).
 * - `self-hosted`: the original default that self-hosted Supabase (and older hosted tables) keep:
 *   ALL on every table, function and sequence `postgres` creates in `public`, to the API roles.
 *
 * Either way Postgres itself still grants EXECUTE on every new function to PUBLIC.
 */
export type ProjectVariant = "hosted" | "self-hosted";
export const projectVariants: ProjectVariant[] = ["hosted", "self-hosted"];

const root = path.resolve(import.meta.dirname, "../..");
const migrationsDir = path.join(root, "supabase", "migrations");

const defaultPrivileges: Record<ProjectVariant, string> = {
  hosted: `
    alter default privileges for role postgres in schema public grant all on tables to postgres;
    alter default privileges for role postgres in schema public grant all on sequences to postgres;`,
  "self-hosted": `
    alter default privileges for role postgres in schema public grant all on tables to postgres, anon, authenticated, service_role;
    alter default privileges for role postgres in schema public grant all on functions to postgres, anon, authenticated, service_role;
    alter default privileges for role postgres in schema public grant all on sequences to postgres, anon, authenticated, service_role;`,
};

/** The fresh project, connected as the bootstrap superuser `supabase_admin`. */
export async function createFreshProject(variant: ProjectVariant): Promise<PGlite> {
  const pg = await PGlite.create({
    username: "supabase_admin",
    initDbStartParams: ["-U", "supabase_admin"],
    extensions: { vector, pgcrypto, uuid_ossp },
  });
  // Stands in for supautils' privileged extensions (see project.sql): postgres may create pgvector.
  const { FS } = (pg as unknown as { mod: { FS: EmscriptenFs } }).mod;
  const control = "/pglite/share/postgresql/extension/vector.control";
  FS.writeFile(control, `${FS.readFile(control, { encoding: "utf8" })}trusted = true\n`);
  await pg.exec(await fs.readFile(path.join(import.meta.dirname, "fresh-supabase", "project.sql"), "utf8"));
  await pg.exec(defaultPrivileges[variant]);
  return pg;
}

interface EmscriptenFs {
  readFile(path: string, options: { encoding: "utf8" }): string;
  writeFile(path: string, data: string): void;
}

/**
 * Applies supabase/migrations as `supabase db push` does: connected as `postgres` (not a superuser),
 * with its login search_path, each file in one transaction with its record in
 * `supabase_migrations.schema_migrations`, which the CLI creates on first push.
 */
export async function pushMigrations(pg: PGlite): Promise<string[]> {
  await connectAsPostgres(pg);
  await pg.exec(`
    create schema if not exists supabase_migrations;
    create table if not exists supabase_migrations.schema_migrations (version text primary key, statements text[], name text);`);
  const done = new Set((await pg.query<{ version: string }>("select version from supabase_migrations.schema_migrations")).rows.map((row) => row.version));
  const files = (await fs.readdir(migrationsDir)).filter((file) => /^\d+_[\w-]+\.sql$/.test(file)).sort();
  const applied: string[] = [];
  for (const file of files) {
    const [version = "", ...name] = file.replace(/\.sql$/, "").split("_");
    if (done.has(version)) continue;
    const text = await fs.readFile(path.join(migrationsDir, file), "utf8");
    try {
      await pg.transaction(async (tx) => {
        await tx.exec(text);
        await tx.query("insert into supabase_migrations.schema_migrations (version, name) values ($1, $2)", [version, name.join("_")]);
      });
    } catch (error) {
      throw new Error(`${file} failed on a fresh project: ${(error as Error).message}`, { cause: error });
    }
    applied.push(file);
  }
  return applied;
}

/**
 * Makes the one PGlite session `postgres`, as the pooler's connections are: its privileges and
 * its login settings (search_path). Everything after this runs as `postgres`.
 */
export async function connectAsPostgres(pg: PGlite): Promise<void> {
  await pg.exec(`set session authorization postgres; set search_path to "$user", public, extensions;`);
}
