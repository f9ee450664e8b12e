/**
 * Everything the Data API roles may do, directly, with the publishable key (anon) or a person's own
 * access token (authenticated): the one list the direct-access suite holds the database to. Every
 * table and column of every schema the Data API can expose is named here, most with nothing
 * allowed, so a new table, column or function fails the suite until someone says what those roles
 * may do with it, and why.
 */
export type Operation = "select" | "insert" | "update" | "delete";
export type ApiRole = "anon" | "authenticated";

interface TableEntry {
  columns: string[];
  /** Who owns a row, for the check that nobody reaches another's. */
  ownerColumn: string | null;
  allow?: Partial<Record<ApiRole, Partial<Record<Operation, "*" | string[]>>>>;
  why?: string;
}

const everything = { select: "*", insert: "*", update: "*", delete: "*" } as const;

export const tables: Record<string, TableEntry> = {
  "public.chats": {
    columns: ["id", "user_id", "title", "created_at", "updated_at", "temporary", "in_memory", "pinned", "archived", "active_message_id"],
    ownerColumn: "user_id",
    allow: { authenticated: { select: ["id", "user_id"] } },
    why: "Supabase Realtime's postgres_changes on a person's own chats (row level security filters them); ids only",
  },
  "public.messages": {
    columns: ["id", "seq", "chat_id", "user_id", "role", "content", "model", "status", "error_code", "input_tokens", "output_tokens", "cost_micro_usd", "created_at", "updated_at", "memories", "parent_id", "stop_requested_at", "attachments"],
    ownerColumn: "user_id",
    allow: { authenticated: { select: ["id", "chat_id", "user_id"] } },
    why: "Supabase Realtime's postgres_changes on a person's own messages; ids only, never content",
  },
  "public.api_keys": {
    columns: ["id", "user_id", "name", "prefix", "secret_hash", "created_at", "expires_at", "revoked_at", "last_used_at"],
    ownerColumn: "user_id",
  },
  "public.chat_shares": { columns: ["id", "user_id", "chat_id", "token", "title", "messages", "created_at"], ownerColumn: "user_id" },
  "public.profiles": { columns: ["id", "email", "display_name", "is_admin", "created_at", "updated_at"], ownerColumn: "id" },
  "public.feedback": {
    columns: ["id", "user_id", "kind", "rating", "page", "message_id", "vote", "comment", "user_agent", "created_at", "updated_at"],
    ownerColumn: "user_id",
  },
  "public.documents": {
    columns: ["id", "user_id", "name", "mime_type", "bytes", "pages", "status", "progress", "error", "scope", "chat_id", "storage_path", "created_at", "updated_at", "uploaded_at"],
    ownerColumn: "user_id",
  },
  "public.document_chunks": { columns: ["document_id", "user_id", "ordinal", "page", "section", "content", "model", "embedding", "created_at"], ownerColumn: "user_id" },
  "public.message_embeddings": { columns: ["message_id", "user_id", "chat_id", "model", "embedding", "created_at"], ownerColumn: "user_id" },
  "public.usage_charges": {
    columns: ["id", "user_id", "model", "max_cost_micro_usd", "status", "input_tokens", "output_tokens", "cost_micro_usd", "created_at", "settled_at", "message_id", "prompt_tokens", "kind", "document_id"],
    ownerColumn: "user_id",
  },
  "public.usage_plans": {
    columns: ["user_id", "plan", "updated_at", "api_requests_per_minute", "chat_requests_per_minute", "monthly_requests", "monthly_budget_micro_usd", "status", "status_changed_at", "sessions_ended_at"],
    ownerColumn: "user_id",
  },
  "public.plans": {
    columns: ["id", "name", "api_requests_per_minute", "chat_requests_per_minute", "monthly_requests", "monthly_budget_micro_usd", "models", "edited_at", "created_at", "updated_at", "document_storage_bytes", "document_count"],
    ownerColumn: null,
  },
  "public.admin_audit_log": {
    columns: ["id", "seq", "actor_id", "actor_email", "action", "target_kind", "target_id", "target_email", "before", "after", "created_at"],
    ownerColumn: null,
  },
  "public.usage_requests": { columns: ["user_id", "day", "route_group", "status_class", "requests", "updated_at"], ownerColumn: "user_id" },
  "public.user_settings": {
    columns: ["user_id", "theme", "default_model", "system_prompt", "memory_enabled", "temperature", "created_at", "updated_at"],
    ownerColumn: "user_id",
  },
  "public.web_vitals": { columns: ["id", "name", "value", "rating", "metric_id", "page", "created_at"], ownerColumn: null },
  "storage.objects": {
    columns: ["id", "bucket_id", "name", "owner", "owner_id", "metadata", "version", "created_at", "updated_at", "last_accessed_at"],
    ownerColumn: "owner",
    allow: { anon: everything, authenticated: everything },
    why: "Supabase Storage's own grants; row level security is on and no policy of ours lets anyone reach a row",
  },
  "realtime.messages": {
    columns: ["id", "topic", "extension", "payload", "event", "private", "updated_at", "inserted_at"],
    ownerColumn: null,
    allow: { anon: { select: "*", insert: "*", update: "*" }, authenticated: { select: "*", insert: "*", update: "*" } },
    why: "Supabase Realtime's own grants; row level security decides: a person reads the rows of their own live-reply topic (what joining it checks), nobody writes",
  },
};

/** Functions in the exposed schemas that the Data API roles may execute: none. */
export const functions: Record<string, { allow: ApiRole[]; why: string }> = {};
