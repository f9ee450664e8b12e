-- The per-user request counter, plans, and the chat charges ledger (budget reserved before the
-- model call, settled after). Usage is separate from chat content and only ever grows: deleting
-- chats never lowers it; only deleting the account removes it (on delete cascade).
-- Users may read their own rows; nothing is granted to them for writing.

create table public.usage_plans (
  user_id uuid primary key references auth.users (id) on delete cascade,
  plan text not null default 'free' check (plan in ('free', 'pro')),
  updated_at timestamptz not null default now()
);

alter table public.usage_plans enable row level security;
create policy "Users can read their own plan" on public.usage_plans
  for select to authenticated using ((select auth.uid()) = user_id);
grant select on public.usage_plans to authenticated;
grant all on public.usage_plans to service_role;

-- One row per user, UTC day, route group and status class; `requests` only goes up.
create table public.usage_requests (
  user_id uuid not null references auth.users (id) on delete cascade,
  day date not null,
  route_group text not null check (char_length(route_group) <= 40),
  status_class text not null check (status_class in ('1xx', '2xx', '3xx', '4xx', '5xx')),
  requests bigint not null default 0 check (requests >= 0),
  updated_at timestamptz not null default now(),
  primary key (user_id, day, route_group, status_class)
);

alter table public.usage_requests enable row level security;
create policy "Users can read their own request counts" on public.usage_requests
  for select to authenticated using ((select auth.uid()) = user_id);
grant select on public.usage_requests to authenticated;
grant all on public.usage_requests to service_role;

-- One row per admitted chat turn: reserved at its maximum cost, settled once to the real cost.
create table public.usage_charges (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  model text not null check (char_length(model) <= 200),
  max_cost_micro_usd bigint not null check (max_cost_micro_usd >= 0),
  status text not null default 'reserved' check (status in ('reserved', 'settled', 'released')),
  input_tokens bigint not null default 0 check (input_tokens >= 0),
  output_tokens bigint not null default 0 check (output_tokens >= 0),
  cost_micro_usd bigint not null default 0 check (cost_micro_usd >= 0),
  created_at timestamptz not null default now(),
  settled_at timestamptz
);

create index usage_charges_user_id_created_at_idx on public.usage_charges (user_id, created_at);
create index usage_charges_created_at_idx on public.usage_charges (created_at);

alter table public.usage_charges enable row level security;
create policy "Users can read their own charges" on public.usage_charges
  for select to authenticated using ((select auth.uid()) = user_id);
grant select on public.usage_charges to authenticated;
grant all on public.usage_charges to service_role;

-- Counts only go up: an update that lowers a counter is a bug, refused here.
create function private.refuse_lower_usage()
returns trigger language plpgsql set search_path = ''
as $$
begin
  if new.requests < old.requests then
    raise exception 'usage counters only go up';
  end if;
  return new;
end
$$;

create trigger usage_requests_only_grow before update on public.usage_requests
  for each row execute function private.refuse_lower_usage();
