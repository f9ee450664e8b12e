import { bigint, boolean, doublePrecision, integer, jsonb, pgTable, smallint, text, timestamp, uuid } from "drizzle-orm/pg-core";
import type { MessageAttachment, UsedMemory } from "./types";

// Mirrors supabase/migrations, which are the source of truth (RLS, grants and triggers live there).

const timestamps = {
  createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
};

export const profiles = pgTable("profiles", {
  id: uuid("id").primaryKey(),
  email: text("email").notNull(),
  displayName: text("display_name"),
  ...timestamps,
});

export const chats = pgTable("chats", {
  id: uuid("id").primaryKey().defaultRandom(),
  userId: uuid("user_id").notNull(),
  title: text("title").notNull(),
  temporary: boolean("temporary").notNull().default(false),
  inMemory: boolean("in_memory").notNull().default(true),
  pinned: boolean("pinned").notNull().default(false),
  archived: boolean("archived").notNull().default(false),
  /** A message on the current branch (lib/db/queries/branch.ts); null: the chat's newest message. */
  activeMessageId: uuid("active_message_id"),
  ...timestamps,
});

export type ChatRow = typeof chats.$inferSelect;

export const messageRoles = ["user", "assistant"] as const;
export const messageStatuses = ["streaming", "complete", "stopped", "error"] as const;
export type MessageRole = (typeof messageRoles)[number];
export type MessageStatus = (typeof messageStatuses)[number];

export const messages = pgTable("messages", {
  id: uuid("id").primaryKey().defaultRandom(),
  seq: bigint("seq", { mode: "number" }).generatedAlwaysAsIdentity(),
  chatId: uuid("chat_id").notNull(),
  /** The message this one follows in the chat's tree (same chat); null for a first message. */
  parentId: uuid("parent_id"),
  userId: uuid("user_id").notNull(),
  role: text("role", { enum: messageRoles }).notNull(),
  content: text("content").notNull().default(""),
  model: text("model"),
  status: text("status", { enum: messageStatuses }).notNull().default("complete"),
  errorCode: text("error_code"),
  inputTokens: integer("input_tokens"),
  outputTokens: integer("output_tokens"),
  costMicroUsd: bigint("cost_micro_usd", { mode: "number" }),
  memories: jsonb("memories").$type<UsedMemory[]>(),
  /** Documents attached to a question (none on most): given to every reply to it. */
  attachments: jsonb("attachments").$type<MessageAttachment[]>().notNull().default([]),
  /** Set by POST /api/chats/:id/stop; the writer's next checkpoint sees it. */
  stopRequestedAt: timestamp("stop_requested_at", { withTimezone: true, mode: "date" }),
  ...timestamps,
});

export type MessageRow = typeof messages.$inferSelect;

export const userSettings = pgTable("user_settings", {
  userId: uuid("user_id").primaryKey(),
  theme: text("theme", { enum: ["light", "dark", "system"] }).notNull().default("system"),
  defaultModel: text("default_model"),
  systemPrompt: text("system_prompt").notNull().default(""),
  memoryEnabled: boolean("memory_enabled").notNull().default(true),
  temperature: doublePrecision("temperature").notNull().default(1),
  ...timestamps,
});

export type UserSettingsRow = typeof userSettings.$inferSelect;

export const feedbackKinds = ["rating", "vote"] as const;
export const feedbackVotes = ["up", "down"] as const;

export const feedback = pgTable("feedback", {
  id: uuid("id").primaryKey().defaultRandom(),
  userId: uuid("user_id").notNull(),
  kind: text("kind", { enum: feedbackKinds }).notNull(),
  rating: smallint("rating"),
  page: text("page"),
  messageId: uuid("message_id"),
  vote: text("vote", { enum: feedbackVotes }),
  comment: text("comment"),
  userAgent: text("user_agent"),
  ...timestamps,
});

export type FeedbackRow = typeof feedback.$inferSelect;

/** One message of a shared snapshot, as it was when the link was made. */
export interface SharedMessageRow {
  role: MessageRole;
  content: string;
  createdAt: string;
}

export const chatShares = pgTable("chat_shares", {
  id: uuid("id").primaryKey().defaultRandom(),
  userId: uuid("user_id").notNull(),
  chatId: uuid("chat_id").notNull(),
  token: text("token").notNull(),
  title: text("title").notNull(),
  messages: jsonb("messages").$type<SharedMessageRow[]>().notNull(),
  createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
});

export type ChatShareRow = typeof chatShares.$inferSelect;

export const apiKeys = pgTable("api_keys", {
  id: uuid("id").primaryKey().defaultRandom(),
  userId: uuid("user_id").notNull(),
  name: text("name").notNull(),
  prefix: text("prefix").notNull(),
  secretHash: text("secret_hash").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }),
  revokedAt: timestamp("revoked_at", { withTimezone: true, mode: "date" }),
  lastUsedAt: timestamp("last_used_at", { withTimezone: true, mode: "date" }),
});

export type ApiKeyRow = typeof apiKeys.$inferSelect;
