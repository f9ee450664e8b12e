-- Files larger than a request body may be (Vercel: 4.5 MB) come through a signed upload URL
-- (POST /api/documents/uploads): the document's row is made first, with no file behind it yet,
-- and the file is checked once the client says it has sent it (POST /api/documents/:id/uploaded).
-- `uploaded_at` is when its bytes were checked and taken; until then the row holds only what the
-- client declared, and nothing indexes it.

alter table public.documents add column uploaded_at timestamptz default now();

-- What a file really is is known from its bytes alone: a row still waiting for them says so.
alter table public.documents drop constraint documents_mime_type_check;
alter table public.documents add constraint documents_mime_type_check check (
  mime_type in ('application/pdf', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'text/markdown', 'text/plain')
  or (uploaded_at is null and mime_type = 'application/octet-stream')
);

-- Uploads never finished are removed by the periodic maintenance (lib/documents/uploads.ts).
create index documents_awaiting_upload_idx on public.documents (created_at) where uploaded_at is null;

-- The server, as the user, records what the checked bytes are.
grant update (mime_type, pages, uploaded_at) on public.documents to mneme_user;

-- A document is queued for indexing once its file is there: on insert for a direct upload, when
-- `uploaded_at` is set for a signed one, and when a failed one goes back to queued.
create or replace function private.enqueue_document_index() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if tg_op = 'DELETE' then
    delete from private.jobs where kind = 'index_document' and payload ->> 'documentId' = old.id::text;
    return old;
  end if;
  if new.status = 'queued' and new.uploaded_at is not null
     and (tg_op = 'INSERT' or old.status <> 'queued' or old.uploaded_at is null) then
    insert into private.jobs (kind, user_id, payload, max_attempts)
    values ('index_document', new.user_id, jsonb_build_object('documentId', new.id), 3)
    on conflict ((payload ->> 'documentId')) where kind = 'index_document' and status in ('pending', 'running') do nothing;
  end if;
  return new;
end;
$$;

revoke execute on function private.enqueue_document_index() from public;

drop trigger on_document_stored_enqueue_index on public.documents;
create trigger on_document_stored_enqueue_index
  after insert or update of status, uploaded_at or delete on public.documents
  for each row execute function private.enqueue_document_index();

-- Storage refuses an object over the largest file a document may be (lib/usage/limits.ts), so a
-- signed URL cannot be used to store more than was declared by much.
do $$
begin
  if to_regclass('storage.buckets') is not null then
    update storage.buckets set file_size_limit = 25 * 1024 * 1024 where id = 'documents';
  end if;
end
$$;
