// Plain JavaScript, typed by ./upkeep.d.mts: it runs inside the database's worker thread
// (./pglite-worker.mjs), as ./wire-server.mjs does.

/**
 * PGlite runs Postgres as one session (single-user mode), where autovacuum never starts: no table
 * is ever analyzed or vacuumed by itself. The planner then plans a grown table on the statistics
 * it had when it was empty, and updated rows (a reply's saves, every request's counter) are never
 * reclaimed. This does autovacuum's job, on its rules: a table is vacuumed once its dead rows pass
 * autovacuum's threshold, and analyzed once its changed rows do (the defaults of
 * https://www.postgresql.org/docs/current/routine-vacuuming.html); a table never analyzed is
 * analyzed once it holds anything. Not autovacuum's vacuum after inserts alone: here a vacuum
 * holds up every request while it runs (a table of vectors takes its HNSW index with it), and what
 * it buys, index-only scans and frozen rows far from a wraparound, this database does not need.
 */
const dueTables = `
  select format('%I.%I', s.schemaname, s.relname) as name, s.n_dead_tup > 50 + 0.2 * greatest(c.reltuples, 0) as vacuum
  from pg_stat_user_tables s join pg_class c on c.oid = s.relid
  where s.n_dead_tup > 50 + 0.2 * greatest(c.reltuples, 0)
     or s.n_mod_since_analyze > 50 + 0.1 * greatest(c.reltuples, 0)
     or (c.reltuples < 0 and pg_relation_size(c.oid) > 0)
  order by 1`;

/**
 * One round of upkeep through `server` (./wire-server.mjs): the due tables are found, then each is
 * vacuumed and analyzed, or analyzed, in a turn of its own, so requests go on between tables
 * rather than wait for them all; `stopped` is asked before each. Returns what it did, as
 * `vacuum (analyze) t` or `analyze t`.
 * @param {import("@electric-sql/pglite").PGlite} db
 * @param {import("./wire-server.d.mts").WireServer} server
 * @param {() => boolean} [stopped]
 */
export async function upkeep(db, server, stopped = () => false) {
  const due = await server.exclusive(() => db.query(dueTables));
  const done = [];
  for (const { name, vacuum } of /** @type {{ name: string, vacuum: boolean }[]} */ (due.rows)) {
    if (stopped()) break;
    const command = `${vacuum ? "vacuum (analyze)" : "analyze"} ${name}`;
    await server.exclusive(() => db.exec(command));
    done.push(command);
  }
  return done;
}

/**
 * Runs `upkeep` every `intervalMs`, as autovacuum would run alongside the requests (it naps a
 * minute; checking here is one small query, and a new database's tables grow fast, so it checks
 * more often). `onError` hears of a round that failed. Returns `stop`, which ends the rounds and
 * waits for one under way to finish its table.
 * @param {import("@electric-sql/pglite").PGlite} db
 * @param {import("./wire-server.d.mts").WireServer} server
 * @param {{ intervalMs: number, onError: (error: unknown) => void }} options
 */
export function startUpkeep(db, server, { intervalMs, onError }) {
  /** @type {Promise<void> | null} */
  let round = null;
  let stopped = false;
  const timer = setInterval(() => {
    if (round) return;
    round = upkeep(db, server, () => stopped)
      .then(() => {}, onError)
      .finally(() => {
        round = null;
      });
  }, intervalMs);
  timer.unref();
  return async function stop() {
    stopped = true;
    clearInterval(timer);
    await round;
  };
}
