-- Web vitals reported by browsers (POST /api/vitals, public). The server writes them through its
-- named service path `vitals.record`; admins read them across users the same way. No API role
-- may read or write the table directly: RLS is on with no policies, and nothing is granted.

create table public.web_vitals (
  id bigint generated always as identity primary key,
  name text not null check (name in ('LCP', 'INP', 'CLS', 'FCP', 'TTFB')),
  value double precision not null check (value >= 0 and value <= 600000),
  rating text not null check (rating in ('good', 'needs-improvement', 'poor')),
  metric_id text not null check (char_length(metric_id) <= 100),
  -- A path without query string or fragment: those can carry search text.
  page text not null check (char_length(page) <= 500 and page like '/%' and page !~ '[?#]'),
  created_at timestamptz not null default now()
);

create index web_vitals_name_created_at_idx on public.web_vitals (name, created_at desc);

alter table public.web_vitals enable row level security;

revoke all on public.web_vitals from anon, authenticated;
grant select, insert, delete on public.web_vitals to service_role;
