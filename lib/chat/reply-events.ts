import type { ChatStreamEvents } from "./types";

/** The stream's `error` event for a reply stored as `error` with `errorCode`, whichever stream tells it. */
export function replyErrorEvent(errorCode: string | null): ChatStreamEvents["error"] {
  switch (errorCode) {
    case "upstream":
      return { code: "unavailable", message: "The language model failed before finishing this reply. What arrived is kept; you can retry." };
    case "interrupted":
      return { code: "unavailable", message: "The server writing this reply stopped before it finished. What arrived is kept; you can retry." };
    default:
      return { code: "internal", message: "Something went wrong while writing this reply. You can retry." };
  }
}
