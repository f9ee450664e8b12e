import { SignJWT } from "jose";
import { afterEach, describe, expect, it, vi } from "vitest";
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
    const expired = await base().setAudience("authenticated").setExpirationTime(Math.floor(Date.now() / 1000) - 10).sign(await getSigningKey());
    const anon = await base().setAudience("anon").setExpirationTime("1h").sign(await getSigningKey());
    const otherKey = await base().setAudience("authenticated").setExpirationTime("1h").sign(new TextEncoder().encode("x".repeat(40)));
    for (const token of [expired, anon, otherKey, "not.a.jwt", ""]) {
      expect(await verifySessionToken(token)).toBeNull();
    }
  });

  describe("verified once, for the token's next requests", () => {
    afterEach(() => vi.useRealTimers());

    it("a token is refused once it expires, though it was verified before", async () => {
      vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-12-07T12:00:00Z") });
      const nowSeconds = Math.floor(Date.now() / 1000);
      const token = await new SignJWT({ email: alice.email, role: "authenticated", session_id: crypto.randomUUID() })
        .setProtectedHeader({ alg: "HS256" })
        .setSubject(alice.id)
        .setAudience("authenticated")
        .setIssuer("mneme-local")
        .setIssuedAt(nowSeconds)
        .setExpirationTime(nowSeconds + 60)
        .sign(await getSigningKey());
      expect(await verifySessionToken(token)).toMatchObject({ sub: alice.id });
      vi.setSystemTime(Date.now() + 59_000);
      expect(await verifySessionToken(token)).toMatchObject({ sub: alice.id });
      vi.setSystemTime(Date.now() + 1_000);
      expect(await verifySessionToken(token)).toBeNull();
    });

    it("a token one byte away from a verified one is verified afresh, and refused", async () => {
      const { token } = await signSessionToken(alice);
      expect(await verifySessionToken(token)).not.toBeNull();
      // A character in the middle of the signature: every one of its bits counts.
      const at = token.length - 10;
      const other = token[at] === "A" ? "B" : "A";
      expect(await verifySessionToken(`${token.slice(0, at)}${other}${token.slice(at + 1)}`)).toBeNull();
    });

    it("the claims handed out cannot be changed for the token's next request", async () => {
      const { token } = await signSessionToken(alice);
      const claims = (await verifySessionToken(token))!;
      expect(() => Object.assign(claims, { sub: "someone-else" })).toThrow(TypeError);
      expect((await verifySessionToken(token))?.sub).toBe(alice.id);
    });
  });
});
