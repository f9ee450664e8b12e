/** A rough token count (about four characters a token) for providers that report none. */
export const estimateTokens = (text: string) => Math.ceil(text.length / 4);

export const estimatePromptTokens = (messages: { content: string }[]) => messages.reduce((sum, message) => sum + estimateTokens(message.content), 0);
