// Shapes of the sharing API (API.md), shared by the server and the browser.

import type { MessageRole } from "@/lib/chat/types";

/** The answer to creating a link: the only time a client is handed the token on its own. */
export interface CreatedShare {
  id: string;
  token: string;
  url: string;
  createdAt: string;
}

export interface ShareListItem {
  id: string;
  chatId: string;
  chatTitle: string;
  url: string;
  createdAt: string;
}

export interface SharedMessage {
  role: MessageRole;
  content: string;
  createdAt: string;
}

/** What a link shows: the snapshot and nothing of its owner. */
export interface SharedSnapshot {
  title: string;
  createdAt: string;
  messages: SharedMessage[];
}

/** A share token as the server makes them: 32 random bytes, base64url. */
export const shareTokenPattern = /^[A-Za-z0-9_-]{43}$/;

export const sharePath = (token: string) => `/share/${token}`;
