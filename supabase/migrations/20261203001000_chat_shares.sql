-- Shared links: a read-only snapshot of a chat, taken when the link is made. The snapshot holds
-- its own copy of the title and messages, so later messages, edits and deletes leave it as it
-- was; deleting the chat or the account ends it (on delete cascade), revoking deletes the row.
--
-- The token is kept as it is, not as a hash: GET /api/shares (API.md) must give the owner the url
-- again, and the token unlocks only this row's snapshot, which anyone able to read the column can
-- read beside it anyway. A hash would protect nothing, and a token sealed with a server key would
-- need a secret the Supabase mode does not have (and break every link when it rotated).

create table public.chat_shares (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  chat_id uuid not null references public.chats (id) on delete cascade,
  -- 32 random bytes, base64url: 256 bits, not guessable.
  token text not null unique check (token ~ '^[A-Za-z0-9_-]{43}$'),
  title text not null check (char_length(title) between 1 and 200),
  messages jsonb not null check (jsonb_typeof(messages) = 'array'),
  created_at timestamptz not null default now()
);

create index chat_shares_user_id_created_at_idx on public.chat_shares (user_id, created_at desc, id desc);
create index chat_shares_chat_id_idx on public.chat_shares (chat_id);

alter table public.chat_shares enable row level security;

create policy "Users can read their own shares" on public.chat_shares
  for select to mneme_user using ((select auth.uid()) = user_id);
create policy "Users can share their own chats" on public.chat_shares
  for insert to mneme_user with check (
    (select auth.uid()) = user_id
    and exists (select 1 from public.chats c where c.id = chat_id and c.user_id = (select auth.uid()))
  );
create policy "Users can revoke their own shares" on public.chat_shares
  for delete to mneme_user using ((select auth.uid()) = user_id);

-- The Data API roles get nothing (default privileges already revoke; said again for old projects).
revoke all on public.chat_shares from public, anon, authenticated;
grant select, insert, delete on public.chat_shares to mneme_user;
grant all on public.chat_shares to service_role;
