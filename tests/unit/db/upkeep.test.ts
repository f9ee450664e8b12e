import { PGlite } from "@electric-sql/pglite";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upkeep } from "@/lib/db/local/upkeep.mjs";
import { serveOverWire, type WireServer } from "@/lib/db/local/wire-server.mjs";

// PGlite is Postgres in single-user mode, where autovacuum never runs: the local mode's upkeep
// analyzes and vacuums the tables on autovacuum's rules instead, between the connections' turns.

let db: PGlite;
let server: WireServer;
let sql: postgres.Sql;

beforeAll(async () => {
  db = await PGlite.create();
  server = await serveOverWire(db);
  sql = postgres(server.url, { prepare: false, max: 2, onnotice: () => {} });
  await sql`create table notes (id int primary key, body text not null)`;
});
afterAll(async () => {
  await sql?.end();
  await server?.close();
  await db?.close();
});

/** Statistics reach pg_stat_user_tables at most once a second unless a flush is asked for. */
async function flushStatistics() {
  await db.query("select pg_stat_force_next_flush()");
  await db.query("select 1");
}

const statsOfNotes = async () =>
  (
    await db.query<{ reltuples: number; analyzed: boolean; dead: number }>(
      `select c.reltuples, s.last_analyze is not null as analyzed, s.n_dead_tup::int as dead
       from pg_stat_user_tables s join pg_class c on c.oid = s.relid where s.relname = 'notes'`,
    )
  ).rows[0]!;

describe("the embedded database's upkeep", () => {
  it("analyzes a table that was filled, then leaves it alone until it changes enough", async () => {
    await sql`insert into notes select n, 'note ' || n from generate_series(1, 200) n`;
    await flushStatistics();
    expect(await upkeep(db, server)).toContain("analyze public.notes");
    expect(await statsOfNotes()).toMatchObject({ reltuples: 200, analyzed: true });

    await flushStatistics();
    expect(await upkeep(db, server)).not.toContain("analyze public.notes");
    // 40 changed rows of 200 are under autovacuum's threshold (50 + 10 %).
    await sql`update notes set body = body || '!' where id <= 40`;
    await flushStatistics();
    expect((await upkeep(db, server)).filter((command) => command.endsWith("public.notes"))).toEqual([]);
  });

  it("vacuums a table once its dead rows pass the threshold, and analyzes it with it", async () => {
    await sql`update notes set body = body || '?'`;
    await flushStatistics();
    expect(await upkeep(db, server)).toContain("vacuum (analyze) public.notes");
    await flushStatistics();
    expect((await statsOfNotes()).dead).toBe(0);
  });

  it("waits for a connection's open transaction (a vacuum cannot run inside one) and runs after it", async () => {
    await sql`delete from notes`;
    await flushStatistics();
    let settled = false;
    let round: Promise<string[]> | undefined;
    await sql.begin(async (tx) => {
      await tx`insert into notes values (1, 'kept')`;
      round = upkeep(db, server).finally(() => {
        settled = true;
      });
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(settled).toBe(false);
      await tx`insert into notes values (2, 'kept too')`;
    });
    expect(await round).toContain("vacuum (analyze) public.notes");
    expect(await sql`select id from notes order by id`).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it("leaves the connections' turns going when a task of its own fails", async () => {
    await expect(server.exclusive(() => db.exec("vacuum no_such_table"))).rejects.toThrow(/no_such_table/);
    expect(await sql`select 1 as one`).toEqual([{ one: 1 }]);
  });
});
