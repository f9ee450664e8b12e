import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadRevokedSessions, revokeSession } from "@/lib/auth/revoke-session";
import { isSessionRevoked } from "@/lib/auth/revoked-sessions";
import { closeDb, getDb, getPglite } from "@/lib/db/client";

const userId = "dddddddd-dddd-4ddd-8ddd-dddddddddddd";
beforeAll(async () => {
  await getDb();
  await (await getPglite()).exec(`insert into auth.users (id, email, encrypted_password) values ('${userId}', 'dave@example.com', 'x')`);
});
afterAll(() => closeDb());

const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;

describe("revoked sessions", () => {
  it("refuse a signed-out session at once and after a restart, until its token would have expired anyway", async () => {
    const sessionId = crypto.randomUUID();
    const expired = crypto.randomUUID();
    await revokeSession({ sessionId, userId, expiresAt: inAnHour() });
    await revokeSession({ sessionId: expired, userId, expiresAt: Math.floor(Date.now() / 1000) - 1 });
    expect(isSessionRevoked(sessionId)).toBe(true);
    expect(isSessionRevoked(crypto.randomUUID())).toBe(false);
    expect(isSessionRevoked(expired)).toBe(false);

    // A new process knows only what the database kept.
    const key = Symbol.for("mneme.revoked-sessions");
    (globalThis as Record<symbol, unknown>)[key] = undefined;
    expect(isSessionRevoked(sessionId)).toBe(false);
    const pg = await getPglite();
    await loadRevokedSessions(pg);
    expect(isSessionRevoked(sessionId)).toBe(true);
    // Expired entries are dropped at load: the token is refused by its own expiry by then.
    const left = await pg.query<{ session_id: string }>("select session_id from private.revoked_sessions");
    expect(left.rows.map((row) => row.session_id)).toEqual([sessionId]);
  });
});
