import { describe, expect, it } from "vitest";
import { runLoadTest } from "../support/loadtest";
import { database, setUpAppServer } from "../support/route-suite";

// A deployment that does not say it allows load tests (LOADTEST_ALLOWED unset): production's case.
const app = setUpAppServer({ LOADTEST_ALLOWED: "" });

describe("npm run loadtest against a deployment that does not allow it", () => {
  it("refuses before sending a single request of load (exit 2), naming the setting", async () => {
    const health = await app.client.call("/api/health");
    expect(health.json.loadTestsAllowed).toBe(false);
    const run = await runLoadTest(["--url", app.baseUrl, "--users", "2", "--duration", "1s", "--email-domain", "refused.loadtest.test"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("refusing to run");
    expect(run.stderr).toContain("LOADTEST_ALLOWED=1");
    expect(run.stdout).toBe("");
    const pg = await database();
    const users = await pg.query<{ n: number }>("select count(*)::int as n from auth.users where email like '%@refused.loadtest.test'");
    expect(users.rows[0]!.n).toBe(0);
  });

  it("refuses an address that is not a Mneme deployment at all", async () => {
    const run = await runLoadTest(["--url", `${app.baseUrl}/no-such-base`, "--users", "1", "--duration", "1s"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("refusing to run");
  });
});
