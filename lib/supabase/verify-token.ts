import "server-only";
import { createLocalJWKSet, decodeProtectedHeader, errors, jwtVerify, type JSONWebKeySet, type JWTPayload } from "jose";
import { supabaseEnv } from "@/lib/env";

/** The asymmetric algorithms of Supabase's JWT signing keys (ECC P-256, RSA, Ed25519). */
const algorithms = ["ES256", "RS256", "EdDSA"];
/** However tokens arrive (unknown key ids, a stale cache, Auth down): at most one fetch per this. */
const cooldownMs = 30_000;
/** How long fetched keys are used before they are fetched again (auth-js keeps them as long). */
const maxAgeMs = 10 * 60_000;

interface KeySet {
  verifier: ReturnType<typeof createLocalJWKSet> | null;
  keyCount: number;
  fetchedAt: number;
  attemptedAt: number;
  pending: Promise<void> | null;
}

// The proxy and the route handlers are separate bundles in one process: share the keys.
const globalKey = Symbol.for("mneme.supabase.jwks");
const holder = globalThis as typeof globalThis & { [globalKey]?: Map<string, KeySet> };

function keySetFor(url: string): KeySet {
  const sets = (holder[globalKey] ??= new Map());
  let keys = sets.get(url);
  if (!keys) {
    keys = { verifier: null, keyCount: 0, fetchedAt: -Infinity, attemptedAt: -Infinity, pending: null };
    sets.set(url, keys);
  }
  return keys;
}

/** Fetches the project's JWKS unless a fetch started within the cooldown; a failure keeps the old keys. */
function refresh(keys: KeySet, url: string, apikey: string): Promise<void> {
  if (keys.pending) return keys.pending;
  if (Date.now() - keys.attemptedAt < cooldownMs) return Promise.resolve();
  keys.attemptedAt = Date.now();
  keys.pending = fetch(`${url}/auth/v1/.well-known/jwks.json`, { headers: { apikey }, redirect: "manual", signal: AbortSignal.timeout(5000) })
    .then(async (response) => {
      if (response.status !== 200) throw new Error(`JWKS answered ${response.status}`);
      const jwks = (await response.json()) as JSONWebKeySet;
      keys.verifier = createLocalJWKSet(jwks);
      keys.keyCount = jwks.keys.length;
      keys.fetchedAt = Date.now();
    })
    .catch(() => {})
    .finally(() => {
      keys.pending = null;
    });
  return keys.pending;
}

export type AccessTokenCheck = { verified: JWTPayload } | { verified: null; legacy: boolean };

/**
 * Verifies a Supabase access token's signature against the project's JWKS, kept in memory.
 * getClaims fetches the JWKS again for every key id it does not know, so anyone could make the
 * server call Auth once per forged token; here a key id that is not in the set refreshes it at most
 * once per cooldown, and is refused otherwise. `legacy` is true for a token the keys cannot judge
 * (symmetric, or no key id) while the project has no asymmetric keys at all: a project still on
 * the legacy JWT secret, which only Auth itself can verify.
 */
export async function verifySupabaseAccessToken(token: string): Promise<AccessTokenCheck> {
  const config = supabaseEnv();
  const url = config.NEXT_PUBLIC_SUPABASE_URL;
  const keys = keySetFor(url);
  if (!keys.verifier || Date.now() - keys.fetchedAt > maxAgeMs) await refresh(keys, url, config.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY);

  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(token);
  } catch {
    return { verified: null, legacy: false };
  }
  if (!header.kid || !header.alg || !algorithms.includes(header.alg)) return { verified: null, legacy: keys.verifier !== null && keys.keyCount === 0 };
  if (!keys.verifier) return { verified: null, legacy: false };

  const verify = async () => (await jwtVerify(token, keys.verifier!, { algorithms, requiredClaims: ["sub", "exp"] })).payload;
  try {
    return { verified: await verify() };
  } catch (error) {
    if (!(error instanceof errors.JWKSNoMatchingKey)) return { verified: null, legacy: false };
  }
  // A key id we do not know: perhaps a rotation since the keys were fetched.
  await refresh(keys, url, config.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY);
  try {
    return { verified: await verify() };
  } catch {
    return { verified: null, legacy: false };
  }
}
