import { beforeAll, describe, expect, it } from "vitest";
import { runLoadTest } from "../support/loadtest";
import { database, setUpAppServer } from "../support/route-suite";

// A deployment meant for load tests says so; the virtual users sign up from this one address.
const app = setUpAppServer({ LOADTEST_ALLOWED: "1" });

// The first request opens the database: not what the thresholds are about.
beforeAll(async () => {
  expect((await app.client.call("/api/health")).json.loadTestsAllowed).toBe(true);
});

describe("npm run loadtest against the local build, at a tiny scale", () => {
  it("ramps two stages of virtual users that sign up, chat to the end, search memory and read chats, and passes", async () => {
    const run = await runLoadTest(["--url", app.baseUrl, "--stages", "1,2", "--duration", "2s", "--think", "100ms", "--p95", "5000", "--chat-first-token-p95", "10000", "--email-domain", "ci.loadtest.test"]);
    expect(run.stderr).toBe("");
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toContain("Stage 1: 1 users");
    expect(run.stdout).toContain("Stage 2: 2 users");
    for (const operation of ["sign in", "chat: first token", "chat: whole reply", "memory search", "list chats", "read chat"]) {
      expect(run.stdout, operation).toMatch(new RegExp(`\\| ${operation} \\| +\\d+`));
    }
    expect(run.stdout).toMatch(/\| error rate \| ≤ 1\.0 % \| +0\.0 % \| PASS \|/);
    expect(run.stdout).toMatch(/\nPASS: \d+ requests, 0 failed/);
    // The users and their chats are real: two accounts, each with a finished reply.
    const pg = await database();
    const users = await pg.query<{ email: string; replies: number }>(
      `select u.email, count(m.id) filter (where m.role = 'assistant' and m.status = 'complete')::int as replies
       from auth.users u left join public.messages m on m.user_id = u.id
       where u.email like 'loadtest-%@ci.loadtest.test' group by u.email order by u.email`,
    );
    expect(users.rows.map((row) => row.email)).toEqual(["loadtest-1@ci.loadtest.test", "loadtest-2@ci.loadtest.test"]);
    expect(users.rows.every((row) => row.replies >= 1)).toBe(true);
  }, 60_000);

  it("signs the same users in on a second run, and fails (exit 1) when a threshold is not met", async () => {
    const run = await runLoadTest(["--url", app.baseUrl, "--users", "1", "--duration", "1s", "--think", "100ms", "--p95", "0.001", "--email-domain", "ci.loadtest.test"]);
    expect(run.code, run.stdout).toBe(1);
    expect(run.stdout).toMatch(/\| p95 of memory search, list and read chats \(worst\) \| ≤ 0\.001 ms \| .* \| FAIL \|/);
    expect(run.stdout).toMatch(/\nFAIL: /);
    const pg = await database();
    const count = await pg.query<{ n: number }>("select count(*)::int as n from auth.users where email like 'loadtest-%@ci.loadtest.test'");
    expect(count.rows[0]!.n).toBe(2);
  }, 60_000);

  it("refuses bad options with a usage message (exit 64)", async () => {
    for (const args of [["--users", "2"], ["--url", app.baseUrl, "--users", "0"], ["--url", app.baseUrl, "--duration", "soon"], ["--url", app.baseUrl, "--max-error-rate", "2"], ["--url", app.baseUrl, "--frobnicate"]]) {
      const run = await runLoadTest(args);
      expect(run.code, args.join(" ")).toBe(64);
      expect(run.stderr).toContain("usage: npm run loadtest");
    }
  }, 60_000);
});
