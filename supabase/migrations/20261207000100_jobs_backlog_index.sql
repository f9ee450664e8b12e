-- The health check counts the jobs not done, by kind, on every call (lib/monitoring/health.ts,
-- getJobBacklogs in supabase/functions/_shared/job-queue.ts). Done jobs stay a day (private.jobs is
-- pruned after that), so without this the count scanned a day of finished work each time: 50,000
-- done jobs cost 8 ms on PGlite, where the open ones, the count's whole answer, are a handful.
create index jobs_open_kind_idx on private.jobs (kind) where status <> 'done';
