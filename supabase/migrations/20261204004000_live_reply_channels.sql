-- Live replies (lib/realtime/reply-broadcasts.ts): while the server writes a reply, it broadcasts
-- what it adds on the person's private Realtime topic `user:<id>:replies` (realtime.send, from the
-- server's own connection), and another instance that follows the reply for one of the person's
-- requests listens there with the person's own access token. A public channel is open to anyone
-- with the publishable key; this policy lets a signed-in person join their own topic and no
-- other, and no policy lets anyone but the server send on it.
do $$
begin
  -- Supabase creates Realtime's schema; the local mode has no Realtime (lib/db/local/auth-shim.sql).
  if to_regclass('realtime.messages') is null then
    return;
  end if;
  create policy "People receive their own live replies" on realtime.messages
    for select to authenticated
    using (extension = 'broadcast' and (select realtime.topic()) = 'user:' || (select auth.uid())::text || ':replies');
end
$$;
