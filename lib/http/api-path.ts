import "server-only";

/**
 * Whether every percent-escape of a request path decodes to UTF-8. Next decodes dynamic segments
 * before any route handler runs and answers a plain-text 500 when it cannot (`/api/chats/%ff`).
 */
export function isDecodablePath(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}
