-- Which feedback an admin has dealt with, for the feedback inbox (/admin/feedback). Kept apart from
-- public.feedback so that nothing a person may do to their own feedback (through the server's role
-- or the Data API) can mark it reviewed or unreviewed: only the server's admin path writes here.
-- The review goes with the feedback; the reviewer's id stays when their account goes.

create table private.feedback_reviews (
  feedback_id uuid primary key references public.feedback (id) on delete cascade,
  reviewed_by uuid references auth.users (id) on delete set null,
  reviewed_at timestamptz not null default now()
);

create index feedback_reviews_reviewed_by_idx on private.feedback_reviews (reviewed_by);

alter table private.feedback_reviews enable row level security;
revoke all on private.feedback_reviews from public, anon, authenticated;
grant all on private.feedback_reviews to service_role;
