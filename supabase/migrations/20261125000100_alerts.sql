-- What the alert rules and the admin overview read across app processes (and, on Vercel, across
-- function instances): a per-minute rollup of API requests, and the alerts that fired. Both live
-- in `private`, which no API role can reach; the server reads and writes them through its named
-- service paths.

-- One row per UTC minute, route template and status class. Each process adds its own counts every
-- few seconds; `duration_buckets` counts requests at or under each bound of
-- lib/monitoring/request-stats.ts (the last bucket is everything slower).
create table private.request_stats (
  minute timestamptz not null,
  route text not null check (char_length(route) <= 100),
  status_class text not null check (status_class in ('1xx', '2xx', '3xx', '4xx', '5xx')),
  requests bigint not null check (requests >= 0),
  duration_ms_sum double precision not null check (duration_ms_sum >= 0),
  duration_buckets bigint[] not null,
  primary key (minute, route, status_class)
);

alter table private.request_stats enable row level security;
grant all on private.request_stats to service_role;

-- Adds one process's counts to a minute's row, bucket by bucket.
create function private.add_request_stats(
  p_minute timestamptz, p_route text, p_status_class text, p_requests bigint, p_duration_ms_sum double precision, p_buckets bigint[]
) returns void language sql set search_path = ''
as $$
  insert into private.request_stats as s (minute, route, status_class, requests, duration_ms_sum, duration_buckets)
  values (p_minute, p_route, p_status_class, p_requests, p_duration_ms_sum, p_buckets)
  on conflict (minute, route, status_class) do update set
    requests = s.requests + excluded.requests,
    duration_ms_sum = s.duration_ms_sum + excluded.duration_ms_sum,
    duration_buckets = array(
      select coalesce(a, 0) + coalesce(b, 0)
      from unnest(s.duration_buckets, excluded.duration_buckets) as t(a, b)
    );
$$;

revoke all on function private.add_request_stats(timestamptz, text, text, bigint, double precision, bigint[]) from public;
grant execute on function private.add_request_stats(timestamptz, text, text, bigint, double precision, bigint[]) to service_role;

-- Every alert that fired. `key` is what the cooldown is keyed on: the rule alone for
-- service-wide rules, the rule with the user, threshold and month for a user's budget. A user's
-- alerts go with their account.
create table private.alert_events (
  id uuid primary key default gen_random_uuid(),
  rule text not null check (char_length(rule) <= 40),
  key text not null check (char_length(key) <= 200),
  severity text not null check (severity in ('info', 'warning', 'critical')),
  summary text not null check (char_length(summary) <= 500),
  details jsonb not null default '{}',
  user_id uuid references auth.users (id) on delete cascade,
  delivery text not null default 'pending' check (delivery in ('pending', 'sent', 'failed', 'skipped')),
  fired_at timestamptz not null default now()
);

create index alert_events_key_fired_at_idx on private.alert_events (key, fired_at desc);
create index alert_events_fired_at_idx on private.alert_events (fired_at desc);
create index alert_events_user_id_idx on private.alert_events (user_id);

alter table private.alert_events enable row level security;
grant all on private.alert_events to service_role;
