-- Personal API keys for scripts and integrations (API.md, "API keys"). A key is
-- `mnk_<43 characters of base64url: 256 random bits><the owner's id as 32 hex digits>`; only the
-- SHA-256 of the whole key is kept, never the key. The owner's id inside it lets the server set the
-- person's claims before it knows whether the key is good, so the check rides in the request's first
-- database flight (lib/auth/api-keys.ts): `private.check_api_key` raises MN401 unless a live key of
-- that person has that hash, and the request's transaction fails with it before any of its work.
-- Revoking sets `revoked_at` (the row stays, so a revoked key reads as revoked, not unknown, in
-- logs); deleting the account deletes the keys (on delete cascade).

create table public.api_keys (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  name text not null check (char_length(name) between 1 and 100),
  -- What lists show of the key: `mnk_` and its first 8 random characters.
  prefix text not null check (prefix ~ '^mnk_[A-Za-z0-9_-]{8}$'),
  secret_hash text not null unique check (secret_hash ~ '^[0-9a-f]{64}$'),
  created_at timestamptz not null default now(),
  expires_at timestamptz,
  revoked_at timestamptz,
  last_used_at timestamptz
);

create index api_keys_user_id_created_at_idx on public.api_keys (user_id, created_at desc, id desc);

alter table public.api_keys enable row level security;

create policy "Users can read their own keys" on public.api_keys
  for select to mneme_user using ((select auth.uid()) = user_id);
create policy "Users can create their own keys" on public.api_keys
  for insert to mneme_user with check ((select auth.uid()) = user_id);
create policy "Users can revoke their own keys" on public.api_keys
  for update to mneme_user using ((select auth.uid()) = user_id) with check ((select auth.uid()) = user_id);

-- The Data API roles get nothing: with the publishable key a person could otherwise read hashes
-- or insert a key whose secret they chose. The server's role may only set `revoked_at`.
revoke all on public.api_keys from public, anon, authenticated;
grant select (id, user_id, name, prefix, created_at, expires_at, revoked_at, last_used_at) on public.api_keys to mneme_user;
grant insert (user_id, name, prefix, secret_hash, expires_at) on public.api_keys to mneme_user;
grant update (revoked_at) on public.api_keys to mneme_user;
grant all on public.api_keys to service_role;

-- Whether the key of `p_hash` is a live key of `p_user_id`: true, or MN401 raised. Notes its use at
-- most once a minute, so a busy script does not write the row on every request. Called by the
-- server's own connection only (execute revoked from public; the Data API roles have no usage of
-- `private`), before a request's transaction switches to the person's role.
create function private.check_api_key(p_user_id uuid, p_hash text)
returns boolean
language plpgsql volatile set search_path = ''
as $$
declare
  v_id uuid;
begin
  select k.id into v_id from public.api_keys k
  where k.secret_hash = p_hash and k.user_id = p_user_id and k.revoked_at is null
    and (k.expires_at is null or k.expires_at > now());
  if v_id is null then
    raise exception using errcode = 'MN401', message = 'invalid api key';
  end if;
  update public.api_keys set last_used_at = now()
  where id = v_id and (last_used_at is null or last_used_at < now() - interval '1 minute');
  return true;
end
$$;

revoke all on function private.check_api_key(uuid, text) from public;
