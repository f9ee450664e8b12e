import { isIP } from "node:net";

/**
 * The caller's address as the platform reports it (Vercel and Next both set X-Forwarded-For).
 * Only an IP address counts, anything else reads as `unknown`: the address is part of rate-limit
 * keys, and a header's worth of garbage there is too long for the keys' index (a 500, not a 429).
 */
export function clientAddressOf(request: Request): string {
  const forwarded = request.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  const candidate = forwarded || request.headers.get("x-real-ip")?.trim();
  return candidate && isIP(candidate) ? candidate : "unknown";
}
