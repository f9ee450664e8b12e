"use client";

import { useEffect } from "react";
import { applyTheme, themeStorageKey } from "@/lib/client/theme";
import { isTheme } from "@/lib/settings/types";

/**
 * Next answers a page's notFound() with a bare error document that the browser then renders, so the
 * root layout's inline theme script never runs: the saved theme (else the system's) is applied here.
 */
export function RestoreTheme() {
  useEffect(() => {
    let saved: string | null = null;
    try {
      saved = localStorage.getItem(themeStorageKey);
    } catch {
      // Storage can be unavailable (private mode): the system preference decides.
    }
    applyTheme(isTheme(saved) ? saved : "system");
  }, []);
  return null;
}
