-- What the Data API roles may do with our schemas, on a live project: run it in the SQL editor
-- (as postgres). A healthy project answers exactly two rows, Supabase Realtime's reads:
--   authenticated | SELECT | public.chats    | id, user_id
--   authenticated | SELECT | public.messages | chat_id, id, user_id
-- Anything more is a privilege every signed-in user holds directly, with the publishable key.
select grantee, privilege_type, table_schema || '.' || table_name as object,
       string_agg(column_name, ', ' order by column_name) as columns
  from information_schema.column_privileges
 where grantee in ('anon', 'authenticated', 'PUBLIC') and table_schema in ('public', 'private', 'graphql_public')
 group by 1, 2, 3
union all
select grantee, privilege_type, routine_schema || '.' || routine_name, null
  from information_schema.routine_privileges
 where grantee in ('anon', 'authenticated', 'PUBLIC') and routine_schema in ('public', 'private', 'graphql_public')
union all
select r.rolname, 'USAGE', 'schema ' || n.nspname, null
  from pg_namespace n cross join pg_roles r
 where n.nspname = 'private' and r.rolname in ('anon', 'authenticated') and has_schema_privilege(r.oid, n.oid, 'usage')
 order by 1, 3, 2;
