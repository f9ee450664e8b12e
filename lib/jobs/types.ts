export type { Job, JobKind } from "@/supabase/functions/_shared/job-types";
export type JobStatus = "pending" | "running" | "done" | "dead";

export interface JobBacklog {
  pending: number;
  running: number;
  dead: number;
  oldestPendingSeconds: number | null;
}
