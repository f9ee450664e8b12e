import { describe, expect, it } from "vitest";
import { apiKeyProofOf, credentialCheckOf, hashApiKey, newApiKey, withApiKeyCheck } from "@/lib/auth/api-key-proof";

const userId = "0b7e11aa-5d55-4c1e-9a43-3f0a1b0b7e11";
const withBearer = (token: string) => new Request("http://localhost/api/chats", { headers: { authorization: `Bearer ${token}` } });

describe("API keys", () => {
  it("a new key is mnk_, 256 random bits and its owner's id; the prefix shows its first random characters; only the hash is kept", () => {
    const one = newApiKey(userId);
    const two = newApiKey(userId);
    expect(one.secret).toMatch(/^mnk_[A-Za-z0-9_-]{43}0b7e11aa5d554c1e9a433f0a1b0b7e11$/);
    expect(one.prefix).toBe(one.secret.slice(0, 12));
    expect(one.secretHash).toBe(hashApiKey(one.secret));
    expect(one.secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect(two.secret).not.toBe(one.secret);
  });

  it("a request's key names its owner and is unproved until a check says otherwise", () => {
    const { secret, secretHash } = newApiKey(userId);
    const proof = apiKeyProofOf(withBearer(secret));
    expect(proof).toEqual({ userId, check: { userId, secretHash }, state: "unchecked" });
  });

  it("a token that only looks like a key is refused before any database statement; other bearer tokens are no key", async () => {
    const proof = apiKeyProofOf(withBearer("mnk_short"))!;
    expect(proof.state).toBe("invalid");
    let ran = false;
    await expect(withApiKeyCheck(proof, async () => void (ran = true))).rejects.toMatchObject({ code: "unauthorized" });
    expect(ran).toBe(false);
    expect(apiKeyProofOf(withBearer("eyJhbGciOiJIUzI1NiJ9.e30.sig"))).toBeNull();
    expect(apiKeyProofOf(new Request("http://localhost/api/chats"))).toBeNull();
  });

  it("MN401 from the check makes the key invalid (401); any other failure leaves it unproved (failed), never valid", async () => {
    const { secret } = newApiKey(userId);
    const invalid = apiKeyProofOf(withBearer(secret))!;
    await expect(withApiKeyCheck(invalid, async () => Promise.reject(Object.assign(new Error("invalid api key"), { code: "MN401" })))).rejects.toMatchObject({ code: "unauthorized" });
    expect(invalid.state).toBe("invalid");

    const failed = apiKeyProofOf(withBearer(newApiKey(userId).secret))!;
    await expect(withApiKeyCheck(failed, async () => Promise.reject(new Error("connection reset")))).rejects.toThrow("connection reset");
    expect(failed.state).toBe("failed");

    const check = credentialCheckOf(apiKeyProofOf(withBearer(newApiKey(userId).secret))!);
    expect(check.pending()?.text).toContain("private.check_api_key");
    check.settle({ error: Object.assign(new Error("x"), { code: "57014" }) });
    expect(check.pending()).not.toBeNull();
    check.settle({ rows: [{ valid: true }] });
    expect(check.pending()).toBeNull();
  });
});
