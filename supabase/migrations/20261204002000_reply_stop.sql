-- A reply keeps going when its client goes away, so stopping it is explicit
-- (POST /api/chats/:id/stop), from any tab and any server instance. The request is a mark on the
-- reply's row: the writer's periodic checkpoint UPDATE returns it, so noticing a stop costs the
-- writer no round trip of its own, whichever instance it runs on.
alter table public.messages add column stop_requested_at timestamptz;

grant update (stop_requested_at) on public.messages to mneme_user;

-- Replies being written by when they were last checkpointed: maintenance ends those whose writer
-- stopped checkpointing (it died), across users.
create index messages_streaming_updated_at_idx on public.messages (updated_at) where status = 'streaming';
