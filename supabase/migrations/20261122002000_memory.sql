-- Long-term memory: an embedding for every message, made in the background through a jobs table.

-- A new Supabase project does not have pgvector enabled. Supabase keeps extensions in `extensions`
-- (its advisor flags them in `public`); a project that enabled it by hand is unaffected.
create extension if not exists vector with schema extensions;

-- The work queue shared by the local in-process worker and the production edge function.
-- Workers claim with `for update skip locked`, so several can share it.
create table private.jobs (
  id bigint generated always as identity primary key,
  kind text not null check (kind in ('embed_message')),
  user_id uuid references auth.users (id) on delete cascade,
  payload jsonb not null default '{}'::jsonb,
  status text not null default 'pending' check (status in ('pending', 'running', 'done', 'dead')),
  attempts integer not null default 0,
  max_attempts integer not null default 5 check (max_attempts > 0),
  run_after timestamptz not null default now(),
  locked_at timestamptz,
  last_error text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create index jobs_claimable_idx on private.jobs (run_after, id) where status in ('pending', 'running');
create index jobs_user_id_idx on private.jobs (user_id);

alter table private.jobs enable row level security;
grant all on private.jobs to service_role;

create table public.message_embeddings (
  message_id uuid not null references public.messages (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  chat_id uuid not null references public.chats (id) on delete cascade,
  -- The model that made the vector: search compares only vectors of the current model.
  model text not null,
  -- Dimensions differ per model; each model has its own partial HNSW index below.
  embedding extensions.vector not null,
  created_at timestamptz not null default now(),
  primary key (message_id, model)
);

create index message_embeddings_user_id_model_idx on public.message_embeddings (user_id, model);
create index message_embeddings_offline_hash_hnsw_idx on public.message_embeddings
  using hnsw ((embedding::extensions.vector(1024)) extensions.vector_cosine_ops) where model = 'offline-hash';
create index message_embeddings_openai_small_hnsw_idx on public.message_embeddings
  using hnsw ((embedding::extensions.vector(1536)) extensions.vector_cosine_ops) where model = 'text-embedding-3-small';

alter table public.message_embeddings enable row level security;

create policy "Users can read their own message embeddings" on public.message_embeddings
  for select to authenticated using ((select auth.uid()) = user_id);

-- Written by the worker only.
grant select on public.message_embeddings to authenticated;
grant all on public.message_embeddings to service_role;

-- The memories a reply was given: [{ messageId, chatId, chatTitle, snippet, similarity, createdAt }].
alter table public.messages add column memories jsonb;
grant update (memories) on public.messages to authenticated;

-- Storing a message enqueues its embedding in the same transaction: user messages at once,
-- replies when they stop streaming with some text.
create function private.enqueue_message_embedding() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if new.content <> '' and (
    (tg_op = 'INSERT' and new.status <> 'streaming')
    or (tg_op = 'UPDATE' and old.status = 'streaming' and new.status in ('complete', 'stopped'))
  ) then
    insert into private.jobs (kind, user_id, payload)
    values ('embed_message', new.user_id, jsonb_build_object('messageId', new.id));
  end if;
  return new;
end;
$$;

revoke execute on function private.enqueue_message_embedding() from public;

create trigger on_message_stored_enqueue_embedding
  after insert or update of status on public.messages
  for each row execute function private.enqueue_message_embedding();
