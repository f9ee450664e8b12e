-- Feedback: ratings from the widget (1 to 5 stars, on a page) and votes on assistant replies.
-- Admins read it across users later through a named service path; users only see their own.

create table public.feedback (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  kind text not null check (kind in ('rating', 'vote')),
  rating smallint check (rating between 1 and 5),
  page text check (char_length(page) <= 2000),
  message_id uuid references public.messages (id) on delete cascade,
  vote text check (vote in ('up', 'down')),
  comment text check (char_length(comment) <= 2000),
  user_agent text check (char_length(user_agent) <= 1000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint feedback_kind_fields check (
    (kind = 'rating' and rating is not null and message_id is null and vote is null)
    or (kind = 'vote' and message_id is not null and vote is not null and rating is null and page is null)
  ),
  -- One vote per user per message; ratings (null message_id) never conflict.
  constraint feedback_user_id_message_id_key unique (user_id, message_id)
);

create index feedback_created_at_idx on public.feedback (created_at desc);
create index feedback_message_id_idx on public.feedback (message_id) where message_id is not null;

alter table public.feedback enable row level security;

create policy "Users can read their own feedback" on public.feedback
  for select to authenticated using ((select auth.uid()) = user_id);
create policy "Users can send feedback on their own replies" on public.feedback
  for insert to authenticated with check (
    (select auth.uid()) = user_id
    and (
      message_id is null
      or exists (select 1 from public.messages m where m.id = message_id and m.user_id = (select auth.uid()))
    )
  );
create policy "Users can change their own votes" on public.feedback
  for update to authenticated using ((select auth.uid()) = user_id) with check ((select auth.uid()) = user_id);
create policy "Users can withdraw their own feedback" on public.feedback
  for delete to authenticated using ((select auth.uid()) = user_id);

grant select, insert, delete on public.feedback to authenticated;
grant update (vote, comment, user_agent, updated_at) on public.feedback to authenticated;
grant all on public.feedback to service_role;
