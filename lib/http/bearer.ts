import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";

/** The token of the request's `Authorization: Bearer …`, or null. */
export function bearerTokenOf(request: Request): string | null {
  return request.headers.get("authorization")?.match(/^Bearer\s+(\S+)$/i)?.[1] ?? null;
}

const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();

/**
 * Whether the request's `Authorization: Bearer …` equals `expected`, in constant time. Digests
 * are compared, not the strings: equal lengths whatever the input (a non-ASCII token of the right
 * length must not throw), and the secret's length is not revealed.
 */
export function hasBearerToken(request: Request, expected: string): boolean {
  return timingSafeEqual(digest(bearerTokenOf(request) ?? ""), digest(expected));
}
