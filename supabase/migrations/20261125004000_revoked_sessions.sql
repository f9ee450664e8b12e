-- Sessions signed out before their token expired, for the local mode's own session tokens (JWTs
-- cannot be recalled, so the server remembers which ones it no longer accepts until they expire).
-- Supabase Auth keeps its own sessions; in that mode this table stays empty.

create table private.revoked_sessions (
  session_id uuid primary key,
  user_id uuid not null references auth.users (id) on delete cascade,
  expires_at timestamptz not null
);

create index revoked_sessions_expires_at_idx on private.revoked_sessions (expires_at);
create index revoked_sessions_user_id_idx on private.revoked_sessions (user_id);

alter table private.revoked_sessions enable row level security;
grant all on private.revoked_sessions to service_role;
