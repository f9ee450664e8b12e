import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, getEmbeddedDatabase, type EmbeddedDatabase } from "@/lib/db/client";
import { getJobBacklogs, type JobsDatabase, type Query } from "@/supabase/functions/_shared/job-queue";
import { rowsRead } from "../../support/rows-read";

// The health check counts the open jobs on every call; done jobs are kept a day. What the count
// costs must follow the open jobs, not the day's finished work.

const alice = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";
let pg: EmbeddedDatabase;

beforeAll(async () => {
  pg = await getEmbeddedDatabase();
  await pg.exec(`
    insert into auth.users (id, email, encrypted_password) values ('${alice}', 'alice@example.com', 'x');
    insert into private.jobs (kind, user_id, payload, status)
      select 'index_document', '${alice}', jsonb_build_object('documentId', gen_random_uuid()), 'done' from generate_series(1, 5000);
    insert into private.jobs (kind, user_id, payload, status)
      select 'index_document', '${alice}', jsonb_build_object('documentId', gen_random_uuid()), 'pending' from generate_series(1, 3);
    analyze private.jobs;`);
});
afterAll(() => closeDb());

/** A JobsDatabase that runs each statement under EXPLAIN ANALYZE and keeps how many job rows it read (kept or filtered out). */
function explaining(read: number[]): JobsDatabase {
  const query = (async (strings: TemplateStringsArray, ...values: unknown[]) => {
    const text = strings.reduce((sql, part, index) => `${sql}$${index}${part}`);
    read.push(await rowsRead(pg, "jobs", { sql: text, params: values }));
    return pg.query(text, values).then((answer) => answer.rows);
  }) as Query;
  return { transaction: (work) => work(query) };
}

describe("the job backlogs the health check reads", () => {
  it("are counted from the open jobs alone, however many are done", async () => {
    const read: number[] = [];
    const backlogs = await getJobBacklogs(explaining(read), ["embed_message", "index_document"]);
    expect(backlogs.index_document).toMatchObject({ pending: 3, running: 0, dead: 0 });
    expect(backlogs.embed_message).toMatchObject({ pending: 0, running: 0, dead: 0 });
    expect(read).toEqual([3]);
  });
});
