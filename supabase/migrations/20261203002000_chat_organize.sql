-- Finding chats and keeping them out of memory: chats can be pinned (listed first), archived
-- (listed only in the Archived view), temporary (never embedded, recalled or found) or excluded
-- from memory later. What reaches memory is enforced here, where embedding jobs and vectors are
-- written, so no path (a turn, a re-index, the worker, the edge function) can embed such a chat.

alter table public.chats
  add column temporary boolean not null default false,
  add column in_memory boolean not null default true,
  add column pinned boolean not null default false,
  add column archived boolean not null default false,
  -- A temporary chat stays out of memory for good: it cannot be included later.
  add constraint chats_temporary_not_in_memory check (not (temporary and in_memory));

-- The list: the person's archived or unarchived chats, pinned first, then by last activity. The
-- release before lists by chats_user_id_updated_at_idx; it can go once that release is gone.
create index chats_user_id_list_order_idx on public.chats (user_id, archived, pinned desc, updated_at desc, id desc);

-- `temporary` is chosen when the chat is created and never changed.
grant update (pinned, archived, in_memory) on public.chats to mneme_user;

-- No embedding job is queued for a message of a chat that is out of memory. The chat row is read
-- `for share`, whatever it holds, so a concurrent exclusion either waits for this transaction (and
-- then deletes its job) or commits first (and this sees it). The name sorts before the merge trigger's, so a
-- skipped job merges into nothing.
create function private.skip_embedding_job_out_of_memory() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  remembered boolean;
begin
  if new.payload ->> 'messageId' is null then
    return new;
  end if;
  select c.in_memory into remembered
  from public.messages m join public.chats c on c.id = m.chat_id
  where m.id = (new.payload ->> 'messageId')::uuid
  for share of c;
  if remembered is false then
    return null;
  end if;
  return new;
end;
$$;

revoke execute on function private.skip_embedding_job_out_of_memory() from public;

create trigger before_job_queued_drop_if_out_of_memory
  before insert on private.jobs
  for each row when (new.kind = 'embed_message')
  execute function private.skip_embedding_job_out_of_memory();

-- Nor is a vector stored for one, also by a job that was claimed before its chat was excluded.
create function private.skip_embedding_out_of_memory() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  remembered boolean;
begin
  select c.in_memory into remembered from public.chats c where c.id = new.chat_id for share;
  if remembered is false then
    return null;
  end if;
  return new;
end;
$$;

revoke execute on function private.skip_embedding_out_of_memory() from public;

create trigger before_embedding_stored_drop_if_out_of_memory
  before insert or update on public.message_embeddings
  for each row execute function private.skip_embedding_out_of_memory();

-- Excluding a chat deletes its vectors and its open embedding jobs; including it again queues its
-- stored messages, which the worker embeds as it would new ones.
create function private.sync_chat_memory() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if not new.in_memory then
    delete from public.message_embeddings where chat_id = new.id;
    delete from private.jobs
    where kind = 'embed_message' and status in ('pending', 'running')
      and payload ->> 'messageId' in (select m.id::text from public.messages m where m.chat_id = new.id);
  else
    insert into private.jobs (kind, user_id, payload)
    select 'embed_message', m.user_id, jsonb_build_object('messageId', m.id)
    from public.messages m
    where m.chat_id = new.id and m.content <> '' and m.status in ('complete', 'stopped')
    order by m.seq
    on conflict ((payload ->> 'messageId')) where kind = 'embed_message' and status in ('pending', 'running') do nothing;
  end if;
  return null;
end;
$$;

revoke execute on function private.sync_chat_memory() from public;

create trigger on_chat_memory_changed
  after update of in_memory on public.chats
  for each row when (old.in_memory is distinct from new.in_memory)
  execute function private.sync_chat_memory();
