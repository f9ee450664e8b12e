import { beforeAll, describe, expect, it } from "vitest";
import { expectError, type Person } from "../support/client";
import { uploadFile } from "../support/documents";
import { database, grantAdmin, setUpAppServer } from "../support/route-suite";

// Plans in the database (API.md, Operations): seeded from today's table, with this file's
// environment as the seed's defaults until an admin edits a plan.
const app = setUpAppServer({ RATE_LIMIT_API_PER_MINUTE: "240", RATE_LIMIT_CHAT_PER_MINUTE: "30", PLAN_FREE_MONTHLY_REQUESTS: "77" });

let olivia: Person;
let bob: Person;

beforeAll(async () => {
  olivia = await app.client.signUp("Olivia");
  await grantAdmin(olivia.email);
  bob = await app.client.signUp("Bob");
});

const admin = (path: string, options: { method?: string; body?: unknown } = {}) => app.client.call(path, { ...options, as: olivia });

const team = { id: "team", name: "Team", apiRequestsPerMinute: 300, chatRequestsPerMinute: 40, monthlyRequests: null, monthlyBudgetUsd: 25.5, models: ["offline"] };

describe("plans", () => {
  it("are seeded from today's table with the environment's defaults: free and pro", async () => {
    const listed = await admin("/api/admin/plans");
    expect(listed.status).toBe(200);
    expect(listed.json.plans).toEqual([
      { id: "free", name: "Free", apiRequestsPerMinute: 240, chatRequestsPerMinute: 30, monthlyRequests: 77, monthlyBudgetUsd: 2, models: null, documentStorageBytes: 50 * 1024 * 1024, documentCount: 50, users: expect.any(Number), editedAt: null },
      { id: "pro", name: "Pro", apiRequestsPerMinute: 240, chatRequestsPerMinute: 30, monthlyRequests: 20000, monthlyBudgetUsd: 50, models: null, documentStorageBytes: 2 * 1024 ** 3, documentCount: 2000, users: 0, editedAt: null },
    ]);
    expect(listed.json.plans[0].users).toBeGreaterThanOrEqual(2);
  });

  it("are created with 201, each field checked, a taken id answering 409", async () => {
    const created = await admin("/api/admin/plans", { method: "POST", body: team });
    expect(created.status).toBe(201);
    // Without document limits of its own, a new plan keeps what the free plan's seed keeps.
    expect(created.json.plan).toEqual({ ...team, documentStorageBytes: 50 * 1024 * 1024, documentCount: 50, users: 0, editedAt: expect.any(String) });
    expectError(await admin("/api/admin/plans", { method: "POST", body: { ...team, name: "Again" } }), 409, "conflict");
    for (const body of [
      { ...team, id: "Team Plan" },
      { ...team, id: "x".repeat(41) },
      { ...team, apiRequestsPerMinute: 0 },
      { ...team, monthlyRequests: -1 },
      { ...team, monthlyBudgetUsd: "5" },
      { ...team, models: [""] },
      { ...team, documentCount: -1 },
      { ...team, documentCount: 1.5 },
      { ...team, documentStorageBytes: 2 ** 41 },
      { ...team, name: "" },
      { ...team, extra: true },
      { id: "half" },
    ]) {
      expectError(await admin("/api/admin/plans", { method: "POST", body }), 400, "invalid_input");
    }
    const pg = await database();
    expect((await pg.query("select id from public.plans order by id")).rows.map((row) => row.id)).toEqual(["free", "pro", "team"]);
  });

  it("are edited field by field; an edited seeded plan keeps its values whatever the environment says", async () => {
    const edited = await admin("/api/admin/plans/free", { method: "PATCH", body: { monthlyRequests: 300, name: "Starter" } });
    expect(edited.status).toBe(200);
    expect(edited.json.plan).toMatchObject({ id: "free", name: "Starter", monthlyRequests: 300, apiRequestsPerMinute: 240, editedAt: expect.any(String) });
    // A restart applies the environment's defaults again, to unedited plans only.
    const { applyPlanDefaults } = await import("@/lib/usage/plan-defaults");
    await applyPlanDefaults();
    const plans = (await admin("/api/admin/plans")).json.plans;
    expect(plans.find((plan: { id: string }) => plan.id === "free")).toMatchObject({ name: "Starter", monthlyRequests: 300 });
    expectError(await admin("/api/admin/plans/nope", { method: "PATCH", body: { name: "X" } }), 404, "not_found");
    expectError(await admin("/api/admin/plans/free", { method: "PATCH", body: {} }), 400, "invalid_input");
    expectError(await admin("/api/admin/plans/free", { method: "PATCH", body: { id: "other" } }), 400, "invalid_input");
  });

  it("keep their document limits: a change holds from the user's next upload, and GET /api/documents shows it", async () => {
    const carol = await app.client.signUp("Carol");
    const created = await admin("/api/admin/plans", { method: "POST", body: { ...team, id: "tiny", name: "Tiny", documentStorageBytes: 1000, documentCount: 1 } });
    expect(created.json.plan).toMatchObject({ documentStorageBytes: 1000, documentCount: 1 });
    expect((await admin(`/api/admin/users/${carol.id}`, { method: "PATCH", body: { plan: "tiny" } })).status).toBe(200);
    const upload = (name: string, text: string) => uploadFile(app.baseUrl, carol, { bytes: Buffer.from(text), name });
    expect((await upload("one.txt", "A first note.")).status).toBe(201);
    const second = await upload("two.txt", "A second note.");
    expect(second.status).toBe(429);
    expect(second.json.error).toMatchObject({ code: "quota_exceeded", message: expect.stringContaining("at most 1 documents") });
    expect((await app.client.call("/api/documents", { as: carol })).json).toMatchObject({ limits: { totalBytes: 1000, documents: 1 }, used: { documents: 1 } });

    expect((await admin("/api/admin/plans/tiny", { method: "PATCH", body: { documentCount: 5 } })).json.plan).toMatchObject({ documentCount: 5, documentStorageBytes: 1000 });
    expect((await upload("two.txt", "A second note.")).status).toBe(201);
    const tooBig = await upload("big.txt", "x".repeat(1000));
    expect(tooBig.status).toBe(429);
    expect(tooBig.json.error.message).toContain("Delete some to add this one");
    expect((await admin(`/api/admin/users/${carol.id}`, { method: "PATCH", body: { plan: "free" } })).status).toBe(200);
  });

  it("in use cannot be deleted (409), nor can the default plan; an unused one can, and every step is audited", async () => {
    expect((await admin(`/api/admin/users/${bob.id}`, { method: "PATCH", body: { plan: "team" } })).status).toBe(200);
    const inUse = await admin("/api/admin/plans/team", { method: "DELETE" });
    expectError(inUse, 409, "conflict");
    expect(inUse.json.error.message).toContain("1 account");
    expectError(await admin("/api/admin/plans/free", { method: "DELETE" }), 409, "conflict");
    expect((await admin(`/api/admin/users/${bob.id}`, { method: "PATCH", body: { plan: "pro" } })).status).toBe(200);
    expect((await admin("/api/admin/plans/team", { method: "DELETE" })).status).toBe(204);
    expectError(await admin("/api/admin/plans/team", { method: "DELETE" }), 404, "not_found");

    const actions = (await admin("/api/admin/audit?limit=100")).json.entries
      // The document limits' own plan (above) left aside.
      .filter((entry: { targetKind: string; targetId: string }) => entry.targetKind === "plan" && entry.targetId !== "tiny")
      .map((entry: { action: string; targetId: string }) => `${entry.action} ${entry.targetId}`);
    expect(actions).toEqual(["plan.delete team", "plan.update free", "plan.create team"]);
    const deleted = (await admin("/api/admin/audit?limit=100")).json.entries.find((entry: { action: string }) => entry.action === "plan.delete");
    expect(deleted).toMatchObject({ actorId: olivia.id, before: { id: "team", name: "Team", monthlyBudgetUsd: 25.5 }, after: null });
  });

  it("Bob cannot reach plans through the Data API's roles either", async () => {
    const pg = await database();
    const claims = JSON.stringify({ sub: bob.id, role: "authenticated" });
    for (const statement of ["select * from public.plans", "update public.plans set monthly_requests = null", "select * from public.admin_audit_log", "select * from public.effective_limits(gen_random_uuid())"]) {
      const error = await pg
        .transaction(async (tx) => {
          await tx.query("select set_config('request.jwt.claims', $1, true), set_config('role', 'authenticated', true)", [claims]);
          await tx.query(statement);
        })
        .then(() => null, (caught: { code?: string }) => caught.code);
      expect(error, statement).toBe("42501");
    }
  });
});
