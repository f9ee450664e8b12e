import { describe, expect, it } from "vitest";
import { resourceContentSecurityPolicy, securityHeaders } from "@/lib/http/security-headers";
import { expectError } from "../support/client";
import { setUpAppServer } from "../support/route-suite";

const app = setUpAppServer();

function expectSecurityHeaders(headers: Headers) {
  for (const { key, value } of securityHeaders) expect(headers.get(key), key).toBe(value);
}

/** One policy only: a second Content-Security-Policy header would be enforced on top of the first. */
function policyOf(headers: Headers): string {
  const policy = headers.get("content-security-policy") ?? "";
  expect(policy.split(", ")).toHaveLength(1);
  return policy;
}

const nonceOf = (policy: string) => /'nonce-([^']+)'/.exec(policy)?.[1];

describe("security headers", () => {
  it("a page carries them with its own nonce policy, and its scripts carry that nonce", async () => {
    const first = await app.client.call("/login");
    const second = await app.client.call("/login");
    expect(first.status).toBe(200);
    expectSecurityHeaders(first.headers);
    const policy = policyOf(first.headers);
    expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{16,}' 'strict-dynamic'(;|$)/);
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("object-src 'none'");
    expect(policy).not.toContain("'unsafe-eval'");
    expect(policy).not.toMatch(/script-src[^;]*'unsafe-inline'/);

    const nonce = nonceOf(policy) ?? "";
    expect(nonce).not.toBe("");
    expect(nonceOf(policyOf(second.headers))).not.toBe(nonce);
    const scripts = first.text.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(1);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    expect(first.text).toMatch(new RegExp(`<script nonce="${nonce.replace(/[+/=]/g, "\\$&")}">\\(function\\(\\)\\{\\s*var root=document.documentElement`));
  });

  it("the sign-in redirect of a signed-out visitor carries them", async () => {
    const response = await app.client.call("/settings");
    expect(response.status).toBe(307);
    expect(response.headers.get("location")).toBe("/login?next=%2Fsettings");
    expectSecurityHeaders(response.headers);
    expect(nonceOf(policyOf(response.headers))).toBeTruthy();
  });

  it("a page that does not exist carries them and a nonce for its scripts", async () => {
    const response = await app.client.call("/no-such-page");
    expect(response.status).toBe(404);
    expectSecurityHeaders(response.headers);
    expect(nonceOf(policyOf(response.headers))).toBeTruthy();
  });

  it("an API answer in JSON carries them with a policy that allows nothing", async () => {
    const response = await app.client.call("/api/health");
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ status: "healthy" });
    expectSecurityHeaders(response.headers);
    expect(policyOf(response.headers)).toBe(resourceContentSecurityPolicy);
  });

  it("error answers carry them: an unknown API route and a signed-out call", async () => {
    const unknown = await app.client.call("/api/no-such-route");
    expectError(unknown, 404, "not_found");
    expectSecurityHeaders(unknown.headers);
    expect(policyOf(unknown.headers)).toBe(resourceContentSecurityPolicy);

    const signedOut = await app.client.call("/api/chats");
    expectError(signedOut, 401, "unauthorized");
    expectSecurityHeaders(signedOut.headers);
    expect(policyOf(signedOut.headers)).toBe(resourceContentSecurityPolicy);
  });

  it("a static asset carries them", async () => {
    const page = await app.client.call("/login");
    const asset = /\/_next\/static\/[^"]+\.js/.exec(page.text)?.[0];
    expect(asset).toBeTruthy();
    const response = await app.client.call(asset!);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("javascript");
    expectSecurityHeaders(response.headers);
    expect(policyOf(response.headers)).toBe(resourceContentSecurityPolicy);
  });
});
