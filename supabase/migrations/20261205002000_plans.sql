-- Plans and their limits in the database, editable by admins (/admin/plans), and per user: the
-- plan (a foreign key, no longer a fixed list), limits of their own that override the plan's, and
-- whether the account is suspended.
--
-- The seed is today's table in lib/usage/limits.ts. The RATE_LIMIT_* and PLAN_FREE_* variables
-- stay its defaults: at start-up the server writes them into the seeded plans that no admin has
-- edited yet (`edited_at is null`, lib/usage/plan-defaults.ts); once an admin edits a plan, the
-- database wins.

create table public.plans (
  id text primary key check (id ~ '^[a-z0-9][a-z0-9-]{0,39}$'),
  name text not null check (char_length(name) between 1 and 100),
  api_requests_per_minute integer not null check (api_requests_per_minute between 1 and 1000000),
  chat_requests_per_minute integer not null check (chat_requests_per_minute between 1 and 1000000),
  -- Chat turns a month; null sets no limit, 0 allows none.
  monthly_requests integer check (monthly_requests between 0 and 100000000),
  -- Micro-dollars a month; null sets no limit, 0 allows nothing.
  monthly_budget_micro_usd bigint check (monthly_budget_micro_usd between 0 and 1000000000000),
  -- The models a chat may use; null: every model.
  models text[] check (models is null or (cardinality(models) <= 100 and array_position(models, null) is null)),
  -- Null while the plan holds the seed's values, which the environment's defaults still set.
  edited_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

insert into public.plans (id, name, api_requests_per_minute, chat_requests_per_minute, monthly_requests, monthly_budget_micro_usd) values
  ('free', 'Free', 60, 10, 500, 2000000),
  ('pro', 'Pro', 600, 60, 20000, 50000000);

alter table public.plans enable row level security;
-- A person's usage page shows their plan's limits; the server reads them as the person.
create policy "The server reads plans for a person" on public.plans for select to mneme_user using (true);
revoke all on public.plans from public, anon, authenticated, service_role;
grant select on public.plans to mneme_user;

alter table public.usage_plans drop constraint usage_plans_plan_check;
alter table public.usage_plans
  add constraint usage_plans_plan_fkey foreign key (plan) references public.plans (id) on update cascade on delete restrict,
  -- The person's own limits; null keeps the plan's.
  add column api_requests_per_minute integer check (api_requests_per_minute between 1 and 1000000),
  add column chat_requests_per_minute integer check (chat_requests_per_minute between 1 and 1000000),
  add column monthly_requests integer check (monthly_requests between 0 and 100000000),
  add column monthly_budget_micro_usd bigint check (monthly_budget_micro_usd between 0 and 1000000000000),
  add column status text not null default 'active' check (status in ('active', 'suspended')),
  add column status_changed_at timestamptz,
  -- When the account was last suspended: the local mode refuses its session tokens issued before.
  add column sessions_ended_at timestamptz;
create index usage_plans_plan_idx on public.usage_plans (plan);

-- What holds for a person now: their plan (free without a row), their own limits over the plan's,
-- and their status. Security invoker: as the person (mneme_user) it reads their own row only.
create function public.effective_limits(p_user_id uuid)
returns table (
  plan text,
  plan_name text,
  status text,
  api_requests_per_minute integer,
  chat_requests_per_minute integer,
  monthly_requests integer,
  monthly_budget_micro_usd bigint,
  models text[],
  has_own_limits boolean
)
language sql stable set search_path = ''
as $$
  select p.id, p.name, coalesce(u.status, 'active'),
    coalesce(u.api_requests_per_minute, p.api_requests_per_minute),
    coalesce(u.chat_requests_per_minute, p.chat_requests_per_minute),
    case when u.monthly_requests is not null then u.monthly_requests else p.monthly_requests end,
    case when u.monthly_budget_micro_usd is not null then u.monthly_budget_micro_usd else p.monthly_budget_micro_usd end,
    p.models,
    coalesce(u.api_requests_per_minute, u.chat_requests_per_minute, u.monthly_requests, u.monthly_budget_micro_usd) is not null
  from (select p_user_id as user_id) person
  left join public.usage_plans u on u.user_id = person.user_id
  join public.plans p on p.id = coalesce(u.plan, 'free')
$$;

revoke all on function public.effective_limits(uuid) from public, anon, authenticated, service_role;
grant execute on function public.effective_limits(uuid) to mneme_user;

-- The per-request limiter, still one statement, now over the database's plans: it refuses a
-- suspended person (MN403 when raising; `suspended` otherwise, counted as 4xx), then hits their
-- minute window under the limit `effective_limits` gives for `p_limiter` ('api' or 'chat').
-- The jsonb overload of 20261203000500 stays for the release before (it reads the same plan
-- column); a later migration drops it.
create function private.admit_request(
  p_user_id uuid,
  p_key text,
  p_route_group text,
  p_limiter text,
  p_status_class text,
  p_raise boolean
)
returns table (allowed boolean, hits integer, request_limit integer, window_start timestamptz, suspended boolean)
language plpgsql volatile set search_path = ''
as $$
declare
  v_hits integer;
  v_window_start timestamptz;
  v_limit integer;
  v_status text;
  v_allowed boolean;
begin
  select l.status, case when p_limiter = 'chat' then l.chat_requests_per_minute else l.api_requests_per_minute end
    into v_status, v_limit
    from public.effective_limits(p_user_id) l;
  if v_status = 'suspended' then
    if p_raise then
      raise exception using errcode = 'MN403', message = 'account suspended';
    end if;
    insert into public.usage_requests as u (user_id, day, route_group, status_class, requests)
    values (p_user_id, (now() at time zone 'utc')::date, p_route_group, '4xx', 1)
    on conflict (user_id, day, route_group, status_class)
    do update set requests = u.requests + 1, updated_at = now();
    return query select false, 0, coalesce(v_limit, 0), now(), true;
    return;
  end if;
  select h.hits, h.window_start into v_hits, v_window_start from private.hit_rate_limit(p_key, 60) h;
  v_limit := coalesce(v_limit, 1);
  v_allowed := v_hits <= v_limit;
  if not v_allowed and p_raise then
    raise exception using
      errcode = 'MN429',
      message = 'rate limited',
      detail = json_build_object('limit', v_limit, 'hits', v_hits, 'windowStart', v_window_start)::text;
  end if;
  insert into public.usage_requests as u (user_id, day, route_group, status_class, requests)
  values (p_user_id, (now() at time zone 'utc')::date, p_route_group, case when v_allowed then p_status_class else '4xx' end, 1)
  on conflict (user_id, day, route_group, status_class)
  do update set requests = u.requests + 1, updated_at = now();
  return query select v_allowed, v_hits, v_limit, v_window_start, false;
end
$$;

revoke all on function private.admit_request(uuid, text, text, text, text, boolean) from public;

-- Every admin action: who, what, whom, before and after, when. Append-only for everyone: no role
-- is granted update or delete, and the trigger below refuses them even to the owner, with one
-- exception: when an account is deleted, its entries keep the ids and lose the email.
create table public.admin_audit_log (
  id uuid primary key default gen_random_uuid(),
  seq bigint generated always as identity unique,
  actor_id uuid not null,
  actor_email text,
  action text not null check (char_length(action) between 1 and 60),
  target_kind text not null check (target_kind in ('user', 'plan')),
  -- A user's id or a plan's slug; no foreign key: the entry outlives both.
  target_id text not null check (char_length(target_id) <= 60),
  target_email text,
  before jsonb,
  after jsonb,
  created_at timestamptz not null default now()
);

create index admin_audit_log_target_idx on public.admin_audit_log (target_kind, target_id, seq desc);

alter table public.admin_audit_log enable row level security;
revoke all on public.admin_audit_log from public, anon, authenticated, service_role;

create function private.refuse_audit_changes() returns trigger
language plpgsql set search_path = ''
as $$
begin
  if tg_op = 'UPDATE'
    and (to_jsonb(new) - 'actor_email' - 'target_email') = (to_jsonb(old) - 'actor_email' - 'target_email')
    and (new.actor_email is null or new.actor_email = old.actor_email)
    and (new.target_email is null or new.target_email = old.target_email) then
    return new;
  end if;
  raise exception 'the admin audit log is append-only' using errcode = '42501';
end
$$;

create trigger admin_audit_log_append_only
  before update or delete on public.admin_audit_log
  for each row execute function private.refuse_audit_changes();

create function private.refuse_audit_truncate() returns trigger
language plpgsql set search_path = ''
as $$
begin
  raise exception 'the admin audit log is append-only' using errcode = '42501';
end
$$;

create trigger admin_audit_log_no_truncate
  before truncate on public.admin_audit_log
  for each statement execute function private.refuse_audit_truncate();

-- A deleted account's entries keep its id and lose its email, however it is deleted (the app, the
-- dashboard): security definer, because Supabase Auth deletes as its own role.
create function private.forget_audit_emails() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  update public.admin_audit_log set actor_email = null where actor_id = old.id and actor_email is not null;
  update public.admin_audit_log set target_email = null where target_kind = 'user' and target_id = old.id::text and target_email is not null;
  return old;
end
$$;

revoke all on function private.forget_audit_emails() from public;

create trigger on_auth_user_deleted_forget_audit_emails
  after delete on auth.users
  for each row execute function private.forget_audit_emails();
