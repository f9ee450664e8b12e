import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { signSessionToken, verifySessionToken } from "@/lib/auth/jwt";
import { getSigningKey } from "@/lib/auth/secret";

const alice = { id: "6f1c1a52-5d55-4c1e-9a43-3f0a1b0b7e11", email: "alice@example.com" };

describe("session tokens", () => {
  it("carry Supabase's claims", async () => {
    const { token, expiresAt } = await signSessionToken(alice);
    const claims = await verifySessionToken(token);
    expect(claims).toMatchObject({ sub: alice.id, email: alice.email, role: "authenticated", aud: "authenticated" });
    expect(claims?.session_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(claims?.exp).toBe(expiresAt);
  });

  it("reject a tampered token", async () => {
    const { token } = await signSessionToken(alice);
    const [header, payload, signature] = token.split(".");
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, "base64url").toString()), sub: "someone-else" })).toString("base64url");
    expect(await verifySessionToken(`${header}.${forged}.${signature}`)).toBeNull();
  });

  it("reject expired tokens, other audiences and other keys", async () => {
    const base = () => new SignJWT({ email: alice.email, role: "authenticated", session_id: crypto.randomUUID() }).setProtectedHeader({ alg: "HS256" }).setSubject(alice.id).setIssuer("mneme-local");
    const expired = await base().setAudience("authenticated").setExpirationTime(Math.floor(Date.now() / 1000) - 10).sign(getSigningKey());
    const anon = await base().setAudience("anon").setExpirationTime("1h").sign(getSigningKey());
    const otherKey = await base().setAudience("authenticated").setExpirationTime("1h").sign(new TextEncoder().encode("x".repeat(40)));
    for (const token of [expired, anon, otherKey, "not.a.jwt", ""]) {
      expect(await verifySessionToken(token)).toBeNull();
    }
  });
});
