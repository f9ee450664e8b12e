import "server-only";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { env } from "@/lib/env";

// The proxy and the route handlers are separate bundles in one process: share the key through globalThis.
const globalKey = Symbol.for("mneme.signing-key");
type GlobalWithKey = typeof globalThis & { [globalKey]?: Promise<CryptoKey> };
const store = globalThis as GlobalWithKey;

function generatedSecretPath(): string | null {
  const dataDir = env().PGLITE_DATA_DIR;
  return dataDir.startsWith("memory://") ? null : path.join(path.dirname(path.resolve(dataDir)), "auth-secret");
}

/**
 * The key that signs session JWTs: AUTH_SECRET, or one generated on first start and kept beside
 * the data. Imported once as a WebCrypto key: jose exports a secret KeyObject to bytes and imports
 * those again on every sign and verify, a third of a verification's cost.
 */
export function getSigningKey(): Promise<CryptoKey> {
  store[globalKey] ??= crypto.subtle.importKey("raw", loadSigningKey(), { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
  return store[globalKey];
}

function loadSigningKey(): Uint8Array {
  const configured = env().AUTH_SECRET;
  if (configured) return new TextEncoder().encode(configured);

  const file = generatedSecretPath();
  if (!file) return crypto.randomBytes(32);
  try {
    return new TextEncoder().encode(fs.readFileSync(file, "utf8").trim());
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const secret = crypto.randomBytes(48).toString("base64url");
  try {
    fs.writeFileSync(file, secret, { flag: "wx", mode: 0o600 });
  } catch (error) {
    // A parallel start wrote it first: use theirs.
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return new TextEncoder().encode(fs.readFileSync(file, "utf8").trim());
  }
  return new TextEncoder().encode(secret);
}
