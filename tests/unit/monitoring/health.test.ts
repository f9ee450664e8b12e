import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, getDb, getEmbeddedDatabase } from "@/lib/db/client";
import { withService } from "@/lib/db/transaction";
import { checkHealth } from "@/lib/monitoring/health";

// Opening a fresh database takes seconds; until then health rightly says unhealthy.
beforeAll(() => getDb());
afterAll(() => closeDb());

describe("checkHealth", () => {
  it("is healthy with a working database and an empty embedding backlog", async () => {
    const report = await checkHealth();
    expect(report.status).toBe("healthy");
    expect(report.checks.database.status).toBe("ok");
    expect(report.checks.embeddings).toMatchObject({ status: "ok", model: "offline-hash", pending: 0, dead: 0 });
  });

  it("answers within two seconds, unhealthy, while the database hangs", async () => {
    // PGlite runs one transaction at a time: holding one open stalls every other query.
    let release!: () => void;
    const held = withService("health", () => new Promise<void>((resolve) => (release = resolve)));
    const started = performance.now();
    const report = await checkHealth();
    const elapsed = performance.now() - started;
    release();
    await held;
    expect(elapsed).toBeLessThan(2000);
    expect(report.status).toBe("unhealthy");
    expect(report.checks.database.status).toBe("down");
  });

  it("is degraded while an embedding job is dead, and healthy again once it is dealt with", async () => {
    const pg = await getEmbeddedDatabase();
    await pg.exec("insert into private.jobs (kind, status, attempts, last_error) values ('embed_message', 'dead', 5, 'upstream 500')");
    const report = await checkHealth();
    expect(report.status).toBe("degraded");
    expect(report.checks.embeddings).toMatchObject({ status: "stuck", dead: 1 });
    await pg.exec("delete from private.jobs");
    expect((await checkHealth()).status).toBe("healthy");
  });
});
