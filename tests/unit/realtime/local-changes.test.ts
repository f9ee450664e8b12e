import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp } from "@/lib/auth/sign-up";
import { boot } from "@/lib/boot";
import { closeDb, getEmbeddedDatabase } from "@/lib/db/client";
import { withService, withUser, type DbUser } from "@/lib/db/transaction";
import { changesChannel, subscribeToChanges } from "@/lib/realtime/local-changes";
import type { ChangeEvent } from "@/lib/realtime/types";

let alice: DbUser;
let bob: DbUser;

beforeAll(async () => {
  await boot({ worker: false });
  alice = (await signUp(new Request("http://localhost/api/auth/signup"), { email: "alice@example.com", password: "alice-password", clientAddress: "192.0.2.1" })).session.user;
  bob = (await signUp(new Request("http://localhost/api/auth/signup"), { email: "bob@example.com", password: "bob-password", clientAddress: "192.0.2.1" })).session.user;
});
afterAll(() => closeDb());

/**
 * Resolves once every notification sent before it has reached this process: notifications arrive
 * in order, so seeing a marker sent now means nothing earlier is still on its way.
 */
async function delivered(user: DbUser, markers: Set<string>): Promise<void> {
  const marker = randomUUID();
  markers.add(marker);
  const pg = await getEmbeddedDatabase();
  await new Promise<void>((resolve) => {
    const unsubscribe = subscribeToChanges(user.id, (event) => {
      if (event.id !== marker) return;
      unsubscribe();
      resolve();
    });
    const payload = JSON.stringify({ table: "chats", type: "UPDATE", id: marker, chat_id: marker, user_id: user.id });
    void pg.query("select pg_notify($1, $2)", [changesChannel, payload]);
  });
}

/** Collects a person's change events caused by `work`, and none from before it. */
async function changesDuring(user: DbUser, work: () => Promise<void>): Promise<ChangeEvent[]> {
  const markers = new Set<string>();
  await delivered(user, markers);
  const seen: ChangeEvent[] = [];
  const unsubscribe = subscribeToChanges(user.id, (event) => void (markers.has(event.id) || seen.push(event)));
  try {
    await work();
    await delivered(user, markers);
  } finally {
    unsubscribe();
  }
  return seen;
}

const createChatWithMessage = (user: DbUser, content: string) =>
  withUser(user, async (tx) => {
    const chatId = (await tx.execute<{ id: string }>(sql`insert into chats (title) values ('Plans') returning id`)).rows[0]!.id;
    const messageId = (await tx.execute<{ id: string }>(sql`insert into messages (chat_id, role, content) values (${chatId}, 'user', ${content}) returning id`)).rows[0]!.id;
    return { chatId, messageId };
  });

describe("change events from the embedded database", () => {
  it("tell Alice about her chat and message by id, after commit, and tell Bob nothing", async () => {
    let ids = { chatId: "", messageId: "" };
    let bobSaw: ChangeEvent[] = [];
    const aliceSaw = await changesDuring(alice, async () => {
      bobSaw = await changesDuring(bob, async () => {
        ids = await createChatWithMessage(alice, "my secret plan");
        await withUser(alice, (tx) => tx.execute(sql`update messages set content = 'more secret' where id = ${ids.messageId}`));
      });
    });
    const { chatId, messageId } = ids;
    expect(aliceSaw).toEqual([
      { table: "chats", type: "INSERT", id: chatId, chatId },
      { table: "messages", type: "INSERT", id: messageId, chatId },
      { table: "chats", type: "UPDATE", id: chatId, chatId },
      { table: "messages", type: "UPDATE", id: messageId, chatId },
    ]);
    expect(bobSaw).toEqual([]);
  });

  it("announce nothing for a rolled-back transaction", async () => {
    const seen = await changesDuring(alice, async () => {
      await expect(
        withUser(alice, async (tx) => {
          await tx.execute(sql`insert into chats (title) values ('Never')`);
          throw new Error("rolled back");
        }),
      ).rejects.toThrow("rolled back");
    });
    expect(seen).toEqual([]);
  });

  it("say a chat was deleted once, not once per message, also when the account goes", async () => {
    const { chatId } = await createChatWithMessage(alice, "one");
    await withUser(alice, (tx) => tx.execute(sql`insert into messages (chat_id, role, content) values (${chatId}, 'assistant', 'two')`));
    const seen = await changesDuring(alice, () => withUser(alice, async (tx) => void (await tx.execute(sql`delete from chats where id = ${chatId}`))));
    expect(seen).toEqual([{ table: "chats", type: "DELETE", id: chatId, chatId }]);

    const carol = (await signUp(new Request("http://localhost/api/auth/signup"), { email: "carol@example.com", password: "carol-password", clientAddress: "192.0.2.1" })).session.user;
    const carols = await createChatWithMessage(carol, "bye");
    const carolSaw = await changesDuring(carol, () => withService("account.delete", async (tx) => void (await tx.execute(sql`delete from auth.users where id = ${carol.id}`))));
    expect(carolSaw).toEqual([{ table: "chats", type: "DELETE", id: carols.chatId, chatId: carols.chatId }]);
  });

  it("stay off where no process turned them on (Supabase, where Realtime reads the publication)", async () => {
    const pg = await getEmbeddedDatabase();
    const published = await pg.query<{ tablename: string }>("select tablename from pg_publication_tables where pubname = 'supabase_realtime' order by 1");
    expect(published.rows.map((row) => row.tablename)).toEqual(["chats", "messages"]);

    await pg.exec("reset mneme.notify_changes");
    try {
      expect(await changesDuring(alice, async () => void (await createChatWithMessage(alice, "quiet")))).toEqual([]);
    } finally {
      await pg.exec("set mneme.notify_changes = 'on'");
    }
    expect(await changesDuring(alice, async () => void (await createChatWithMessage(alice, "loud")))).toHaveLength(3);
  });
});
