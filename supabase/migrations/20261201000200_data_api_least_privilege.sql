-- What the Data API roles keep: Supabase Realtime's row-filtered reads of a person's own chats and
-- messages (the ids the browser subscribes with), nothing else. Revoke everything first, because
-- self-hosted Supabase (and hosted tables created before 30 October 2026) grant ALL on every table,
-- function and sequence in `public` to `anon` and `authenticated` by default privileges, and a
-- table-level ALL makes column grants meaningless. Postgres itself grants EXECUTE on every new
-- function to PUBLIC, which includes both.
--
-- This is the one migration that the release before cannot run with: its server made its user
-- queries as `authenticated`. Between this migration and the new code going live, that release
-- answers 503 to signed-in requests (DEPLOY.md, "Migrations and the release before").

revoke all on all tables in schema public from public, anon, authenticated;
revoke all on all sequences in schema public from public, anon, authenticated;
revoke all on all functions in schema public from public, anon, authenticated;
revoke all on all tables in schema private from public, anon, authenticated;
revoke all on all sequences in schema private from public, anon, authenticated;
revoke all on all functions in schema private from public, anon, authenticated;
revoke all on schema private from public, anon, authenticated;

grant select (id, user_id) on public.chats to authenticated;
grant select (id, chat_id, user_id) on public.messages to authenticated;

-- The owner-only policies are the server's role's alone, but for reading a person's own chats and
-- messages, which Realtime does as `authenticated`.
alter policy "Users can read their own profile" on public.profiles to mneme_user;
alter policy "Users can update their own profile" on public.profiles to mneme_user;
alter policy "Users can create their own chats" on public.chats to mneme_user;
alter policy "Users can update their own chats" on public.chats to mneme_user;
alter policy "Users can delete their own chats" on public.chats to mneme_user;
alter policy "Users can add messages to their own chats" on public.messages to mneme_user;
alter policy "Users can update their own messages" on public.messages to mneme_user;
alter policy "Users can delete their own messages" on public.messages to mneme_user;
alter policy "Users can read their own settings" on public.user_settings to mneme_user;
alter policy "Users can create their own settings" on public.user_settings to mneme_user;
alter policy "Users can update their own settings" on public.user_settings to mneme_user;
alter policy "Users can read their own feedback" on public.feedback to mneme_user;
alter policy "Users can send feedback on their own replies" on public.feedback to mneme_user;
alter policy "Users can change their own votes" on public.feedback to mneme_user;
alter policy "Users can withdraw their own feedback" on public.feedback to mneme_user;
alter policy "Users can read their own message embeddings" on public.message_embeddings to mneme_user;
alter policy "Users can read their own plan" on public.usage_plans to mneme_user;
alter policy "Users can read their own request counts" on public.usage_requests to mneme_user;
alter policy "Users can read their own charges" on public.usage_charges to mneme_user;

-- And for everything later migrations create (run as the migrating role, `postgres` on Supabase).
alter default privileges in schema public revoke all on tables from public, anon, authenticated;
alter default privileges in schema public revoke all on sequences from public, anon, authenticated;
alter default privileges in schema public revoke all on functions from public, anon, authenticated;
alter default privileges revoke execute on functions from public;
