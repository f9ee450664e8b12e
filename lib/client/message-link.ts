/** The address of one message: its chat, scrolled to and highlighting it. */
export const messageLink = ({ chatId, messageId }: { chatId: string; messageId: string }) =>
  `/chat/${encodeURIComponent(chatId)}?m=${encodeURIComponent(messageId)}`;

/** The query parameter that names the message to show. */
export const linkedMessageParam = "m";
