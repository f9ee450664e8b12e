import "server-only";
import { jwtVerify, SignJWT } from "jose";
import { isAccountDeleted, isSessionEnded, isSessionRevoked, revocationsLoaded } from "./revoked-sessions";
import { getSigningKey } from "./secret";

/** Supabase's access-token claims, so the same RLS policies read the same `auth.uid()`. */
export interface SessionClaims {
  sub: string;
  email: string;
  role: "authenticated";
  aud: "authenticated";
  session_id: string;
  exp: number;
  iat: number;
}

export const sessionLifetimeSeconds = 7 * 24 * 60 * 60;
const issuer = "mneme-local";

export async function signSessionToken(user: { id: string; email: string }, sessionId: string = crypto.randomUUID()) {
  const issuedAt = Math.floor(Date.now() / 1000);
  const expiresAt = issuedAt + sessionLifetimeSeconds;
  const token = await new SignJWT({ email: user.email, role: "authenticated", session_id: sessionId })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(user.id)
    .setAudience("authenticated")
    .setIssuer(issuer)
    .setIssuedAt(issuedAt)
    .setExpirationTime(expiresAt)
    .sign(getSigningKey());
  return { token, expiresAt };
}

/** Returns the verified claims, or null for anything forged, expired, malformed, signed out, ended by a suspension or of a deleted account. */
export async function verifySessionToken(token: string): Promise<SessionClaims | null> {
  try {
    const { payload } = await jwtVerify(token, getSigningKey(), {
      algorithms: ["HS256"],
      audience: "authenticated",
      issuer,
    });
    if (typeof payload.sub !== "string" || typeof payload.email !== "string" || typeof payload.session_id !== "string") {
      return null;
    }
    await revocationsLoaded();
    if (isSessionRevoked(payload.session_id) || isAccountDeleted(payload.sub) || isSessionEnded(payload.sub, Number(payload.iat))) return null;
    return payload as unknown as SessionClaims;
  } catch {
    return null;
  }
}
