-- The database enforces the API's limits on messages itself, whoever writes: a user's message is
-- 1 to 8,000 characters (POST /api/chat); a reply is at most 200,000 (CHAT_MAX_OUTPUT_TOKENS is at
-- most 32,000 tokens) and never ends `complete` with nothing in it. A reply may be empty while it
-- streams, and when it stopped or failed before its first token: it stores what arrived, nothing.
-- Roles, statuses, token counts and costs were already checked where the table was created.
-- Added `not valid` (no scan under the exclusive lock); the next migration validates.

alter table public.messages add constraint messages_content_length check (
  case role
    when 'user' then char_length(content) between 1 and 8000
    when 'assistant' then char_length(content) <= 200000 and (content <> '' or status <> 'complete')
  end
) not valid;
