-- What a new Supabase project's database holds before any migration of ours, rebuilt from the facts
-- of Supabase's image (supabase/postgres: migrations/db/init-scripts and migrations/db/migrations)
-- and its changelog. Run by the bootstrap superuser `supabase_admin`; the variant's default
-- privileges follow (fresh-supabase.ts). Only what matters to our migrations, our server and the
-- Data API is here. Where it deviates from Supabase, and why:
--
-- - PGlite is Postgres 18 (Supabase: 17). Our migrations avoid 18-only syntax.
-- - No pg_graphql (off by default on new projects since 18 May 2026, and not built for PGlite):
--   `graphql_public` exists, empty. No pg_net, pg_cron, pgsodium, Vault or supautils.
-- - supautils lets `postgres` create "privileged" extensions such as pgvector; here pgvector's
--   control file is marked trusted instead (fresh-supabase.ts), which has the same effect for
--   `create extension vector` run by `postgres`, and still needs the CREATE privilege on the schema.
-- - The GoTrue, Storage and Realtime tables are cut down to the columns and grants that matter;
--   their own admin roles exist and own them, as on Supabase, but do not log in here.

create role postgres login createrole createdb replication bypassrls;
grant all on database postgres to postgres;
alter role postgres set search_path to "$user", public, extensions;

create role anon nologin noinherit;
create role authenticated nologin noinherit;
create role service_role nologin noinherit bypassrls;
create role authenticator login noinherit;
grant anon, authenticated, service_role to authenticator;
-- Since Postgres 16, `postgres` holds the API roles with ADMIN OPTION (20250605172253), and so may
-- grant them on.
grant anon, authenticated, service_role to postgres with admin option;
alter role anon set statement_timeout = '3s';
alter role authenticated set statement_timeout = '8s';
alter role authenticator set statement_timeout = '8s';
alter role authenticator set lock_timeout = '8s';

grant usage on schema public to postgres, anon, authenticated, service_role;
grant all on schema public to postgres;

create schema extensions;
create extension "uuid-ossp" with schema extensions;
create extension pgcrypto with schema extensions;
grant usage on schema extensions to postgres, anon, authenticated, service_role;
grant all on schema extensions to postgres;

-- Created by `postgres` while it was still the superuser, so it owns it (migrations add tables).
create publication supabase_realtime;
alter publication supabase_realtime owner to postgres;

-- GoTrue's schema, owned by its admin role; `postgres` may use it but does not own it.
create role supabase_auth_admin noinherit createrole nologin;
create schema auth authorization supabase_auth_admin;
grant usage on schema auth to anon, authenticated, service_role;
grant all on schema auth to postgres;

create table auth.users (
  instance_id uuid,
  id uuid not null primary key,
  aud varchar(255),
  role varchar(255),
  email varchar(255),
  encrypted_password varchar(255),
  email_confirmed_at timestamptz,
  invited_at timestamptz,
  confirmation_token varchar(255),
  recovery_token varchar(255),
  email_change varchar(255),
  last_sign_in_at timestamptz,
  raw_app_meta_data jsonb,
  raw_user_meta_data jsonb,
  is_super_admin boolean,
  created_at timestamptz,
  updated_at timestamptz,
  phone text unique,
  banned_until timestamptz,
  is_sso_user boolean not null default false,
  deleted_at timestamptz,
  is_anonymous boolean not null default false
);
create unique index users_email_partial_key on auth.users (email) where is_sso_user = false;

create table auth.sessions (
  id uuid not null primary key,
  user_id uuid not null references auth.users (id) on delete cascade,
  created_at timestamptz,
  updated_at timestamptz,
  not_after timestamptz
);

create table auth.refresh_tokens (
  id bigserial primary key,
  token varchar(255) unique,
  user_id varchar(255),
  revoked boolean,
  session_id uuid references auth.sessions (id) on delete cascade,
  created_at timestamptz,
  updated_at timestamptz
);

create function auth.jwt() returns jsonb language sql stable as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim', true), ''),
    nullif(current_setting('request.jwt.claims', true), '')
  )::jsonb
$$;
create function auth.uid() returns uuid language sql stable as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.sub', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
  )::uuid
$$;
create function auth.role() returns text language sql stable as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.role', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role')
  )::text
$$;
create function auth.email() returns text language sql stable as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.email', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'email')
  )::text
$$;

alter table auth.users owner to supabase_auth_admin;
alter table auth.sessions owner to supabase_auth_admin;
alter table auth.refresh_tokens owner to supabase_auth_admin;
alter function auth.jwt() owner to supabase_auth_admin;
alter function auth.uid() owner to supabase_auth_admin;
alter function auth.role() owner to supabase_auth_admin;
alter function auth.email() owner to supabase_auth_admin;
-- `postgres` was demoted from superuser with ALL on auth's objects (10000000000000_demote-postgres).
grant all on all tables in schema auth to postgres;
grant all on all sequences in schema auth to postgres;
grant all on all routines in schema auth to postgres;

-- Storage's schema: the API roles have every privilege on its tables, row level security decides.
create role supabase_storage_admin noinherit createrole nologin;
create schema storage authorization supabase_storage_admin;
grant usage on schema storage to postgres, anon, authenticated, service_role;
create table storage.buckets (
  id text primary key,
  name text not null unique,
  owner uuid,
  public boolean default false,
  file_size_limit bigint,
  allowed_mime_types text[],
  created_at timestamptz default now(),
  updated_at timestamptz default now()
);
create table storage.objects (
  id uuid primary key default gen_random_uuid(),
  bucket_id text references storage.buckets (id),
  name text,
  owner uuid,
  owner_id text,
  metadata jsonb,
  version text,
  created_at timestamptz default now(),
  updated_at timestamptz default now(),
  last_accessed_at timestamptz default now()
);
create unique index bucketid_objname on storage.objects (bucket_id, name);
alter table storage.buckets enable row level security;
alter table storage.objects enable row level security;
alter table storage.buckets owner to supabase_storage_admin;
alter table storage.objects owner to supabase_storage_admin;
grant all on storage.buckets, storage.objects to anon, authenticated, service_role, postgres;

-- Realtime's schema; its own tables are its business, but for `messages`, which carries Broadcast
-- from the database (`realtime.send`) and whose row level security authorises private channels:
-- joining one reads a row of the topic as the subscriber, sending writes one (the fake Realtime,
-- tests/fakes/realtime.ts, checks both as Realtime does). It starts with RLS on and no policy, so
-- every private channel is refused until a migration grants it. The publication above starts empty.
create schema realtime;
grant usage on schema realtime to postgres, anon, authenticated, service_role;
create role supabase_realtime_admin nologin noinherit;
grant supabase_realtime_admin to postgres;
alter schema realtime owner to supabase_realtime_admin;
create table realtime.messages (
  id uuid not null default gen_random_uuid(),
  topic text not null,
  extension text not null,
  payload jsonb,
  event text,
  private boolean default false,
  updated_at timestamp without time zone not null default now(),
  inserted_at timestamp without time zone not null default now(),
  primary key (id, inserted_at)
);
alter table realtime.messages enable row level security;
alter table realtime.messages owner to supabase_realtime_admin;
grant select, insert, update on realtime.messages to anon, authenticated, service_role;
grant all on realtime.messages to postgres;
-- The topic being joined, for policies (Realtime sets it for its authorisation queries).
create function realtime.topic() returns text language sql stable as $$ select nullif(current_setting('realtime.topic', true), '')::text $$;
-- Broadcast from the database: a row that Realtime sends to the topic's subscribers.
create function realtime.send(payload jsonb, event text, topic text, private boolean default true) returns void
  language sql security definer set search_path = '' as $$
  insert into realtime.messages (payload, event, topic, private, extension) values (payload, event, topic, private, 'broadcast')
$$;
alter function realtime.topic() owner to supabase_realtime_admin;
alter function realtime.send(jsonb, text, text, boolean) owner to supabase_realtime_admin;
grant execute on function realtime.topic() to postgres, anon, authenticated, service_role;
revoke execute on function realtime.send(jsonb, text, text, boolean) from public;
grant execute on function realtime.send(jsonb, text, text, boolean) to postgres, service_role;

create schema graphql_public;
grant usage on schema graphql_public to postgres, anon, authenticated, service_role;
