import bcrypt from "bcryptjs";
import { describe, expect, it } from "vitest";
import { hashPassword, passwordForSupabaseAuth, verifyPassword } from "@/lib/auth/password";

const shared = "correct horse battery staple ".repeat(3).slice(0, 72);
const first = `${shared}${"a".repeat(28)}`;
const second = `${shared}${"b".repeat(28)}`;

describe("local password hashes", () => {
  it("tell apart two 100-character passwords that share their first 72 bytes", async () => {
    expect(first).toHaveLength(100);
    expect(second).toHaveLength(100);
    const hash = await hashPassword(first);
    expect(await verifyPassword(first, hash)).toBe(true);
    expect(await verifyPassword(second, hash)).toBe(false);
    expect(await verifyPassword(shared, hash)).toBe(false);
  });

  it("count every byte of a multibyte password", async () => {
    const emoji = "🔑".repeat(25); // 100 bytes in UTF-8
    const hash = await hashPassword(emoji);
    expect(await verifyPassword(emoji, hash)).toBe(true);
    expect(await verifyPassword(`${"🔑".repeat(18)}🔒🔒🔒🔒🔒🔒🔒`, hash)).toBe(false);
  });

  it("are marked, and still bcrypt underneath", async () => {
    const hash = await hashPassword("alice-password-1");
    expect(hash).toMatch(/^\$bcrypt-sha256\$2[aby]\$10\$[./A-Za-z0-9]{53}$/);
    expect(hash.length).toBeLessThanOrEqual(255);
    expect(await hashPassword("alice-password-1")).not.toBe(hash);
  });

  it("keep verifying a legacy bcrypt hash as before", async () => {
    const legacy = await bcrypt.hash("olivia-password-1", 4);
    expect(await verifyPassword("olivia-password-1", legacy)).toBe(true);
    expect(await verifyPassword("olivia-password-2", legacy)).toBe(false);
    expect(await verifyPassword("olivia-password-1", null)).toBe(false);
  });
});

describe("passwordForSupabaseAuth", () => {
  it("sends a password of up to 72 bytes unchanged, as Supabase Auth has always hashed it", () => {
    expect(passwordForSupabaseAuth("alice-password-1")).toBe("alice-password-1");
    expect(passwordForSupabaseAuth(shared)).toBe(shared);
  });

  it("sends a longer one as a 43-character digest of all of it, so every character counts and Auth takes it", () => {
    const derived = passwordForSupabaseAuth(first);
    expect(derived).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(passwordForSupabaseAuth(first)).toBe(derived);
    expect(passwordForSupabaseAuth(second)).not.toBe(derived);
    // 73 bytes: one emoji past 69 ASCII characters.
    const justOver = `${"x".repeat(69)}🔑`;
    expect(Buffer.byteLength(justOver)).toBe(73);
    expect(passwordForSupabaseAuth(justOver)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});
