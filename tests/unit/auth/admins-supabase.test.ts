import { describe, expect, it, vi } from "vitest";

// The Supabase mode, with a database nobody listens on: deciding that someone is not an admin, or
// is one by ADMIN_USER_IDS, must not need it; a role claim alone is never trusted.
const olivia = "0b9a4c1e-3f1d-4e6a-9c2b-7d8e5f4a3b21";
const alice = "6f1c2d3e-4a5b-4c6d-8e7f-8091a2b3c4d5";
vi.stubEnv("NEXT_PUBLIC_SUPABASE_URL", "https://abcdefghijklmnop.supabase.co");
vi.stubEnv("NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY", "sb_publishable_abc");
vi.stubEnv("DATABASE_URL", "postgresql://postgres:secret@127.0.0.1:1/postgres");
vi.stubEnv("ADMIN_USER_IDS", olivia);

const { grantAdminRole, isAdmin } = await import("@/lib/auth/admins");

describe("admins in the Supabase mode", () => {
  it("are those in ADMIN_USER_IDS, and no one without the admin role claim, without asking the database", async () => {
    expect(await isAdmin({ sub: alice })).toBe(false);
    expect(await isAdmin({ sub: alice, appRole: "Admin" })).toBe(false);
    expect(await isAdmin({ sub: olivia })).toBe(true);
  });

  it("re-check a token's admin role claim against auth.users, failing closed when it cannot answer", async () => {
    await expect(isAdmin({ sub: alice, appRole: "admin" })).rejects.toThrow();
  }, 30_000);

  it("are never granted by the local command, which would bypass the service role", async () => {
    await expect(grantAdminRole({ email: "alice@example.com" })).rejects.toThrow(/service role/);
  });
});
