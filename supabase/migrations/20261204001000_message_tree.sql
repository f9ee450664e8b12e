-- Chats are trees: every message but a chat's first has a parent in the same chat. Editing a
-- message adds a sibling of it, regenerating a reply adds a sibling of that reply, and the chat
-- remembers which branch is current by one message on it (`active_message_id`): the branch runs
-- from the root through that message down to its newest leaf (lib/db/queries/branch.ts).
--
-- Both links are composite foreign keys over (chat, message), so neither can point into another
-- chat, whoever writes; row level security stays as it is (a message is its owner's, in a chat of
-- theirs). Deleting a message deletes its subtree; a deleted current message leaves the chat on
-- its newest message until a turn or the person picks another.

alter table public.messages add column parent_id uuid;

-- What the composite keys reference (ids are unique already; this pairs them with their chat).
alter table public.messages add constraint messages_chat_id_id_key unique (chat_id, id);

-- The chats so far were lines: each message's parent is the one stored before it.
update public.messages m
set parent_id = earlier.previous_id
from (select id, lag(id) over (partition by chat_id order by seq) as previous_id from public.messages) earlier
where earlier.id = m.id and earlier.previous_id is not null;

alter table public.messages add constraint messages_parent_in_same_chat
  foreign key (chat_id, parent_id) references public.messages (chat_id, id) on delete cascade;

-- The children of a message, in creation order: the subtree a delete walks (and cascades
-- through), the siblings of a message, the newest leaf below the current one.
create index messages_chat_id_parent_id_seq_idx on public.messages (chat_id, parent_id, seq);

alter table public.chats add column active_message_id uuid;

alter table public.chats add constraint chats_active_message_in_chat
  foreign key (id, active_message_id) references public.messages (chat_id, id) on delete set null (active_message_id);

update public.chats c
set active_message_id = (select m.id from public.messages m where m.chat_id = c.id order by m.seq desc limit 1);

-- The server moves the current branch (a turn, switching, a delete); the parent of a message is
-- set once, when it is stored (no update grant).
grant update (active_message_id) on public.chats to mneme_user;
