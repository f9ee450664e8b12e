-- Embedding jobs: queued only when a message's text changes, and at most one open (pending or
-- running) per message, whoever queues it. The release before this one keeps working: its worker
-- and its re-index queue jobs the way they did, and duplicates are merged here instead of refused.

-- No job is queued while the duplicates are cleared and the index is built.
lock table private.jobs in share row exclusive mode;

-- Of each message's open jobs, keep one: a pending one (it reads the text when it runs), else the
-- oldest running one. The rest were repeats of the same work.
delete from private.jobs j
using (
  select id, row_number() over (partition by payload ->> 'messageId' order by (status = 'pending') desc, id) as rank
  from private.jobs
  where kind = 'embed_message' and status in ('pending', 'running') and payload ? 'messageId'
) ranked
where j.id = ranked.id and ranked.rank > 1;

create unique index if not exists jobs_one_open_embedding_per_message_idx on private.jobs ((payload ->> 'messageId'))
  where kind = 'embed_message' and status in ('pending', 'running');

-- Queuing a message that already has an open job merges into that job instead: a pending one stays
-- as it is (it reads the text when it runs); a running one, which may have read the text before
-- this change, is put back to run again (the worker completes only jobs still running).
create or replace function private.merge_open_embedding_job() returns trigger
language plpgsql set search_path = ''
as $$
begin
  if new.kind <> 'embed_message' or new.status not in ('pending', 'running') or new.payload ->> 'messageId' is null then
    return new;
  end if;
  update private.jobs
  set payload = payload || new.payload, status = 'pending', run_after = least(run_after, new.run_after),
    locked_at = null, updated_at = now()
  where kind = 'embed_message' and status in ('pending', 'running') and payload ->> 'messageId' = new.payload ->> 'messageId';
  if found then
    return null;
  end if;
  return new;
end;
$$;

revoke execute on function private.merge_open_embedding_job() from public;

drop trigger if exists before_job_queued_merge_open_embedding on private.jobs;
create trigger before_job_queued_merge_open_embedding
  before insert on private.jobs
  for each row execute function private.merge_open_embedding_job();

-- A message is queued when it is stored with text (replies once they stop streaming), and again
-- only when its text changes afterwards; updates that leave the text alone queue nothing.
create or replace function private.enqueue_message_embedding() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if new.content <> '' and (
    (tg_op = 'INSERT' and new.status <> 'streaming')
    or (tg_op = 'UPDATE' and old.status = 'streaming' and new.status in ('complete', 'stopped'))
    or (tg_op = 'UPDATE' and old.status in ('complete', 'stopped') and new.status in ('complete', 'stopped')
      and new.content is distinct from old.content)
  ) then
    insert into private.jobs (kind, user_id, payload)
    values ('embed_message', new.user_id, jsonb_build_object('messageId', new.id))
    on conflict ((payload ->> 'messageId')) where kind = 'embed_message' and status in ('pending', 'running') do nothing;
  end if;
  return new;
end;
$$;

revoke execute on function private.enqueue_message_embedding() from public;

drop trigger if exists on_message_stored_enqueue_embedding on public.messages;
create trigger on_message_stored_enqueue_embedding
  after insert or update of status, content on public.messages
  for each row execute function private.enqueue_message_embedding();
