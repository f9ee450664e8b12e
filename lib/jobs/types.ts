export type JobKind = "embed_message";
export type JobStatus = "pending" | "running" | "done" | "dead";

export interface Job {
  id: number;
  kind: JobKind;
  userId: string | null;
  payload: Record<string, unknown>;
  attempts: number;
  maxAttempts: number;
}

export interface JobBacklog {
  pending: number;
  running: number;
  dead: number;
  oldestPendingSeconds: number | null;
}
