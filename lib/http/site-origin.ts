import "server-only";

/**
 * The origin the client reached the site at, for links handed back to it (shared links): the host
 * it asked for, as the cross-site write check reads it (Next's `request.url` names its own listener).
 * Only the caller sees what it makes of its own Host header; one that is no host falls back.
 */
export function siteOriginOf(request: Request): string {
  const url = new URL(request.url);
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  const protocol = url.protocol === "https:" || request.headers.get("x-forwarded-proto") === "https" ? "https:" : "http:";
  if (!host) return url.origin;
  try {
    const origin = new URL(`${protocol}//${host}`);
    return origin.host === host.toLowerCase() && origin.pathname === "/" ? origin.origin : url.origin;
  } catch {
    return url.origin;
  }
}
