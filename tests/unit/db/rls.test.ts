import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp } from "@/lib/auth/sign-up";
import { closeDb, getEmbeddedDatabase } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate.mjs";
import { withUser, type DbUser } from "@/lib/db/transaction";
import { postgresErrorCode } from "../../support/postgres-error";

// Postgres reports both RLS violations and missing grants as insufficient_privilege.
const insufficientPrivilege = "42501";

let alice: DbUser;
let bob: DbUser;
let aliceChatId: string;

beforeAll(async () => {
  alice = (await signUp(new Request("http://localhost/api/auth/signup"), { email: "alice@example.com", password: "alice-password", clientAddress: "192.0.2.1" })).session.user;
  bob = (await signUp(new Request("http://localhost/api/auth/signup"), { email: "bob@example.com", password: "bob-password", clientAddress: "192.0.2.1" })).session.user;
  aliceChatId = await withUser(alice, async (tx) => {
    const chat = await tx.execute<{ id: string }>(sql`insert into chats (title) values ('Alice private') returning id`);
    const id = chat.rows[0]!.id;
    await tx.execute(sql`insert into messages (chat_id, role, content) values (${id}, 'user', 'my secret plan')`);
    return id;
  });
});
afterAll(() => closeDb());

describe("migrations", () => {
  it("are recorded and applying them again changes nothing", async () => {
    const pg = await getEmbeddedDatabase();
    const before = await pg.query<{ version: string }>("select version from supabase_migrations.schema_migrations order by 1");
    expect(before.rows.length).toBeGreaterThanOrEqual(3);
    const again = await migrate(pg);
    expect(again.applied).toEqual([]);
    const after = await pg.query("select version from supabase_migrations.schema_migrations order by 1");
    expect(after.rows).toEqual(before.rows);
  });

  it("create a profile for each new auth user, as Supabase's trigger does", async () => {
    const pg = await getEmbeddedDatabase();
    const profiles = await pg.query<{ email: string }>("select email from profiles order by email");
    expect(profiles.rows.map((row) => row.email)).toEqual(["alice@example.com", "bob@example.com"]);
  });
});

describe("row level security, with no user filter in the SQL", () => {
  it("Bob reads none of Alice's chats, messages or profile", async () => {
    const seen = await withUser(bob, async (tx) => ({
      chats: (await tx.execute(sql`select * from chats`)).rows,
      messages: (await tx.execute(sql`select * from messages`)).rows,
      profiles: (await tx.execute<{ email: string }>(sql`select email from profiles`)).rows,
    }));
    expect(seen.chats).toEqual([]);
    expect(seen.messages).toEqual([]);
    expect(seen.profiles).toEqual([{ email: "bob@example.com" }]);
  });

  it("Bob can neither change nor delete Alice's chat", async () => {
    const changed = await withUser(bob, async (tx) => ({
      updated: (await tx.execute(sql`update chats set title = 'pwned' where id = ${aliceChatId}`)).affectedRows,
      deleted: (await tx.execute(sql`delete from chats where id = ${aliceChatId}`)).affectedRows,
    }));
    expect(changed).toEqual({ updated: 0, deleted: 0 });
    const pg = await getEmbeddedDatabase();
    const row = await pg.query<{ title: string }>("select title from chats where id = $1", [aliceChatId]);
    expect(row.rows).toEqual([{ title: "Alice private" }]);
  });

  it("Bob cannot add a message to Alice's chat, even claiming it as his own", async () => {
    expect(
      await postgresErrorCode(withUser(bob, (tx) => tx.execute(sql`insert into messages (chat_id, user_id, role, content) values (${aliceChatId}, ${bob.id}, 'user', 'hi')`))),
    ).toBe(insufficientPrivilege);
    expect(
      await postgresErrorCode(withUser(bob, (tx) => tx.execute(sql`insert into chats (user_id, title) values (${alice.id}, 'planted')`))),
    ).toBe(insufficientPrivilege);
  });

  it("users cannot make themselves admins", async () => {
    expect(await postgresErrorCode(withUser(bob, (tx) => tx.execute(sql`update profiles set is_admin = true`)))).toBe(
      insufficientPrivilege,
    );
  });

  it("the role and claims end with the transaction", async () => {
    await withUser(bob, (tx) => tx.execute(sql`select 1`));
    const pg = await getEmbeddedDatabase();
    const state = await pg.query<{ role: string; claims: string | null }>(
      "select current_user as role, nullif(current_setting('request.jwt.claims', true), '') as claims",
    );
    expect(state.rows[0]).toEqual({ role: "postgres", claims: null });
  });
});
