const fallback = "/chat";
// A stand-in origin to resolve against: what matters is whether `next` stays on it.
const base = "https://mneme.invalid";

/**
 * Where to go after signing in: only a path on this site, so `?next=` cannot send people off-site.
 * `next` is resolved the way the browser will resolve it (URL parsing drops tabs and newlines and
 * reads backslashes as slashes, so `/\t/evil.example` and `/\evil.example` are other hosts), and
 * only a same-origin result is kept, as its path, query and fragment.
 */
export function safeNextPath(next: string | string[] | undefined): string {
  if (typeof next !== "string" || !next.startsWith("/")) return fallback;
  let resolved: URL;
  try {
    resolved = new URL(next, base);
  } catch {
    return fallback;
  }
  if (resolved.origin !== base) return fallback;
  return `${resolved.pathname}${resolved.search}${resolved.hash}`;
}
