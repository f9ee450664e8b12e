import "server-only";
import { isTheme, type Theme } from "./types";

/**
 * The theme also lives in a plain cookie, so pages rendered for no session (sign-in) start in the
 * last person's theme. It is a display preference, not a secret: scripts may read it.
 */
export const themeCookieName = "theme";
const oneYearSeconds = 365 * 24 * 60 * 60;

export function themeCookie(theme: Theme, request: Request): string {
  const isHttps = new URL(request.url).protocol === "https:" || request.headers.get("x-forwarded-proto") === "https";
  return [`${themeCookieName}=${theme}`, "Path=/", "SameSite=Lax", `Max-Age=${oneYearSeconds}`, ...(isHttps ? ["Secure"] : [])].join(
    "; ",
  );
}

export const themeFromCookie = (value: string | undefined): Theme | null => (isTheme(value) ? value : null);
