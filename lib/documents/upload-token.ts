import "server-only";
import { jwtVerify, SignJWT } from "jose";
import { getSigningKey } from "@/lib/auth/secret";

// The local mode's own signed upload URL: what Supabase Storage's token is in the Supabase mode.
// It names one object (its owner and document) and the bytes declared for it, lasts as long as
// Storage's (two hours), and is signed with the session key under an audience of its own, so it
// is never taken for a session and a session is never taken for it.

const audience = "mneme-document-upload";
const issuer = "mneme-local";
export const uploadTokenLifetimeSeconds = 2 * 60 * 60;

export interface UploadGrant {
  userId: string;
  documentId: string;
  bytes: number;
}

export const signUploadToken = async ({ userId, documentId, bytes }: UploadGrant): Promise<string> =>
  new SignJWT({ doc: documentId, bytes })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(userId)
    .setAudience(audience)
    .setIssuer(issuer)
    .setIssuedAt()
    .setExpirationTime(`${uploadTokenLifetimeSeconds}s`)
    .sign(await getSigningKey());

/** The grant of a token that is ours, unexpired and for `documentId`; null for any other. */
export async function verifyUploadToken(token: string, documentId: string): Promise<UploadGrant | null> {
  try {
    const { payload } = await jwtVerify<{ doc?: unknown; bytes?: unknown }>(token, await getSigningKey(), { audience, issuer, algorithms: ["HS256"] });
    if (payload.doc !== documentId || typeof payload.sub !== "string" || typeof payload.bytes !== "number") return null;
    return { userId: payload.sub, documentId, bytes: payload.bytes };
  } catch {
    return null;
  }
}
