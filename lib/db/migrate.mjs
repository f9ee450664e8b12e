// Plain JavaScript, typed by ./migrate.d.mts: the database's worker thread (local/pglite-worker.mjs)
// runs it, and Node loads that thread's modules as they are.
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";

const root = process.cwd();
export const migrationsDir = path.join(root, "supabase", "migrations");
const shimPath = path.join(root, "lib", "db", "local", "auth-shim.sql");
const recordTable = "supabase_migrations.schema_migrations";

/**
 * The migration files, oldest first, and a fingerprint of the shim with every file's name: an
 * existing data directory whose record carries the same fingerprint needs nothing applied.
 */
async function readPlan() {
  const [shim, names] = await Promise.all([fs.readFile(shimPath, "utf8"), fs.readdir(migrationsDir)]);
  const files = names.filter((file) => /^\d+_[\w-]+\.sql$/.test(file)).sort();
  const fingerprint = createHash("sha256").update(shim).update(files.join("\n")).digest("hex");
  return { shim, files, fingerprint };
}

/** @param {import("./migrate.d.mts").MigrationTarget} pg */
async function readFingerprint(pg) {
  try {
    const { rows } = await pg.query(`select obj_description('${recordTable}'::regclass, 'pg_class') as fingerprint`);
    return rows[0]?.fingerprint ?? null;
  } catch {
    return null; // a new data directory: no record yet
  }
}

/**
 * Applies the local auth shim, then every `supabase/migrations/<version>_<name>.sql` not yet
 * recorded, each in its own transaction together with its record, so a failed file leaves nothing.
 * A schema that is up to date costs one query: the record's fingerprint (readPlan) is compared, and
 * only the shim's session setting is made again. Files are identified by name: an applied
 * migration is never edited, a new one gets a new file.
 *
 * @param {import("./migrate.d.mts").MigrationTarget} pg
 * @returns {Promise<import("./migrate.d.mts").MigrationResult>}
 */
export async function migrate(pg) {
  const plan = await readPlan();
  if ((await readFingerprint(pg)) === plan.fingerprint) {
    await pg.exec(sessionSettings(plan.shim));
    return { applied: [], skipped: plan.files.length };
  }
  await pg.exec(plan.shim);
  const done = new Set((await pg.query(`select version from ${recordTable}`)).rows.map((row) => row.version));
  const applied = [];
  for (const file of plan.files) {
    const [version, ...rest] = file.replace(/\.sql$/, "").split("_");
    if (!version || done.has(version)) continue;
    const sqlText = await fs.readFile(path.join(migrationsDir, file), "utf8");
    await pg.transaction(async (tx) => {
      await tx.exec(sqlText);
      await tx.query(`insert into ${recordTable} (version, name) values ($1, $2)`, [version, rest.join("_")]);
    });
    applied.push(file);
  }
  await pg.exec(`comment on table ${recordTable} is '${plan.fingerprint}'`);
  return { applied, skipped: plan.files.length - applied.length };
}

/** The shim's closing `set` statements: they hold for the session, so every start makes them again. */
function sessionSettings(shim) {
  return shim
    .split("\n")
    .filter((line) => /^set \w+ to /i.test(line))
    .join("\n");
}
