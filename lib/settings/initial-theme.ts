import "server-only";
import { cookies } from "next/headers";
import { getCurrentUserFromCookies } from "@/lib/auth/current-user";
import { logger } from "@/lib/monitoring/logger";
import { readSettings } from "./settings";
import { themeCookieName, themeFromCookie } from "./theme-cookie";
import type { Theme } from "./types";

/**
 * The theme to render the first HTML with: the signed-in person's saved theme (so a change made in
 * another browser applies on the next page load without a flash), else the theme cookie, else null
 * (the inline script falls back to localStorage and the system preference).
 */
export async function getInitialTheme(): Promise<Theme | null> {
  const cookieTheme = themeFromCookie((await cookies()).get(themeCookieName)?.value);
  const user = await getCurrentUserFromCookies();
  if (!user) return cookieTheme;
  try {
    return (await readSettings(user)).theme;
  } catch (error) {
    // A page should still render when the database is briefly unavailable; the cookie is close enough.
    logger.warn({ err: error }, "reading the theme for the first paint failed");
    return cookieTheme;
  }
}
