export type { Job, JobKind } from "@/supabase/functions/_shared/job-types";
export type { JobBacklog } from "@/supabase/functions/_shared/job-queue";
export type JobStatus = "pending" | "running" | "done" | "dead";
