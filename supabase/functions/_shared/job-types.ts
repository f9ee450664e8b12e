// The jobs table's rows as both workers see them: the app's local worker (lib/jobs) and the
// jobs-worker edge function. No imports, so the Next app and Deno share this one definition.

export type JobKind = "embed_message" | "index_document";

export interface Job {
  id: number;
  kind: JobKind;
  userId: string | null;
  payload: Record<string, unknown>;
  attempts: number;
  maxAttempts: number;
}
