-- Documents in memory: files a person uploads, split into passages with vectors beside their
-- messages' (lib/documents). The file itself is kept outside the database (the local mode's data
-- directory); `storage_path` names it. Indexing runs as `index_document` jobs on the one queue.

create table public.documents (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  name text not null check (char_length(name) between 1 and 255),
  mime_type text not null check (mime_type in ('application/pdf', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'text/markdown', 'text/plain')),
  bytes bigint not null check (bytes > 0),
  -- Pages of a PDF; null for formats without pages.
  pages integer check (pages > 0),
  status text not null default 'queued' check (status in ('queued', 'indexing', 'ready', 'error')),
  progress real not null default 0 check (progress between 0 and 1),
  error text check (char_length(error) <= 500),
  scope text not null default 'memory' check (scope in ('memory', 'chat')),
  chat_id uuid references public.chats (id) on delete cascade,
  storage_path text not null unique check (char_length(storage_path) <= 300),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- A "this chat only" document belongs to its chat and goes with it; one in memory names no chat,
  -- so deleting a chat never takes it along.
  check ((scope = 'chat') = (chat_id is not null))
);

create index documents_user_id_created_at_idx on public.documents (user_id, created_at desc, id desc);
create index documents_chat_id_idx on public.documents (chat_id) where chat_id is not null;

alter table public.documents enable row level security;

create policy "Users can read their own documents" on public.documents
  for select to mneme_user using ((select auth.uid()) = user_id);
create policy "Users can add documents of their own" on public.documents
  for insert to mneme_user with check (
    (select auth.uid()) = user_id
    and status = 'queued'
    and (chat_id is null or exists (select 1 from public.chats c where c.id = chat_id and c.user_id = (select auth.uid())))
  );
-- Only to ask for another attempt at a failed document (status back to queued).
create policy "Users can retry their own documents" on public.documents
  for update to mneme_user using ((select auth.uid()) = user_id) with check ((select auth.uid()) = user_id);
create policy "Users can delete their own documents" on public.documents
  for delete to mneme_user using ((select auth.uid()) = user_id);

-- The Data API roles get nothing (default privileges already revoke; said again for old projects).
revoke all on public.documents from public, anon, authenticated;
grant select, insert, delete on public.documents to mneme_user;
grant update (status, progress, error, updated_at) on public.documents to mneme_user;
grant all on public.documents to service_role;

-- The passages of a document, each with the vector of the model that made it (as message
-- embeddings: search compares only vectors of the current model). Written by the worker only.
create table public.document_chunks (
  document_id uuid not null references public.documents (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  ordinal integer not null check (ordinal >= 0),
  -- Where the passage is: the page of a PDF (from 1), or the heading it falls under.
  page integer check (page > 0),
  section text check (char_length(section) <= 200),
  content text not null check (char_length(content) between 1 and 8000),
  model text not null,
  embedding extensions.vector not null,
  created_at timestamptz not null default now(),
  primary key (document_id, ordinal, model)
);

create index document_chunks_user_id_model_idx on public.document_chunks (user_id, model);
create index document_chunks_offline_hash_hnsw_idx on public.document_chunks
  using hnsw ((embedding::extensions.vector(1024)) extensions.vector_cosine_ops) where model = 'offline-hash';
create index document_chunks_openai_small_hnsw_idx on public.document_chunks
  using hnsw ((embedding::extensions.vector(1536)) extensions.vector_cosine_ops) where model = 'text-embedding-3-small';

alter table public.document_chunks enable row level security;

create policy "Users can read their own document passages" on public.document_chunks
  for select to mneme_user using ((select auth.uid()) = user_id);

revoke all on public.document_chunks from public, anon, authenticated;
grant select on public.document_chunks to mneme_user;
grant all on public.document_chunks to service_role;

-- The queue takes a second kind of job.
alter table private.jobs drop constraint if exists jobs_kind_check;
alter table private.jobs add constraint jobs_kind_check check (kind in ('embed_message', 'index_document'));

create unique index jobs_one_open_index_per_document_idx on private.jobs ((payload ->> 'documentId'))
  where kind = 'index_document' and status in ('pending', 'running');

-- A document that is stored, or put back to queued for a retry, gets its indexing job in the same
-- transaction; a job already open for it is the same work. Deleting a document takes its jobs
-- with it (the user's role has no access to the queue).
create function private.enqueue_document_index() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if tg_op = 'DELETE' then
    delete from private.jobs where kind = 'index_document' and payload ->> 'documentId' = old.id::text;
    return old;
  end if;
  if new.status = 'queued' and (tg_op = 'INSERT' or old.status <> 'queued') then
    insert into private.jobs (kind, user_id, payload, max_attempts)
    values ('index_document', new.user_id, jsonb_build_object('documentId', new.id), 3)
    on conflict ((payload ->> 'documentId')) where kind = 'index_document' and status in ('pending', 'running') do nothing;
  end if;
  return new;
end;
$$;

revoke execute on function private.enqueue_document_index() from public;

create trigger on_document_stored_enqueue_index
  after insert or update of status or delete on public.documents
  for each row execute function private.enqueue_document_index();

-- What embedding a document costs is charged to its owner like a chat turn, on the same ledger;
-- `kind` keeps those charges out of the count of chat requests.
alter table public.usage_charges
  add column kind text not null default 'chat' check (kind in ('chat', 'document')),
  add column document_id uuid references public.documents (id) on delete set null;
