// Shapes of the settings API (API.md), shared by the server, the chat turn and the browser.

export const themes = ["light", "dark", "system"] as const;
export type Theme = (typeof themes)[number];

export const systemPromptMaxLength = 4000;
export const temperatureRange = { min: 0, max: 2 } as const;

export interface UserSettings {
  theme: Theme;
  /** Always a model this deployment offers: a stored one that is no longer offered falls back to the default. */
  defaultModel: string;
  /** The person's custom instructions for the system prompt; empty when none. */
  systemPrompt: string;
  /** Off means no memory retrieval in the chat turn. */
  memoryEnabled: boolean;
  temperature: number;
}

export type SettingsUpdate = Partial<UserSettings>;

export const isTheme = (value: unknown): value is Theme => themes.includes(value as Theme);
