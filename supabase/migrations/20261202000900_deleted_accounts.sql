-- Accounts deleted while a session token of theirs may still be valid. The local mode's session
-- tokens are JWTs that cannot be recalled, and deleting the account takes its revoked_sessions rows
-- with it (on delete cascade): without a record that outlives auth.users' row, a restart would
-- accept its tokens again. The server refuses tokens naming these ids (kept in memory, loaded at
-- start) until the last of them would have expired anyway, then the row goes. Only the id and two
-- times; no foreign key, by design. Supabase Auth keeps its own sessions: in that mode this table
-- stays empty.

create table private.deleted_accounts (
  user_id uuid primary key,
  deleted_at timestamptz not null default now(),
  tokens_valid_until timestamptz not null
);

create index deleted_accounts_tokens_valid_until_idx on private.deleted_accounts (tokens_valid_until);

alter table private.deleted_accounts enable row level security;
grant all on private.deleted_accounts to service_role;
