-- What the Data API roles keep: Supabase Realtime's row-filtered reads of a person's own chats and
-- messages (the ids the browser subscribes with), nothing else. Revoke everything first, because
-- self-hosted Supabase (and hosted tables created before 30 October 2026) grant ALL on every table,
-- function and sequence in `public` to `anon` and `authenticated` by default privileges, and a
-- table-level ALL makes column grants meaningless. Postgres itself grants EXECUTE on every new
-- function to PUBLIC, which includes both.
--
-- Deploying this over the previous release: that release's server ran its user queries as
-- `authenticated`, so between this migration and the new code going live it answers 503 (DEPLOY.md).

revoke all on all tables in schema public from public, anon, authenticated;
revoke all on all sequences in schema public from public, anon, authenticated;
revoke all on all functions in schema public from public, anon, authenticated;
revoke all on all tables in schema private from public, anon, authenticated;
revoke all on all sequences in schema private from public, anon, authenticated;
revoke all on all functions in schema private from public, anon, authenticated;
revoke all on schema private from public, anon, authenticated;

grant select (id, user_id) on public.chats to authenticated;
grant select (id, chat_id, user_id) on public.messages to authenticated;

-- And for everything later migrations create (run as the migrating role, `postgres` on Supabase).
alter default privileges in schema public revoke all on tables from public, anon, authenticated;
alter default privileges in schema public revoke all on sequences from public, anon, authenticated;
alter default privileges in schema public revoke all on functions from public, anon, authenticated;
alter default privileges revoke execute on functions from public;
