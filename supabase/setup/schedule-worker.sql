-- Schedules the jobs-worker edge function (supabase/functions/jobs-worker) on a Supabase project:
-- pg_cron calls it every minute, and a trigger on private.jobs (our database webhook) calls it
-- when jobs are inserted, both through pg_net with the worker's secret as a bearer token.
--
-- This is a one-time setup step, not a migration: supabase/migrations also runs on the embedded
-- PGlite of the local mode, which has no pg_cron, pg_net or Vault (its worker runs in-process),
-- and the function's URL and secret belong to one project and must not be committed.
--
-- Run once per project, as postgres (SQL editor or psql), after deploying the function:
--   1. supabase secrets set JOBS_WORKER_SECRET=<32+ random characters>
--      (and the app's OPENAI_API_KEY / EMBEDDINGS_MODEL; APP_URL and CRON_SECRET to run alerts)
--   2. select vault.create_secret('https://<project-ref>.supabase.co', 'project_url');
--      select vault.create_secret('<the same JOBS_WORKER_SECRET>', 'jobs_worker_secret');
--   3. psql "$DATABASE_URL" -f supabase/setup/schedule-worker.sql
-- Running it again is harmless. To stop: select cron.unschedule('jobs-worker');
--   drop trigger on_jobs_inserted_wake_worker on private.jobs;

create extension if not exists pg_cron;
create extension if not exists pg_net with schema extensions;

-- Queues a call to the worker; pg_net sends it after the calling transaction commits, so rolled
-- back work wakes nobody. A wake-up that cannot be queued must never fail the insert that caused
-- it (a user's message is stored first): it warns, and the next minute's call picks the job up.
create or replace function private.wake_jobs_worker(trigger_name text) returns bigint
language plpgsql security definer set search_path = ''
as $$
declare
  project_url text;
  worker_secret text;
begin
  select decrypted_secret into project_url from vault.decrypted_secrets where name = 'project_url';
  select decrypted_secret into worker_secret from vault.decrypted_secrets where name = 'jobs_worker_secret';
  if project_url is null or worker_secret is null then
    raise warning 'jobs-worker not called: set the Vault secrets project_url and jobs_worker_secret';
    return null;
  end if;
  return net.http_post(
    url := rtrim(project_url, '/') || '/functions/v1/jobs-worker',
    body := jsonb_build_object('trigger', trigger_name),
    headers := jsonb_build_object('Content-Type', 'application/json', 'Authorization', 'Bearer ' || worker_secret),
    timeout_milliseconds := 60000
  );
exception when others then
  raise warning 'jobs-worker not called: %', sqlerrm;
  return null;
end;
$$;

revoke execute on function private.wake_jobs_worker(text) from public;

create or replace function private.on_jobs_inserted() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  perform private.wake_jobs_worker('insert');
  return null;
end;
$$;

revoke execute on function private.on_jobs_inserted() from public;

-- Once per inserting statement, not per row: a bulk enqueue (a re-index) is one call, and the
-- worker claims in batches anyway.
drop trigger if exists on_jobs_inserted_wake_worker on private.jobs;
create trigger on_jobs_inserted_wake_worker
  after insert on private.jobs
  for each statement execute function private.on_jobs_inserted();

-- Every minute: retries whose backoff has passed, jobs of an invocation that died (after their
-- lease), and the app's alert rules (when the function has APP_URL and CRON_SECRET).
select cron.schedule('jobs-worker', '* * * * *', $$select private.wake_jobs_worker('cron')$$);
