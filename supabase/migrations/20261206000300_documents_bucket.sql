-- The documents' files in the Supabase mode: a private Storage bucket, one object per document at
-- `<user id>/<document id>`. No policy on storage.objects lets anon or authenticated read, list or
-- write them: only the server does, with the project's secret key (lib/documents/supabase-bucket.ts),
-- and it serves a file back to its owner alone. The local mode keeps files on disk and has no
-- storage schema, so there the bucket is not made.
do $$
begin
  if to_regclass('storage.buckets') is not null then
    insert into storage.buckets (id, name, public)
    values ('documents', 'documents', false)
    on conflict (id) do update set public = false;
  end if;
end
$$;
