-- Chats and their messages.

create table public.chats (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  title text not null check (char_length(title) between 1 and 200),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create index chats_user_id_updated_at_idx on public.chats (user_id, updated_at desc, id desc);

alter table public.chats enable row level security;

create policy "Users can read their own chats" on public.chats
  for select to authenticated using ((select auth.uid()) = user_id);
create policy "Users can create their own chats" on public.chats
  for insert to authenticated with check ((select auth.uid()) = user_id);
create policy "Users can update their own chats" on public.chats
  for update to authenticated using ((select auth.uid()) = user_id) with check ((select auth.uid()) = user_id);
create policy "Users can delete their own chats" on public.chats
  for delete to authenticated using ((select auth.uid()) = user_id);

grant select, insert, delete on public.chats to authenticated;
grant update (title, updated_at) on public.chats to authenticated;
grant all on public.chats to service_role;

create table public.messages (
  id uuid primary key default gen_random_uuid(),
  -- Orders messages that share a timestamp (a user message and its reply's placeholder).
  seq bigint generated always as identity,
  chat_id uuid not null references public.chats (id) on delete cascade,
  user_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  role text not null check (role in ('user', 'assistant')),
  content text not null default '',
  model text,
  status text not null default 'complete' check (status in ('streaming', 'complete', 'stopped', 'error')),
  error_code text,
  input_tokens integer check (input_tokens >= 0),
  output_tokens integer check (output_tokens >= 0),
  cost_micro_usd bigint check (cost_micro_usd >= 0),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create index messages_chat_id_seq_idx on public.messages (chat_id, seq);
create index messages_user_id_idx on public.messages (user_id);
create index messages_streaming_idx on public.messages (status) where status = 'streaming';

alter table public.messages enable row level security;

create policy "Users can read their own messages" on public.messages
  for select to authenticated using ((select auth.uid()) = user_id);
create policy "Users can add messages to their own chats" on public.messages
  for insert to authenticated with check (
    (select auth.uid()) = user_id
    and exists (select 1 from public.chats c where c.id = chat_id and c.user_id = (select auth.uid()))
  );
create policy "Users can update their own messages" on public.messages
  for update to authenticated using ((select auth.uid()) = user_id) with check ((select auth.uid()) = user_id);
create policy "Users can delete their own messages" on public.messages
  for delete to authenticated using ((select auth.uid()) = user_id);

grant select, insert, delete on public.messages to authenticated;
grant update (content, status, error_code, input_tokens, output_tokens, cost_micro_usd, updated_at)
  on public.messages to authenticated;
grant all on public.messages to service_role;

-- A new message moves its chat to the top of the list.
create function private.touch_chat() returns trigger
language plpgsql security invoker set search_path = ''
as $$
begin
  update public.chats set updated_at = now() where id = new.chat_id;
  return new;
end;
$$;

grant usage on schema private to authenticated;
grant execute on function private.touch_chat() to authenticated;

create trigger on_message_created
  after insert on public.messages
  for each row execute function private.touch_chat();
