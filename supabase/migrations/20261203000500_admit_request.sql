-- The per-request limiter and counter in one statement, so that it can ride along with the
-- request's own transaction instead of costing round trips of its own (lib/db/ride-along.ts).
--
-- `private.admit_request` hits the user's minute window, reads their plan's limit and counts the
-- request. Sent with the request's own transaction, after its work and with its COMMIT, with
-- `p_raise`: a refusal raises MN429, which rolls the work back, so nothing a refused request did
-- is kept. The request is then counted before its answer is known, as the class the caller
-- expects (2xx); `private.recount_request` moves it to the class it was answered with. Without `p_raise` (a request admitted on its own) a refusal is
-- answered, and counted as 4xx, rather than raised.
--
-- Only the server's connection calls these (execute is revoked from public, and the Data API
-- roles have no usage of `private`).

create function private.admit_request(
  p_user_id uuid,
  p_key text,
  p_route_group text,
  p_limits jsonb,
  p_status_class text,
  p_raise boolean
)
returns table (allowed boolean, hits integer, request_limit integer, window_start timestamptz)
language plpgsql volatile set search_path = ''
as $$
declare
  v_hits integer;
  v_window_start timestamptz;
  v_limit integer;
  v_allowed boolean;
begin
  select h.hits, h.window_start into v_hits, v_window_start from private.hit_rate_limit(p_key, 60) h;
  v_limit := coalesce(
    (p_limits ->> coalesce((select p.plan from public.usage_plans p where p.user_id = p_user_id), 'free'))::integer,
    (p_limits ->> 'free')::integer
  );
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
  return query select v_allowed, v_hits, v_limit, v_window_start;
end
$$;

revoke all on function private.admit_request(uuid, text, text, jsonb, text, boolean) from public;

-- Moves one of today's requests of the group from the class it was counted as to the one it was
-- answered with. The day's total for the group stays the same; no other path lowers a count.
create function private.recount_request(p_user_id uuid, p_route_group text, p_from text, p_to text)
returns void
language plpgsql volatile set search_path = ''
as $$
begin
  perform set_config('mneme.recounting', 'on', true);
  update public.usage_requests
    set requests = requests - 1, updated_at = now()
    where user_id = p_user_id and day = (now() at time zone 'utc')::date
      and route_group = p_route_group and status_class = p_from and requests > 0;
  if found then
    -- A row this request made is gone again, as if it had been counted as its class from the start.
    delete from public.usage_requests
      where user_id = p_user_id and day = (now() at time zone 'utc')::date
        and route_group = p_route_group and status_class = p_from and requests = 0;
    insert into public.usage_requests as u (user_id, day, route_group, status_class, requests)
    values (p_user_id, (now() at time zone 'utc')::date, p_route_group, p_to, 1)
    on conflict (user_id, day, route_group, status_class)
    do update set requests = u.requests + 1, updated_at = now();
  end if;
  perform set_config('mneme.recounting', 'off', true);
end
$$;

revoke all on function private.recount_request(uuid, text, text, text) from public;

create or replace function private.refuse_lower_usage()
returns trigger language plpgsql set search_path = ''
as $$
begin
  if new.requests < old.requests and current_setting('mneme.recounting', true) is distinct from 'on' then
    raise exception 'usage counters only go up';
  end if;
  return new;
end
$$;

-- A chat turn stores its messages and reserves its charge in one transaction as the user, so the
-- reservation leaves with the turn's other statements instead of a service transaction of its
-- own. The server's role may insert a reserved charge for the user whose claims are set, tied to
-- one of their own messages, and nothing more: it cannot set a status, a cost or tokens, nor
-- update or delete a charge. The Data API roles are given nothing.
grant insert (user_id, model, max_cost_micro_usd, message_id, prompt_tokens) on public.usage_charges to mneme_user;
create policy "The server reserves a user's chat turn as them" on public.usage_charges
  for insert to mneme_user
  with check (
    (select auth.uid()) = user_id
    and status = 'reserved'
    and message_id is not null
    and exists (select 1 from public.messages m where m.id = message_id and m.user_id = (select auth.uid()))
  );
