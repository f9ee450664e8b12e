import "server-only";
import { createHash, randomBytes } from "node:crypto";
import type { CredentialCheck } from "@/lib/db/credential-check";
import { checkApiKeyNow, checkApiKeyStatement, isInvalidApiKeyError, type ApiKeyCheckInput } from "@/lib/db/queries/api-keys";
import { withServiceStatement } from "@/lib/db/transaction";
import { AppError } from "@/lib/errors";
import { bearerTokenOf } from "@/lib/http/bearer";

/**
 * A personal API key (supabase/migrations/20261205001000_api_keys.sql):
 * `mnk_` + 256 random bits in base64url + the owner's id in hex. Recognised by its marker before
 * any JWT is tried; the owner's id lets the request's claims be set at once, and the check of the
 * key rides with the request's first database flight.
 */
export const apiKeyMarker = "mnk_";
const keyPattern = /^mnk_([A-Za-z0-9_-]{43})([0-9a-f]{32})$/;
// A check no key passes, for a token that only looks like a key.
const nobody = { userId: "00000000-0000-0000-0000-000000000000", secretHash: "" };

export const isApiKeyShaped = (token: string) => token.startsWith(apiKeyMarker);

export const hashApiKey = (secret: string) => createHash("sha256").update(secret, "utf8").digest("hex");

const uuidOf = (hex: string) => `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;

/** A new key of the person's: the secret (shown once), what lists show of it, and what is stored. */
export function newApiKey(userId: string): { secret: string; prefix: string; secretHash: string } {
  const random = randomBytes(32).toString("base64url");
  const secret = `${apiKeyMarker}${random}${userId.replaceAll("-", "").toLowerCase()}`;
  return { secret, prefix: `${apiKeyMarker}${random.slice(0, 8)}`, secretHash: hashApiKey(secret) };
}

/**
 * What a request bearing an API key has proved so far. Nothing is served to it until `state` is
 * `valid`, which only a check of the key in this request sets (lib/http/api-key-gate.ts).
 */
export interface ApiKeyProof {
  userId: string;
  check: ApiKeyCheckInput;
  state: "unchecked" | "valid" | "invalid" | "failed";
}

const proofs = new WeakMap<Request, ApiKeyProof | null>();

/** The proof of the request's API key, kept for the request; null when its bearer token is not a key. */
export function apiKeyProofOf(request: Request): ApiKeyProof | null {
  if (proofs.has(request)) return proofs.get(request) ?? null;
  const token = bearerTokenOf(request);
  let proof: ApiKeyProof | null = null;
  if (token && isApiKeyShaped(token)) {
    const owner = keyPattern.exec(token)?.[2];
    proof = owner
      ? { userId: uuidOf(owner), check: { userId: uuidOf(owner), secretHash: hashApiKey(token) }, state: "unchecked" }
      : { userId: nobody.userId, check: nobody, state: "invalid" };
  }
  proofs.set(request, proof);
  return proof;
}

const invalidKey = (cause?: unknown) => new AppError("unauthorized", "invalid api key", { cause });

/** The answer to a request whose key is not proved: 401, or 503 when the check itself could not run. */
export function apiKeyRefusal(proof: ApiKeyProof): AppError {
  return proof.state === "failed" ? new AppError("unavailable", "the api key check failed", { retryAfterSeconds: 5 }) : invalidKey();
}

/**
 * Runs `work`, which sends the key's check (`check`, absent once the key is proved) with its own
 * statement, and records what the check said. MN401 becomes 401; any other failure leaves the key
 * unproved (`failed`) and is rethrown.
 */
export async function withApiKeyCheck<T>(proof: ApiKeyProof | null, work: (check: ApiKeyCheckInput | undefined) => Promise<T>): Promise<T> {
  if (!proof || proof.state === "valid") return work(undefined);
  if (proof.state === "invalid") throw invalidKey();
  try {
    const result = await work(proof.check);
    proof.state = "valid";
    return result;
  } catch (error) {
    if (isInvalidApiKeyError(error)) {
      proof.state = "invalid";
      throw invalidKey(error);
    }
    proof.state = "failed";
    throw error;
  }
}

/** The key checked on its own: one statement, for requests with no metered flight to ride in. */
export function verifyApiKeyNow(proof: ApiKeyProof): Promise<void> {
  return withApiKeyCheck(proof, async (check) => {
    if (check) await withServiceStatement("auth.api-key", (db) => checkApiKeyNow(db, check));
  });
}

/** The key's check as the lead statement of the request's user transactions, until it passes. */
export function credentialCheckOf(proof: ApiKeyProof): CredentialCheck {
  return {
    pending: () => (proof.state === "valid" ? null : checkApiKeyStatement(proof.check)),
    settle(outcome) {
      if ("rows" in outcome) proof.state = "valid";
      else if (proof.state !== "valid") proof.state = isInvalidApiKeyError(outcome.error) ? "invalid" : "failed";
    },
    errorFor: (error) => (isInvalidApiKeyError(error) ? invalidKey(error) : error),
  };
}
