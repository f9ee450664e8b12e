-- Per-user settings: one row per user, created on the first save (readers fall back to defaults).

create table public.user_settings (
  user_id uuid primary key default auth.uid() references auth.users (id) on delete cascade,
  theme text not null default 'system' check (theme in ('light', 'dark', 'system')),
  -- Null follows the deployment's default model.
  default_model text check (char_length(default_model) between 1 and 100),
  system_prompt text not null default '' check (char_length(system_prompt) <= 4000),
  memory_enabled boolean not null default true,
  temperature double precision not null default 1 check (temperature between 0 and 2),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

alter table public.user_settings enable row level security;

create policy "Users can read their own settings" on public.user_settings
  for select to authenticated using ((select auth.uid()) = user_id);
create policy "Users can create their own settings" on public.user_settings
  for insert to authenticated with check ((select auth.uid()) = user_id);
create policy "Users can update their own settings" on public.user_settings
  for update to authenticated using ((select auth.uid()) = user_id) with check ((select auth.uid()) = user_id);

-- No delete grant: the row goes with the account (on delete cascade).
grant select, insert on public.user_settings to authenticated;
grant update (theme, default_model, system_prompt, memory_enabled, temperature, updated_at)
  on public.user_settings to authenticated;
grant all on public.user_settings to service_role;
