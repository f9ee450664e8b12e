-- The server's own role for the queries it makes on a user's behalf. Supabase's Data API hands
-- `anon` and `authenticated` to anyone with the publishable key, so whatever the server may do as
-- `authenticated`, every signed-in user may do directly, around our meter, limits and budgets.
-- `mneme_user` is never issued by the Data API: only `postgres` (the server's connection) holds
-- it, and only to `set local role` inside a user's transaction, with that user's claims set, so
-- row level security still applies to the user.
--
-- It is a member of `authenticated` for one reason: Supabase's `auth` schema (auth.uid(), the
-- claim helpers policies and column defaults use) is usable by the API roles only, and only
-- Supabase can grant it. Membership runs one way: holding `authenticated` gives nothing of this role.

do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'mneme_user') then
    create role mneme_user nologin noinherit;
  end if;
end
$$;

grant authenticated to mneme_user with inherit true;
-- The connection may switch to it, and does not carry its privileges otherwise.
grant mneme_user to current_user with inherit false, set true;

-- Exactly what the server's per-user queries do.
grant select on public.profiles to mneme_user;
grant update (display_name) on public.profiles to mneme_user;

grant select, insert, delete on public.chats to mneme_user;
grant update (title, updated_at) on public.chats to mneme_user;

grant select, insert, delete on public.messages to mneme_user;
grant update (content, status, error_code, input_tokens, output_tokens, cost_micro_usd, memories, updated_at)
  on public.messages to mneme_user;

grant select, insert on public.user_settings to mneme_user;
grant update (theme, default_model, system_prompt, memory_enabled, temperature, updated_at)
  on public.user_settings to mneme_user;

grant select, insert, delete on public.feedback to mneme_user;
grant update (vote, comment, user_agent, updated_at) on public.feedback to mneme_user;

grant select on public.message_embeddings to mneme_user;
grant select on public.usage_plans, public.usage_requests, public.usage_charges to mneme_user;

-- The owner-only policies cover the server's role too. They still name `authenticated` so that the
-- release before this one, which ran its user queries as `authenticated`, keeps working until the
-- next migration takes that away.
alter policy "Users can read their own profile" on public.profiles to authenticated, mneme_user;
alter policy "Users can update their own profile" on public.profiles to authenticated, mneme_user;
alter policy "Users can read their own chats" on public.chats to authenticated, mneme_user;
alter policy "Users can create their own chats" on public.chats to authenticated, mneme_user;
alter policy "Users can update their own chats" on public.chats to authenticated, mneme_user;
alter policy "Users can delete their own chats" on public.chats to authenticated, mneme_user;
alter policy "Users can read their own messages" on public.messages to authenticated, mneme_user;
alter policy "Users can add messages to their own chats" on public.messages to authenticated, mneme_user;
alter policy "Users can update their own messages" on public.messages to authenticated, mneme_user;
alter policy "Users can delete their own messages" on public.messages to authenticated, mneme_user;
alter policy "Users can read their own settings" on public.user_settings to authenticated, mneme_user;
alter policy "Users can create their own settings" on public.user_settings to authenticated, mneme_user;
alter policy "Users can update their own settings" on public.user_settings to authenticated, mneme_user;
alter policy "Users can read their own feedback" on public.feedback to authenticated, mneme_user;
alter policy "Users can send feedback on their own replies" on public.feedback to authenticated, mneme_user;
alter policy "Users can change their own votes" on public.feedback to authenticated, mneme_user;
alter policy "Users can withdraw their own feedback" on public.feedback to authenticated, mneme_user;
alter policy "Users can read their own message embeddings" on public.message_embeddings to authenticated, mneme_user;
alter policy "Users can read their own plan" on public.usage_plans to authenticated, mneme_user;
alter policy "Users can read their own request counts" on public.usage_requests to authenticated, mneme_user;
alter policy "Users can read their own charges" on public.usage_charges to authenticated, mneme_user;
