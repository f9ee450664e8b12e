// Supabase Edge Function: the production worker for private.jobs, called every minute by pg_cron
// and on every insert into the table (supabase/setup/schedule-worker.sql). Deploy with
//   supabase functions deploy jobs-worker --no-verify-jwt --import-map supabase/functions/deno.json
// (it checks its own secret, JOBS_WORKER_SECRET, instead of a Supabase JWT).
import { handler } from "./handler.ts";

export { handler };

Deno.serve(handler);
