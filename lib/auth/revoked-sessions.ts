import "server-only";

/**
 * Local session tokens that were signed out before they expired. The local mode is one process
 * (the data directory is locked), so the set lives in memory: checking a token costs no query,
 * and this module needs no database (the proxy checks tokens too). lib/auth/revoke-session.ts
 * keeps the set in the database so a restart does not forget it.
 */
const globalKey = Symbol.for("mneme.revoked-sessions");
const holder = globalThis as typeof globalThis & { [globalKey]?: Map<string, number> };
const revoked = () => (holder[globalKey] ??= new Map());

export function isSessionRevoked(sessionId: string): boolean {
  const expiresAt = revoked().get(sessionId);
  if (expiresAt === undefined) return false;
  if (expiresAt > Date.now()) return true;
  revoked().delete(sessionId);
  return false;
}

/** `expiresAtMs`: when the token expires by itself; after that it need not be remembered. */
export function rememberRevokedSession(sessionId: string, expiresAtMs: number): void {
  revoked().set(sessionId, expiresAtMs);
}
