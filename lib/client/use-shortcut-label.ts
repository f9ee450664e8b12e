import { useSyncExternalStore } from "react";

const subscribeToNothing = () => () => {};
const isApplePlatform = () => /Mac|iPhone|iPad/.test(navigator.userAgent);

/**
 * How this device writes the memory palette's shortcut: "⌘K" on Apple devices, "Ctrl K" elsewhere.
 * The server cannot know, so it renders "Ctrl K" and the browser corrects it after hydrating.
 */
export function usePaletteShortcutLabel(): string {
  return useSyncExternalStore(
    subscribeToNothing,
    () => (isApplePlatform() ? "⌘K" : "Ctrl K"),
    () => "Ctrl K",
  );
}

/** Ctrl+K, or ⌘K: either opens the palette, on any platform. */
export function isPaletteShortcut(event: KeyboardEvent): boolean {
  return event.key.toLowerCase() === "k" && (event.metaKey || event.ctrlKey) && !event.altKey && !event.shiftKey;
}
