import { create } from "zustand";

interface UiState {
  isSidebarOpen: boolean;
  /** Null until the person picks one: the server's default applies. */
  selectedModel: string | null;
  /** Unsent composer text, by chat key. */
  drafts: Record<string, string>;
  setSidebarOpen: (isOpen: boolean) => void;
  setSelectedModel: (model: string) => void;
  setDraft: (chatKey: string, text: string) => void;
}

export const useUiStore = create<UiState>()((set) => ({
  isSidebarOpen: false,
  selectedModel: null,
  drafts: {},
  setSidebarOpen: (isSidebarOpen) => set({ isSidebarOpen }),
  setSelectedModel: (selectedModel) => set({ selectedModel }),
  setDraft: (chatKey, text) => set((state) => ({ drafts: { ...state.drafts, [chatKey]: text } })),
}));
