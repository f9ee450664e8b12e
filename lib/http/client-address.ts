/** The caller's address as the platform reports it (Vercel and Next both set X-Forwarded-For). */
export function clientAddressOf(request: Request): string {
  const forwarded = request.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || request.headers.get("x-real-ip") || "unknown";
}
