import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, getEmbeddedDatabase, type EmbeddedDatabase } from "@/lib/db/client";
import { branchTailQuery, listBranchEndingAt, listBranchPage } from "@/lib/db/queries/branch";
import { withUserAtOnce } from "@/lib/db/transaction";
import { rowsRead } from "../../support/rows-read";

// A turn reads the end of its chat's branch, and the chat's page its newest messages: what either
// costs must not grow with the chat. Walking the whole branch to keep its end made a turn in a chat
// of 600 messages wait some 150 ms for its history on this machine, and every step of the walk
// scanned the chat once the statistics knew the chat was long: quadratic in the chat's length.

const alice = { id: "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa", email: "alice@example.com" };
const chatId = "cccccccc-cccc-4ccc-8ccc-cccccccccccc";
const length = 400;
let pg: EmbeddedDatabase;
let ids: string[];

beforeAll(async () => {
  pg = await getEmbeddedDatabase();
  await pg.exec(`
    insert into auth.users (id, email, encrypted_password) values ('${alice.id}', '${alice.email}', 'x');
    insert into chats (id, user_id, title) values ('${chatId}', '${alice.id}', 'A long talk');
    do $$
    declare parent uuid;
    begin
      for n in 1..${length} loop
        insert into messages (chat_id, user_id, role, content, parent_id)
        values ('${chatId}', '${alice.id}', case when n % 2 = 1 then 'user' else 'assistant' end, 'message ' || n, parent)
        returning id into parent;
      end loop;
    end $$;
    -- As autovacuum leaves a table in the Supabase mode, and the embedded database's upkeep in the local one.
    analyze messages;`);
  ids = (await pg.query<{ id: string }>("select id from messages where chat_id = $1 order by seq", [chatId])).rows.map((row) => row.id);
});
afterAll(() => closeDb());

const messageRowsRead = (statement: { sql: string; params: unknown[] }) => rowsRead(pg, "messages", statement);

describe("reading the end of a long chat's branch", () => {
  it("a turn's history is the branch's last messages, oldest first", async () => {
    const tail = await withUserAtOnce(alice, (tx) => listBranchEndingAt(tx, { chatId, userId: alice.id, messageId: ids.at(-1)!, limit: 41 }));
    expect(tail.map((message) => message.id)).toEqual(ids.slice(-41));
  });

  it("reads about as many messages as it returns, not the chat", async () => {
    const statement = await withUserAtOnce(alice, async (tx) => branchTailQuery(tx, { chatId, userId: alice.id, messageId: ids.at(-1)!, limit: 41 }).toSQL());
    expect(await messageRowsRead(statement)).toBeLessThanOrEqual(3 * 41);
  });

  it("a page of the chat, newest or before a message, reads what the page holds and the way to it", async () => {
    const newest = await withUserAtOnce(alice, (tx) => listBranchPage(tx, { chatId, userId: alice.id, limit: 20 }));
    expect(newest.map((message) => message.id)).toEqual(ids.slice(-21).reverse());
    const earlier = await withUserAtOnce(alice, (tx) => listBranchPage(tx, { chatId, userId: alice.id, before: ids.at(-40)!, limit: 20 }));
    expect(earlier.map((message) => message.id)).toEqual(ids.slice(-61, -39).reverse());

    const first = await withUserAtOnce(alice, async (tx) => listBranchPage(tx, { chatId, userId: alice.id, limit: 20 }).toSQL());
    // A few reads per message on the way (its step of the walk, its row, its versions), not the chat's 400.
    expect(await messageRowsRead(first)).toBeLessThanOrEqual(5 * 21);
    const before = await withUserAtOnce(alice, async (tx) => listBranchPage(tx, { chatId, userId: alice.id, before: ids.at(-40)!, limit: 20 }).toSQL());
    expect(await messageRowsRead(before)).toBeLessThanOrEqual(5 * (40 + 22));
  });

  it("a page before a message of another branch or chat holds nothing", async () => {
    const elsewhere = await withUserAtOnce(alice, (tx) => listBranchPage(tx, { chatId, userId: alice.id, before: "dddddddd-dddd-4ddd-8ddd-dddddddddddd", limit: 20 }));
    expect(elsewhere).toEqual([]);
  });
});
