-- What a person may keep in their documents is a plan's limit like the others, editable in
-- /admin/plans: the bytes of every stored file together, and how many documents. The seeded plans
-- get the values lib/usage/limits.ts held; a plan an admin adds starts with the free plan's.
alter table public.plans
  add column document_storage_bytes bigint not null default 52428800 check (document_storage_bytes between 0 and 1099511627776),
  add column document_count integer not null default 50 check (document_count between 0 and 1000000);

update public.plans set document_storage_bytes = 2147483648, document_count = 2000 where id = 'pro';
