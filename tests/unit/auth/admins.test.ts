import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// Olivia is named in ADMIN_USER_IDS and has no account yet; the environment is read once.
const olivia = "0b9a4c1e-3f1d-4e6a-9c2b-7d8e5f4a3b21";
vi.stubEnv("ADMIN_USER_IDS", olivia);

const { grantAdminRole, isAdmin, listAdmins, revokeAdminRole, supabaseAdminSql } = await import("@/lib/auth/admins");
const { signUp } = await import("@/lib/auth/sign-up");
const { closeDb, getEmbeddedDatabase } = await import("@/lib/db/client");

const signUpAs = async (email: string) => (await signUp(new Request("http://localhost/api/auth/signup"), { email, password: `${email}-password`, clientAddress: "192.0.2.1" })).session.user;
const appMetadataOf = async (id: string) =>
  (await (await getEmbeddedDatabase()).query<{ meta: Record<string, unknown> }>("select raw_app_meta_data as meta from auth.users where id = $1", [id])).rows[0]!.meta;

let alice: { id: string; email: string };
let bob: { id: string; email: string };
beforeAll(async () => {
  alice = await signUpAs("alice@example.com");
  bob = await signUpAs("bob@example.com");
  // As GoTrue leaves it: what else app_metadata holds survives a grant and a revoke.
  await (await getEmbeddedDatabase()).query(`update auth.users set raw_app_meta_data = '{"provider":"email"}' where id = $1`, [alice.id]);
});
afterAll(() => closeDb());

describe("the local admin command's grant and revoke", () => {
  it("grant makes Alice an admin by her email, any case, and answers her id", async () => {
    expect(await isAdmin({ sub: alice.id })).toBe(false);
    expect(await grantAdminRole({ email: "Alice@Example.com" })).toEqual({ id: alice.id, email: "alice@example.com" });
    expect(await appMetadataOf(alice.id)).toEqual({ provider: "email", role: "admin" });
    expect(await isAdmin({ sub: alice.id })).toBe(true);
    expect(await isAdmin({ sub: bob.id })).toBe(false);
  });

  it("is read from the database by a fresh process, not from anything the token says", async () => {
    (globalThis as Record<symbol, unknown>)[Symbol.for("mneme.local-admins")] = undefined;
    expect(await isAdmin({ sub: alice.id })).toBe(true);
    // A local token never carries a role that counts: only the database does.
    expect(await isAdmin({ sub: bob.id, appRole: "admin" })).toBe(false);
  });

  it("revoke takes it back at once and keeps the rest of app_metadata", async () => {
    expect(await revokeAdminRole({ email: alice.email })).toEqual({ id: alice.id, email: alice.email });
    expect(await isAdmin({ sub: alice.id })).toBe(false);
    expect(await appMetadataOf(alice.id)).toEqual({ provider: "email" });
  });

  it("answers null for an email no account has, and changes nothing", async () => {
    const before = (await (await getEmbeddedDatabase()).query("select id, raw_app_meta_data from auth.users order by id")).rows;
    expect(await grantAdminRole({ email: "mallory@example.com" })).toBeNull();
    expect(await revokeAdminRole({ email: "mallory@example.com" })).toBeNull();
    expect((await (await getEmbeddedDatabase()).query("select id, raw_app_meta_data from auth.users order by id")).rows).toEqual(before);
  });

  it("counts an id in ADMIN_USER_IDS, and list shows both kinds", async () => {
    expect(await isAdmin({ sub: olivia })).toBe(true);
    expect(await isAdmin({ sub: olivia.toUpperCase() })).toBe(true);
    await grantAdminRole({ email: bob.email });
    expect(await listAdmins()).toEqual([
      { id: olivia, email: null, inAdminUserIds: true, hasAdminRole: false },
      { id: bob.id, email: bob.email, inAdminUserIds: false, hasAdminRole: true },
    ]);
    await revokeAdminRole({ email: bob.email });
  });
});

describe("the SQL the command prints for the Supabase mode", () => {
  it("grants, lists and revokes on auth.users as the local mode does, answering the id", async () => {
    const pg = await getEmbeddedDatabase();
    const granted = await pg.query(supabaseAdminSql({ grant: "BOB@example.com" }));
    expect(granted.rows).toEqual([{ id: bob.id, email: bob.email }]);
    expect(await appMetadataOf(bob.id)).toEqual({ role: "admin" });
    expect((await pg.query(supabaseAdminSql("list"))).rows).toEqual([{ id: bob.id, email: bob.email }]);
    expect((await pg.query(supabaseAdminSql({ revoke: bob.email }))).rows).toEqual([{ id: bob.id, email: bob.email }]);
    expect(await appMetadataOf(bob.id)).toEqual({});
  });

  it("quotes the email, so an address cannot end the statement", async () => {
    const pg = await getEmbeddedDatabase();
    const answer = await pg.query(supabaseAdminSql({ grant: "x'); delete from auth.users; --@example.com" }));
    expect(answer.rows).toEqual([]);
    expect((await pg.query("select count(*)::int as n from auth.users")).rows).toEqual([{ n: 2 }]);
  });
});
