-- Documents attached to a message (POST /api/chat's `documentIds`), as they were named when it was
-- sent: shown with the question, and given again to every reply to it (a retry's too). A snapshot,
-- not a reference: a document deleted later leaves its name on the message, and nothing else.
alter table public.messages
  add column attachments jsonb not null default '[]'::jsonb
  constraint messages_attachments_shape check (jsonb_typeof(attachments) = 'array' and jsonb_array_length(attachments) <= 10);
