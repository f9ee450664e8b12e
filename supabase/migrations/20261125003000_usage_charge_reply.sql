-- Links a chat charge to the reply it pays for, and records the size of the prompt once the turn is
-- stored, so a reservation left open by a crash can be settled to what really happened instead of
-- holding the user's budget at its maximum (lib/usage/settle-abandoned-charges.ts).
alter table public.usage_charges
  add column message_id uuid references public.messages (id) on delete set null,
  add column prompt_tokens bigint check (prompt_tokens >= 0);

create index usage_charges_reserved_created_at_idx on public.usage_charges (created_at) where status = 'reserved';
