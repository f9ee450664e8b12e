-- What a Supabase project provides before our migrations run, recreated for the embedded
-- database: the API roles, the `extensions` schema, the `auth` schema with `auth.users` and the JWT
-- claim helpers, and the empty Realtime publication. Nothing here goes beyond what a fresh project
-- has (tests/unit/db/local-shim.test.ts holds it against tests/support/fresh-supabase); what only the
-- local mode needs is marked "local mode only". Applied before every start; each statement is idempotent.

do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'anon') then create role anon nologin noinherit; end if;
  if not exists (select 1 from pg_roles where rolname = 'authenticated') then create role authenticated nologin noinherit; end if;
  if not exists (select 1 from pg_roles where rolname = 'service_role') then create role service_role nologin noinherit bypassrls; end if;
end
$$;

grant anon, authenticated, service_role to current_user;

create schema if not exists auth;
create schema if not exists extensions;
grant usage on schema auth to anon, authenticated, service_role;
grant usage on schema public to anon, authenticated, service_role;
grant usage on schema extensions to anon, authenticated, service_role;

-- GoTrue's table, cut down to the columns the local accounts use.
create table if not exists auth.users (
  -- Local mode only: GoTrue makes the id itself; the local sign-up lets the database do it.
  id uuid primary key default gen_random_uuid(),
  aud varchar(255) not null default 'authenticated',
  role varchar(255) not null default 'authenticated',
  email varchar(255) not null,
  encrypted_password varchar(255) not null,
  raw_app_meta_data jsonb not null default '{}'::jsonb,
  raw_user_meta_data jsonb not null default '{}'::jsonb,
  last_sign_in_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
alter table auth.users add column if not exists raw_app_meta_data jsonb not null default '{}'::jsonb;
create unique index if not exists users_email_key on auth.users (lower(email));

create or replace function auth.jwt() returns jsonb
language sql stable set search_path = ''
as $$
  select coalesce(nullif(current_setting('request.jwt.claims', true), ''), '{}')::jsonb
$$;

create or replace function auth.uid() returns uuid
language sql stable set search_path = ''
as $$
  select nullif(auth.jwt() ->> 'sub', '')::uuid
$$;

create or replace function auth.role() returns text
language sql stable set search_path = ''
as $$
  select nullif(auth.jwt() ->> 'role', '')
$$;

grant execute on function auth.jwt(), auth.uid(), auth.role() to anon, authenticated, service_role;

-- Local mode only: the migration runner's record (lib/db/migrate.mjs); the Supabase CLI keeps the same table.
create schema if not exists supabase_migrations;
create table if not exists supabase_migrations.schema_migrations (
  version text primary key,
  name text not null,
  applied_at timestamptz not null default now()
);

-- Supabase Realtime's publication; tables join it in their migrations.
do $$
begin
  if not exists (select 1 from pg_publication where pubname = 'supabase_realtime') then create publication supabase_realtime; end if;
end
$$;

-- Supabase's login setting for `postgres` (the server's connection): pgvector's type and operators
-- live in `extensions`. PGlite is one session, opened with search_path=public.
set search_path to "$user", public, extensions;
