/** Where to go after signing in: only same-origin paths, so `?next=` cannot send people off-site. */
export function safeNextPath(next: string | string[] | undefined): string {
  if (typeof next !== "string") return "/chat";
  const isRelativePath = next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\");
  return isRelativePath ? next : "/chat";
}
