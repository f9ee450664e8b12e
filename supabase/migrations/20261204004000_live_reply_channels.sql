-- Private Realtime topics, one pair per person, so that the project can refuse public channels
-- (Realtime Settings, "Allow public access" off: a public channel is open to anyone with the
-- publishable key):
--
-- - `user:<id>:changes`: the browser's live sync (postgres_changes on the person's chats and
--   messages, which Realtime also filters by their row level security);
-- - `user:<id>:replies`: live replies (lib/realtime/reply-broadcasts.ts). The instance writing a
--   reply broadcasts what it adds (realtime.send, from the server's own connection); another
--   instance that serves one of the person's requests for that reply listens with the person's
--   own access token.
--
-- A signed-in person may join their own two topics and no other; no policy lets anyone but the
-- server send on them.
do $$
begin
  -- Supabase creates Realtime's schema; the local mode has no Realtime (lib/db/local/auth-shim.sql).
  if to_regclass('realtime.messages') is null then
    return;
  end if;
  create policy "People join their own private topics" on realtime.messages
    for select to authenticated
    using (
      extension = 'broadcast'
      and (select realtime.topic()) in ('user:' || (select auth.uid())::text || ':changes', 'user:' || (select auth.uid())::text || ':replies')
    );
end
$$;
