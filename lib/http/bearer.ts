import "server-only";
import { timingSafeEqual } from "node:crypto";

/** The token of the request's `Authorization: Bearer …`, or null. */
export function bearerTokenOf(request: Request): string | null {
  return request.headers.get("authorization")?.match(/^Bearer\s+(\S+)$/i)?.[1] ?? null;
}

/** Whether the request's `Authorization: Bearer …` equals `expected`, compared in constant time. */
export function hasBearerToken(request: Request, expected: string): boolean {
  const given = bearerTokenOf(request) ?? "";
  return given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}
