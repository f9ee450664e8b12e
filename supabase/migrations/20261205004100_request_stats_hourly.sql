-- The hourly rollup of private.request_stats, for the weekly report. The per-minute rows are pruned
-- after seven days; these are kept for six weeks, so a week can always be set beside the one before
-- it. Maintenance recomputes the latest hours from the minute rows (replacing, not adding), so
-- running it twice, or from two processes, gives the same rows.

create table private.request_stats_hourly (
  hour timestamptz not null check (date_trunc('hour', hour, 'UTC') = hour),
  route text not null check (char_length(route) <= 100),
  status_class text not null check (status_class in ('1xx', '2xx', '3xx', '4xx', '5xx')),
  requests bigint not null check (requests >= 0),
  duration_ms_sum double precision not null check (duration_ms_sum >= 0),
  duration_buckets bigint[] not null,
  primary key (hour, route, status_class)
);

alter table private.request_stats_hourly enable row level security;
revoke all on private.request_stats_hourly from public, anon, authenticated;
grant all on private.request_stats_hourly to service_role;

-- Which weekly reports were posted to the alert webhook, so the Vercel cron and the local worker
-- (or two app processes) post each week once; a failed post may be tried again.
create table private.weekly_report_posts (
  week text primary key check (week ~ '^\d{4}-W\d{2}$'),
  delivery text not null check (delivery in ('pending', 'sent', 'failed')),
  posted_at timestamptz not null default now()
);

alter table private.weekly_report_posts enable row level security;
revoke all on private.weekly_report_posts from public, anon, authenticated;
grant all on private.weekly_report_posts to service_role;
