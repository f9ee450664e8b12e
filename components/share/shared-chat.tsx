import { Link2 } from "lucide-react";
import { MessageBubble } from "@/components/chat/message-bubble";
import { formatDay } from "@/lib/client/format-date";
import type { SharedSnapshot } from "@/lib/share/types";
import { ContinueChatButton } from "./continue-chat-button";

/** A shared snapshot, read-only, rendered on the server; the only thing on it that acts is the copy button. */
export function SharedChat({ token, snapshot }: { token: string; snapshot: SharedSnapshot }) {
  return (
    <div className="flex min-h-dvh flex-col bg-page">
      <header className="border-b border-line bg-panel">
        <div className="mx-auto flex max-w-3xl flex-col gap-1 px-4 py-4 md:px-6">
          <p className="inline-flex items-center gap-1.5 text-xs font-medium text-text-muted">
            <Link2 className="size-3.5" aria-hidden />
            Shared snapshot
          </p>
          <h1 className="text-lg font-semibold [overflow-wrap:anywhere]">{snapshot.title}</h1>
          <p className="text-xs text-text-muted">
            A read-only copy of a conversation in Mneme, as it was on <time dateTime={snapshot.createdAt}>{formatDay(snapshot.createdAt)}</time>.
          </p>
        </div>
      </header>
      <main className="mx-auto flex w-full max-w-3xl flex-1 flex-col gap-6 px-4 py-6 md:px-6">
        {snapshot.messages.length === 0 ? (
          <p className="py-10 text-center text-sm text-text-muted">This snapshot has no messages.</p>
        ) : (
          snapshot.messages.map((message, index) => (
            <MessageBubble key={index} id={`shared-${index}`} role={message.role} content={message.content} status="complete" />
          ))
        )}
      </main>
      <footer className="sticky bottom-0 border-t border-line bg-panel/95 backdrop-blur">
        <div className="mx-auto flex max-w-3xl flex-col items-center gap-1 px-4 py-4 text-center md:px-6">
          <ContinueChatButton token={token} />
          <p className="text-xs text-text-muted">Copies this conversation into your own account, where you can reply to it.</p>
        </div>
      </footer>
    </div>
  );
}
