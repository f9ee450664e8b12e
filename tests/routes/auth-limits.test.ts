import { describe, expect, it } from "vitest";
import { expectError } from "../support/client";
import { database, setUpAppServer } from "../support/route-suite";

// Behind one trusted proxy (as on Vercel): the proxy appends the address it saw, so the rightmost
// X-Forwarded-For entry is the client's. These tests play that proxy.
const app = setUpAppServer({ TRUSTED_PROXY_HOPS: "1", RATE_LIMIT_SIGNUPS_PER_HOUR: "5" });

let nextAddress = 1;
/** A fresh client address (TEST-NET-2), as the trusted proxy reports it. */
const newAddress = () => `198.51.100.${nextAddress++}`;
const from = (address: string) => ({ "x-forwarded-for": address });

async function countUsers(emailPattern: string) {
  const pg = await database();
  const result = await pg.query<{ n: number }>("select count(*)::int as n from auth.users where email like $1", [emailPattern]);
  return result.rows[0]!.n;
}

describe("sign-ups per client address", () => {
  it("Mallory's 30 sign-ups from one address: 5 accounts, then 429 rate_limited with Retry-After; Nora elsewhere signs up", async () => {
    const address = newAddress();
    const statuses: number[] = [];
    let limited: Awaited<ReturnType<typeof app.client.call>> | undefined;
    for (let index = 0; index < 30; index++) {
      const response = await app.client.call("/api/auth/signup", {
        method: "POST",
        headers: from(address),
        body: { email: `mallory-bulk-${index}@example.com`, password: "mallory-password-1" },
      });
      statuses.push(response.status);
      if (response.status === 429) limited ??= response;
    }
    expect(statuses.filter((status) => status === 201)).toHaveLength(5);
    expect(statuses.slice(5).every((status) => status === 429)).toBe(true);
    expectError(limited!, 429, "rate_limited");
    const retryAfter = Number(limited!.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect(await countUsers("mallory-bulk-%@example.com")).toBe(5);

    const nora = await app.client.call("/api/auth/signup", { method: "POST", headers: from(newAddress()), body: { email: "nora-bulk@example.com", password: "nora-password-1" } });
    expect(nora.status).toBe(201);
  });
});
