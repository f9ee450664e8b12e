const maxTitleLength = 60;

/** The title of a chat that has none of its own yet: its first message names it. */
export const untitledChatTitle = "New chat";

/** A chat title from its first message: one line, markdown marks dropped, cut on a word. */
export function titleFromMessage(message: string): string {
  const flat = message
    .replace(/```[\s\S]*?```/g, " ")
    .replace(/[#*`>~[\]]/g, "")
    .replace(/\s+/g, " ")
    .trim();
  if (!flat) return untitledChatTitle;
  if (flat.length <= maxTitleLength) return flat;
  const cut = flat.slice(0, maxTitleLength);
  const lastSpace = cut.lastIndexOf(" ");
  return `${(lastSpace > maxTitleLength / 2 ? cut.slice(0, lastSpace) : cut).trimEnd()}…`;
}
