import bcrypt from "bcryptjs";
import { beforeAll, describe, expect, it } from "vitest";
import { expectError, type Person } from "../support/client";
import { database, grantAdmin, setUpAppServer } from "../support/route-suite";

// Who is an admin (API.md): ids the operator names in ADMIN_USER_IDS, and accounts given the role
// by `npm run admin -- grant`. Never an email address: whoever signs up first owns it.
const olivia = { name: "Olivia", id: crypto.randomUUID(), email: "olivia@mneme.test", password: "olivia-password-123" };
// The address the operator used to put in ADMIN_EMAILS, which Mallory claims before they do.
const opsEmail = "ops@mneme.test";
const app = setUpAppServer({ ADMIN_USER_IDS: olivia.id });

let oliviaSession: Person;
let mallory: Person;
let bob: Person;

async function logIn({ name, email, password }: { name: string; email: string; password: string }): Promise<Person> {
  const response = await app.client.call("/api/auth/login", { method: "POST", body: { email, password } });
  expect(response.status).toBe(200);
  return { name, email, password, id: response.json.user.id, accessToken: response.json.accessToken, cookie: response.headers.get("set-cookie")!.split(";")[0]! };
}

const adminAnswers = async (as: Person, via: "cookie" | "bearer" = "cookie") => ({
  overview: (await app.client.call("/api/admin/overview", { as, via })).status,
  usageCsv: (await app.client.call("/api/admin/usage.csv", { as, via })).status,
});
const sessionOf = async (as: Person) => (await app.client.call("/api/auth/session", { as })).json.user;

beforeAll(async () => {
  // Olivia's account has the id the operator put in ADMIN_USER_IDS after `npm run admin -- list`.
  const pg = await database();
  await pg.query("insert into auth.users (id, email, encrypted_password) values ($1, $2, $3)", [olivia.id, olivia.email, await bcrypt.hash(olivia.password, 4)]);
  oliviaSession = await logIn(olivia);

  const signup = await app.client.call("/api/auth/signup", { method: "POST", body: { email: opsEmail, password: "mallory-password-1" } });
  expect(signup.status).toBe(201);
  mallory = { name: "Mallory", email: opsEmail, password: "mallory-password-1", id: signup.json.user.id, accessToken: signup.json.accessToken, cookie: signup.headers.get("set-cookie")!.split(";")[0]! };
  bob = await app.client.signUp("Bob");
});

describe("admin rights come from ids and the granted role, not from an email", () => {
  it("Olivia, named by id in ADMIN_USER_IDS, is an admin by cookie and by bearer token", async () => {
    expect(await sessionOf(oliviaSession)).toEqual({ id: olivia.id, email: olivia.email, isAdmin: true });
    expect(await adminAnswers(oliviaSession)).toEqual({ overview: 200, usageCsv: 200 });
    expect(await adminAnswers(oliviaSession, "bearer")).toEqual({ overview: 200, usageCsv: 200 });
  });

  it("Mallory, who signed up first with the address ADMIN_EMAILS used to name, is no admin: 403 on the admin APIs, 404 for /admin", async () => {
    expect(await sessionOf(mallory)).toEqual({ id: mallory.id, email: opsEmail, isAdmin: false });
    expectError(await app.client.call("/api/admin/overview", { as: mallory }), 403, "forbidden");
    expectError(await app.client.call("/api/admin/overview", { as: mallory, via: "bearer" }), 403, "forbidden");
    expectError(await app.client.call("/api/admin/usage.csv", { as: mallory }), 403, "forbidden");
    expectError(await app.client.call("/api/admin/sentry-check", { method: "POST", as: mallory }), 403, "forbidden");
    expect((await app.client.call("/admin", { as: mallory })).status).toBe(404);
  });

  it("Bob becomes an admin through the admin command's grant, on the session he has, and stops being one on revoke", async () => {
    expect(await adminAnswers(bob)).toEqual({ overview: 403, usageCsv: 403 });
    expect(await grantAdmin(bob.email)).toBe(bob.id);
    expect(await sessionOf(bob)).toEqual({ id: bob.id, email: bob.email, isAdmin: true });
    expect(await adminAnswers(bob, "bearer")).toEqual({ overview: 200, usageCsv: 200 });
    expect((await app.client.call("/admin", { as: bob })).status).toBe(200);

    // A local token carries no role, so a revoke holds at once, not when the week-long token expires.
    const { revokeAdminRole } = await import("@/lib/auth/admins");
    expect(await revokeAdminRole({ email: bob.email })).toEqual({ id: bob.id, email: bob.email });
    expect(await sessionOf(bob)).toEqual({ id: bob.id, email: bob.email, isAdmin: false });
    expect(await adminAnswers(bob, "bearer")).toEqual({ overview: 403, usageCsv: 403 });
    expect(await adminAnswers(oliviaSession)).toEqual({ overview: 200, usageCsv: 200 });
  });
});
