// Live updates, shared by the server and the browser.

/** One change to a person's chats or messages: which row, never what it holds. */
export interface ChangeEvent {
  table: "chats" | "messages";
  type: "INSERT" | "UPDATE" | "DELETE";
  id: string;
  /** The chat the row belongs to (a chat's own id for `chats`); null when the source does not say. */
  chatId: string | null;
}

/** Where a browser gets its changes: the server's event stream, or Supabase Realtime. */
export type LiveSource =
  | { kind: "server-events"; path: string }
  | { kind: "supabase-realtime"; url: string; publishableKey: string };

/** What a browser subscription to either source reports. */
export interface ChangeHandlers {
  onChange: (event: ChangeEvent) => void;
  /** Events may have been missed (the connection dropped and came back): refetch what is shown. */
  onResync: () => void;
}
