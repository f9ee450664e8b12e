import "server-only";
import { timingSafeEqual } from "node:crypto";

/** Whether the request's `Authorization: Bearer …` equals `expected`, compared in constant time. */
export function hasBearerToken(request: Request, expected: string): boolean {
  const given = request.headers.get("authorization")?.match(/^Bearer\s+(\S+)$/i)?.[1] ?? "";
  return given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}
