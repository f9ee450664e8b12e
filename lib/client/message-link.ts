/** The address of one message: its chat, scrolled to and highlighting it. */
export const messageLink = ({ chatId, messageId }: { chatId: string; messageId: string }) =>
  `/chat/${encodeURIComponent(chatId)}?m=${encodeURIComponent(messageId)}`;

/** The query parameter that names the message to show. */
export const linkedMessageParam = "m";

/** The reader of one document, from its beginning. */
export const documentLink = (documentId: string) => `/memory/documents/${encodeURIComponent(documentId)}`;

/** The address of one passage of a document: the reader, scrolled to and highlighting it. */
export const passageLink = ({ documentId, passage }: { documentId: string; passage: number }) => `${documentLink(documentId)}?passage=${passage}`;

/** The query parameter that names the passage to show. */
export const linkedPassageParam = "passage";

/** Where a passage is in its document, as a person reads it: its page, else its section. */
export const passagePlace = ({ page, section }: { page: number | null; section: string | null }) =>
  page !== null ? `Page ${page}` : (section ?? "Passage");
