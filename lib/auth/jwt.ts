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
    .sign(await getSigningKey());
  return { token, expiresAt };
}

// Tokens whose signature and claims have been verified, for their next requests: a browser sends
// the same token until it is renewed, and verifying it again is a tenth of a request's work. A
// token is its own key (any other bytes are verified afresh); the expiry is checked on every use,
// and the revocation checks below run on every use too. The oldest entry goes first when full.
const verifiedTokens = new Map<string, SessionClaims>();
const verifiedTokensMax = 1_000;

function rememberVerified(token: string, claims: SessionClaims) {
  if (verifiedTokens.size >= verifiedTokensMax) verifiedTokens.delete(verifiedTokens.keys().next().value!);
  verifiedTokens.set(token, claims);
}

async function verifiedClaims(token: string): Promise<SessionClaims | null> {
  const known = verifiedTokens.get(token);
  if (known) {
    if (known.exp * 1000 > Date.now()) return known;
    verifiedTokens.delete(token);
    return null;
  }
  const { payload } = await jwtVerify(token, await getSigningKey(), {
    algorithms: ["HS256"],
    audience: "authenticated",
    issuer,
  });
  if (typeof payload.sub !== "string" || typeof payload.email !== "string" || typeof payload.session_id !== "string" || typeof payload.exp !== "number") {
    return null;
  }
  const claims = Object.freeze(payload) as unknown as SessionClaims;
  rememberVerified(token, claims);
  return claims;
}

/** Returns the verified claims, or null for anything forged, expired, malformed, signed out, ended by a suspension or of a deleted account. */
export async function verifySessionToken(token: string): Promise<SessionClaims | null> {
  try {
    const claims = await verifiedClaims(token);
    if (!claims) return null;
    await revocationsLoaded();
    if (isSessionRevoked(claims.session_id) || isAccountDeleted(claims.sub) || isSessionEnded(claims.sub, Number(claims.iat))) return null;
    return claims;
  } catch {
    return null;
  }
}
