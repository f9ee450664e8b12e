import { create } from "zustand";
import type { SettingsUpdate, UserSettings } from "@/lib/settings/types";

interface SettingsState {
  /** Null until the server's copy arrives. */
  settings: UserSettings | null;
  /** Why the last save was rolled back, until the next save or dismissal. */
  saveError: string | null;
  hydrate: (settings: UserSettings) => void;
  apply: (update: SettingsUpdate) => void;
  setSaveError: (message: string | null) => void;
}

export const useSettingsStore = create<SettingsState>()((set) => ({
  settings: null,
  saveError: null,
  hydrate: (settings) => set({ settings }),
  apply: (update) => set((state) => (state.settings ? { settings: { ...state.settings, ...update } } : state)),
  setSaveError: (saveError) => set({ saveError }),
}));
