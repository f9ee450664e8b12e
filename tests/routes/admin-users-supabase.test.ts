import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectError, type Person } from "../support/client";
import { setUpAppServer } from "../support/route-suite";
import { startSupabaseStack } from "../support/supabase-stack";

// The Supabase mode: access tokens stay valid until they expire, so a suspension also bans the
// account in Supabase Auth (the fake GoTrue, as GoTrue does) and the admission refuses the tokens
// meanwhile; an admin's role claim is re-checked against auth.users on every request.
let stack: Awaited<ReturnType<typeof startSupabaseStack>>;
beforeAll(async () => {
  stack = await startSupabaseStack();
});
afterAll(() => stack.close());

const app = setUpAppServer(() => ({ ...stack.env, SUPABASE_SECRET_KEY: stack.gotrue.secretKey, ADMIN_USER_IDS: "" }));

async function logIn(person: Person): Promise<Person> {
  const response = await app.client.call("/api/auth/login", { method: "POST", body: { email: person.email, password: person.password } });
  expect(response.status).toBe(200);
  const cookie = response.headers.getSetCookie().map((value) => value.split(";")[0]).join("; ");
  return { ...person, accessToken: response.json.accessToken, cookie };
}

const setRole = (id: string, role: "admin" | null) =>
  stack.pg.query(
    role ? "update auth.users set raw_app_meta_data = coalesce(raw_app_meta_data, '{}') || '{\"role\":\"admin\"}' where id = $1" : "update auth.users set raw_app_meta_data = raw_app_meta_data - 'role' where id = $1",
    [id],
  );

let olivia: Person;

describe("admins and suspension on Supabase Auth", () => {
  it("an admin's role claim is re-checked on every request: removing the role holds at once, on the same token", async () => {
    olivia = await app.client.signUp("Olivia");
    await setRole(olivia.id, "admin");
    olivia = await logIn(olivia);
    expect((await app.client.call("/api/admin/users", { as: olivia, via: "bearer" })).status).toBe(200);
    await setRole(olivia.id, null);
    expectError(await app.client.call("/api/admin/users", { as: olivia, via: "bearer" }), 403, "forbidden");
    expect((await app.client.call("/api/auth/session", { as: olivia, via: "bearer" })).json.user.isAdmin).toBe(false);
    await setRole(olivia.id, "admin");
    expect((await app.client.call("/api/admin/users", { as: olivia, via: "bearer" })).status).toBe(200);
  });

  it("suspending Bob bans him in Auth; his still-valid token is refused everywhere with 403 (deleting the account too), his sign-in too; reactivating lifts the ban", async () => {
    const bob = await app.client.signUp("Bob");
    expect((await app.client.call("/api/chats", { method: "POST", as: bob, body: { title: "Kept" } })).status).toBe(201);

    const suspended = await app.client.call(`/api/admin/users/${bob.id}`, { method: "PATCH", as: olivia, body: { status: "suspended" } });
    expect(suspended.status).toBe(200);
    expect(stack.gotrue.calls).toContain(`PUT /auth/v1/admin/users/${bob.id}`);
    const banned = await stack.pg.query<{ banned_until: Date | null }>("select banned_until from auth.users where id = $1", [bob.id]);
    expect(new Date(banned.rows[0]!.banned_until!).getTime()).toBeGreaterThan(Date.now() + 365 * 86_400_000);

    for (const via of ["bearer", "cookie"] as const) {
      for (const [method, path, body] of [["GET", "/api/chats"], ["GET", "/api/usage"], ["POST", "/api/chat", { message: "Hello" }], ["GET", "/api/settings"], ["DELETE", "/api/account"]] as const) {
        expectError(await app.client.call(path, { method, body, as: bob, via }), 403, "account_suspended");
      }
    }
    const signIn = await app.client.call("/api/auth/login", { method: "POST", body: { email: bob.email, password: bob.password } });
    expectError(signIn, 403, "account_suspended");
    expect(signIn.json.error.message).toMatch(/suspended/i);
    expect((await stack.pg.query("select title from public.chats where user_id = $1", [bob.id])).rows).toEqual([{ title: "Kept" }]);

    expect((await app.client.call(`/api/admin/users/${bob.id}`, { method: "PATCH", as: olivia, body: { status: "active" } })).status).toBe(200);
    expect((await stack.pg.query("select banned_until from auth.users where id = $1", [bob.id])).rows).toEqual([{ banned_until: null }]);
    expect((await app.client.call("/api/chats", { as: bob, via: "bearer" })).status).toBe(200);
    await logIn(bob);
  });
});
