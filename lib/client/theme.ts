import type { Theme } from "@/lib/settings/types";

export const themeStorageKey = "theme";

/**
 * Applies a theme the way the inline script in the root layout does (it reads `data-theme` when
 * the system preference changes), and keeps localStorage in step for other tabs.
 */
export function applyTheme(theme: Theme): void {
  const root = document.documentElement;
  root.dataset.theme = theme;
  const isDark = theme === "dark" || (theme === "system" && window.matchMedia("(prefers-color-scheme: dark)").matches);
  root.classList.toggle("dark", isDark);
  try {
    localStorage.setItem(themeStorageKey, theme);
  } catch {
    // Storage can be unavailable (private mode); the server-rendered theme still applies.
  }
}
