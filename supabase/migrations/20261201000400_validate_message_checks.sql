-- Validating takes only a share lock: reads and writes go on while existing rows are checked.
alter table public.messages validate constraint messages_content_length;
