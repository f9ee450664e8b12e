-- Demo data for a local Supabase stack (`supabase start`, `supabase db reset`): one user with a
-- chat, to look around with. Sign in as demo@example.com / demo-password. Not for the embedded
-- mode (which has no seed) nor for a hosted project (`supabase db push` does not run seeds).

insert into auth.users (
  instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
  raw_app_meta_data, raw_user_meta_data, created_at, updated_at,
  confirmation_token, recovery_token, email_change, email_change_token_new
) values (
  '00000000-0000-0000-0000-000000000000', 'de300000-0000-4000-8000-000000000001', 'authenticated', 'authenticated',
  'demo@example.com', extensions.crypt('demo-password', extensions.gen_salt('bf')), now(),
  '{"provider": "email", "providers": ["email"]}', '{}', now(), now(), '', '', '', ''
);

-- GoTrue signs in through identities: email users have one whose provider id is the user id.
insert into auth.identities (id, user_id, provider_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
values (
  gen_random_uuid(), 'de300000-0000-4000-8000-000000000001', 'de300000-0000-4000-8000-000000000001',
  '{"sub": "de300000-0000-4000-8000-000000000001", "email": "demo@example.com", "email_verified": true}',
  'email', now(), now(), now()
);

insert into public.chats (id, user_id, title) values
  ('de300000-0000-4000-8000-0000000000c1', 'de300000-0000-4000-8000-000000000001', 'Planning a trip to Lisbon');

insert into public.messages (chat_id, user_id, role, content, model, status, created_at) values
  ('de300000-0000-4000-8000-0000000000c1', 'de300000-0000-4000-8000-000000000001', 'user',
   'I''m going to Lisbon in May for four days. I love seafood and old tram lines.', null, 'complete', now() - interval '2 minutes'),
  ('de300000-0000-4000-8000-0000000000c1', 'de300000-0000-4000-8000-000000000001', 'assistant',
   'Lovely time to go. Ride tram 28 early in the morning, eat at a marisqueira in Cais do Sodré, and keep a day for Sintra.',
   'gpt-4o-mini', 'complete', now() - interval '1 minute');
