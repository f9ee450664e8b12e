-- Live updates of a person's chat list and messages across tabs and devices. Hosted: Supabase
-- Realtime reads changes to the tables in its publication and delivers them as postgres_changes,
-- filtered by row level security. Embedded: these triggers announce each change on the
-- `mneme_changes` channel, which the owning process LISTENs to (lib/realtime).

alter publication supabase_realtime add table public.chats, public.messages;

-- The payload names the row, its chat and its owner, never its content. A process that listens
-- turns `mneme.notify_changes` on for its session; elsewhere (Supabase) it stays off, because
-- Realtime already has the change and NOTIFY serialises the commits of every transaction sending one.
create function private.notify_change() returns trigger
language plpgsql security invoker set search_path = ''
as $$
declare
  changed jsonb;
begin
  if current_setting('mneme.notify_changes', true) is distinct from 'on' then
    return null;
  end if;
  changed := to_jsonb(case when tg_op = 'DELETE' then old else new end);
  -- A deleted chat's event already says its messages went with it.
  if tg_table_name = 'messages' and tg_op = 'DELETE'
     and not exists (select 1 from public.chats c where c.id = (changed ->> 'chat_id')::uuid) then
    return null;
  end if;
  perform pg_notify('mneme_changes', json_build_object(
    'table', tg_table_name,
    'type', tg_op,
    'id', changed ->> 'id',
    'chat_id', coalesce(changed ->> 'chat_id', changed ->> 'id'),
    'user_id', changed ->> 'user_id'
  )::text);
  return null;
end;
$$;

grant execute on function private.notify_change() to authenticated;

create trigger on_chat_changed
  after insert or update or delete on public.chats
  for each row execute function private.notify_change();

create trigger on_message_changed
  after insert or update or delete on public.messages
  for each row execute function private.notify_change();
