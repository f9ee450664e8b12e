-- Fixed-window counters for rate limits (login attempts now; API limits later). Not exposed to
-- the API roles: only the server's named service paths call `private.hit_rate_limit`.

create table private.rate_limit_windows (
  key text not null,
  window_start timestamptz not null,
  hits integer not null default 0,
  primary key (key, window_start)
);

create index rate_limit_windows_window_start_idx on private.rate_limit_windows (window_start);

alter table private.rate_limit_windows enable row level security;

-- One atomic upsert: returns the hit count of the current window after this hit.
create function private.hit_rate_limit(p_key text, p_window_seconds integer)
returns table (hits integer, window_start timestamptz)
language sql volatile set search_path = ''
as $$
  insert into private.rate_limit_windows as w (key, window_start, hits)
  values (
    p_key,
    to_timestamp(floor(extract(epoch from now()) / p_window_seconds) * p_window_seconds),
    1
  )
  on conflict (key, window_start) do update set hits = w.hits + 1
  returning w.hits, w.window_start
$$;

revoke all on function private.hit_rate_limit(text, integer) from public;
grant execute on function private.hit_rate_limit(text, integer) to service_role;
