/** The filled accent button, shared by buttons and links that act as the main action of a view. */
export const primaryButtonClass = "rounded-lg bg-accent px-4 py-2 text-sm font-medium text-accent-text hover:opacity-90";
