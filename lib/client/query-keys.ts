export const queryKeys = {
  chats: ["chats"] as const,
  chat: (id: string) => ["chat", id] as const,
  models: ["models"] as const,
  settings: ["settings"] as const,
};
