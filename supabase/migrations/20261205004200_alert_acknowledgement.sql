-- Alerts an admin acknowledged in /admin, and the thresholds admins may change there.
--
-- An acknowledged alert's key does not fire again while its condition holds; the first evaluation
-- that finds the condition gone sets `cleared_at`, and from then the key may fire again.
alter table private.alert_events
  add column acknowledged_at timestamptz,
  add column acknowledged_by uuid references auth.users (id) on delete set null,
  add column cleared_at timestamptz;

create index alert_events_acknowledged_key_idx on private.alert_events (key)
  where acknowledged_at is not null and cleared_at is null;

-- A threshold an admin set; without a row the environment variable (or its default) applies.
-- Who changed it last and when stay in the row.
create table private.alert_settings (
  name text primary key check (name in ('dailyCostUsd', 'p95LatencyMs', 'minRequests', 'cooldownMinutes', 'errorRatePercent')),
  value double precision not null check (value >= 0),
  updated_by uuid references auth.users (id) on delete set null,
  updated_at timestamptz not null default now()
);

alter table private.alert_settings enable row level security;
revoke all on private.alert_settings from public, anon, authenticated;
grant all on private.alert_settings to service_role;
