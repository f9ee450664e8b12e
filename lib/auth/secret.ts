import "server-only";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { env } from "@/lib/env";

let cached: Uint8Array | undefined;

function generatedSecretPath(): string | null {
  const dataDir = env().PGLITE_DATA_DIR;
  return dataDir.startsWith("memory://") ? null : path.join(path.dirname(path.resolve(dataDir)), "auth-secret");
}

/** The key that signs session JWTs: AUTH_SECRET, or one generated on first start and kept beside the data. */
export function getSigningKey(): Uint8Array {
  if (cached) return cached;
  const configured = env().AUTH_SECRET;
  if (configured) return (cached = new TextEncoder().encode(configured));

  const file = generatedSecretPath();
  if (!file) return (cached = crypto.randomBytes(32));
  try {
    return (cached = new TextEncoder().encode(fs.readFileSync(file, "utf8").trim()));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const secret = crypto.randomBytes(48).toString("base64url");
  try {
    fs.writeFileSync(file, secret, { flag: "wx", mode: 0o600 });
  } catch (error) {
    // Another process (the proxy's bundle, a parallel start) wrote it first: use theirs.
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return (cached = new TextEncoder().encode(fs.readFileSync(file, "utf8").trim()));
  }
  return (cached = new TextEncoder().encode(secret));
}
