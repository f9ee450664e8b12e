import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deleteAccount } from "@/lib/account/delete-account";
import { signSessionToken, verifySessionToken } from "@/lib/auth/jwt";
import { loadRevokedSessions, revokeSession } from "@/lib/auth/revoke-session";
import { isAccountDeleted, isSessionRevoked } from "@/lib/auth/revoked-sessions";
import { closeDb, getDb, getEmbeddedDatabase } from "@/lib/db/client";

const userId = "dddddddd-dddd-4ddd-8ddd-dddddddddddd";
beforeAll(async () => {
  await getDb();
  await (await getEmbeddedDatabase()).exec(`insert into auth.users (id, email, encrypted_password) values ('${userId}', 'dave@example.com', 'x')`);
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
    const pg = await getEmbeddedDatabase();
    await loadRevokedSessions(pg);
    expect(isSessionRevoked(sessionId)).toBe(true);
    // Expired entries are dropped at load: the token is refused by its own expiry by then.
    const left = await pg.query<{ session_id: string }>("select session_id from private.revoked_sessions");
    expect(left.rows.map((row) => row.session_id)).toEqual([sessionId]);
  });
});

describe("deleted accounts", () => {
  const forgetEverything = () => {
    for (const name of ["mneme.revoked-sessions", "mneme.deleted-accounts"]) (globalThis as Record<symbol, unknown>)[Symbol.for(name)] = undefined;
  };

  it("refuse every token of a deleted account at once and after a restart, though its rows are gone; until the tokens would have expired", async () => {
    const pg = await getEmbeddedDatabase();
    const erin = { id: "eeeeeeee-eeee-4eee-8eee-eeeeeeeeeeee", email: "erin@example.com" };
    await pg.query("insert into auth.users (id, email, encrypted_password) values ($1, $2, 'x')", [erin.id, erin.email]);
    const { token } = await signSessionToken(erin);
    await revokeSession({ sessionId: crypto.randomUUID(), userId: erin.id, expiresAt: inAnHour() });
    expect(await verifySessionToken(token)).not.toBeNull();

    await deleteAccount(erin);
    expect(await verifySessionToken(token)).toBeNull();
    expect((await pg.query("select 1 from private.revoked_sessions where user_id = $1", [erin.id])).rows).toEqual([]);

    forgetEverything();
    expect(await verifySessionToken(token)).not.toBeNull();
    await loadRevokedSessions(pg);
    expect(await verifySessionToken(token)).toBeNull();

    // A week on, no token of hers can be valid: the tombstone is dropped at the next start.
    await pg.query("update private.deleted_accounts set tokens_valid_until = now() - interval '1 second' where user_id = $1", [erin.id]);
    forgetEverything();
    await loadRevokedSessions(pg);
    expect(isAccountDeleted(erin.id)).toBe(false);
    expect((await pg.query("select 1 from private.deleted_accounts where user_id = $1", [erin.id])).rows).toEqual([]);
  });
});
