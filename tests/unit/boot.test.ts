import { afterAll, describe, expect, it } from "vitest";
import { boot } from "@/lib/boot";
import { closeDb, getDb, getEmbeddedDatabase } from "@/lib/db/client";

const carol = "11111111-1111-4111-8111-111111111111";
const chat = "22222222-2222-4222-8222-222222222222";

afterAll(() => closeDb());

async function addStreamingReply(content: string): Promise<string> {
  const pg = await getEmbeddedDatabase();
  const rows = await pg.query<{ id: string }>(
    "insert into messages (chat_id, user_id, role, content, status) values ($1, $2, 'assistant', $3, 'streaming') returning id",
    [chat, carol, content],
  );
  return rows.rows[0]!.id;
}

async function statusOf(id: string): Promise<string> {
  const rows = await (await getEmbeddedDatabase()).query<{ status: string }>("select status from messages where id = $1", [id]);
  return rows.rows[0]!.status;
}

describe("boot", () => {
  it("starts up once per opened database, also when something opened it first", async () => {
    await getDb();
    await (await getEmbeddedDatabase()).exec(`
      insert into auth.users (id, email, encrypted_password) values ('${carol}', 'carol@example.com', 'x');
      insert into chats (id, user_id, title) values ('${chat}', '${carol}', 'cut off');
    `);
    const leftOver = await addStreamingReply("from the process before");

    await Promise.all([boot({ worker: false }), boot({ worker: false })]);
    expect(await statusOf(leftOver)).toBe("error");

    // A reply this process is streaming is not an earlier process's.
    const live = await addStreamingReply("streaming now");
    await boot({ worker: false });
    expect(await statusOf(live)).toBe("streaming");
  });
});
