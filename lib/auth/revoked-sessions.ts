import "server-only";

/**
 * Local session tokens refused before they expire: those of sessions that were signed out, and
 * every token of an account that was deleted. The local mode is one process (the data directory
 * is locked), so both sets live in memory: checking a token costs no query, and this module needs
 * no database (the proxy checks tokens too). lib/auth/revoke-session.ts keeps them in the database
 * so a restart does not forget them.
 */
const globalKey = Symbol.for("mneme.revoked-sessions");
const deletedKey = Symbol.for("mneme.deleted-accounts");
const endedKey = Symbol.for("mneme.ended-sessions");
const holder = globalThis as typeof globalThis & {
  [globalKey]?: Map<string, number>;
  [deletedKey]?: Map<string, number>;
  [endedKey]?: Map<string, number>;
};
const revoked = () => (holder[globalKey] ??= new Map());
const deleted = () => (holder[deletedKey] ??= new Map());
const ended = () => (holder[endedKey] ??= new Map());

const loadingKey = Symbol.for("mneme.revoked-sessions.loading");
const loadingHolder = globalThis as typeof globalThis & { [loadingKey]?: Promise<void> };

/**
 * The server answers before the database has opened (lib/boot.ts): until what earlier processes
 * revoked is loaded, token checks wait for it, and if it cannot be loaded they refuse every token.
 */
export function holdTokenChecksUntil(loading: Promise<void>): void {
  loadingHolder[loadingKey] = loading;
}

/** Resolves once earlier processes' revocations are known; rejects if they could not be loaded. */
export const revocationsLoaded = (): Promise<void> | undefined => loadingHolder[loadingKey];

/** Whether `id` is in `entries` and still unexpired; expired entries are forgotten on the way. */
function isHeld(entries: Map<string, number>, id: string): boolean {
  const expiresAt = entries.get(id);
  if (expiresAt === undefined) return false;
  if (expiresAt > Date.now()) return true;
  entries.delete(id);
  return false;
}

export const isSessionRevoked = (sessionId: string) => isHeld(revoked(), sessionId);

/** `expiresAtMs`: when the token expires by itself; after that it need not be remembered. */
export function rememberRevokedSession(sessionId: string, expiresAtMs: number): void {
  revoked().set(sessionId, expiresAtMs);
}

export const isAccountDeleted = (userId: string) => isHeld(deleted(), userId);

/** `tokensValidUntilMs`: when the last token issued before the deletion expires. */
export function rememberDeletedAccount(userId: string, tokensValidUntilMs: number): void {
  deleted().set(userId, tokensValidUntilMs);
}

/**
 * A suspended account's sessions end at once: every token issued before `endedAtMs` is refused
 * (tokens count issue time in whole seconds, so one issued in that same second is refused too,
 * even after a reactivation: signing in again a second later works).
 */
export function rememberEndedSessions(userId: string, endedAtMs: number): void {
  ended().set(userId, Math.max(endedAtMs, ended().get(userId) ?? 0));
}

/** Whether a token of `userId` issued at `issuedAtSeconds` was ended by a suspension. */
export function isSessionEnded(userId: string, issuedAtSeconds: number): boolean {
  const endedAt = ended().get(userId);
  return endedAt !== undefined && issuedAtSeconds * 1000 <= endedAt;
}
