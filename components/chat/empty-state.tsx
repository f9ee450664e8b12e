import { Timer } from "lucide-react";
import { cn } from "@/lib/client/cn";

const examplePrompts = [
  "Explain the difference between a process and a thread",
  "Write a haiku about version control",
  "Help me plan a week of vegetarian dinners",
  "What did we discuss about my project last time?",
];

interface TemporaryChoice {
  isOn: boolean;
  onChange: (isOn: boolean) => void;
}

/** The "Temporary chat" switch of a chat not started yet. */
function TemporarySwitch({ isOn, onChange }: TemporaryChoice) {
  return (
    <button
      type="button"
      role="switch"
      aria-checked={isOn}
      onClick={() => onChange(!isOn)}
      className={cn(
        "inline-flex items-center gap-2 rounded-full border px-3 py-1.5 text-sm",
        isOn ? "border-accent bg-accent text-accent-text" : "border-line text-text-muted hover:bg-raised hover:text-text",
      )}
    >
      <Timer className="size-4" aria-hidden />
      Temporary chat
      <span aria-hidden className={cn("relative h-4 w-7 rounded-full", isOn ? "bg-accent-text/40" : "bg-raised")}>
        <span className={cn("absolute top-0.5 size-3 rounded-full transition-[left]", isOn ? "left-3.5 bg-accent-text" : "left-0.5 bg-text-muted")} />
      </span>
    </button>
  );
}

/** `temporary` is offered only for a chat that does not exist yet: the choice is made when it starts. */
export function EmptyState({ onPickPrompt, temporary }: { onPickPrompt: (prompt: string) => void; temporary?: TemporaryChoice }) {
  const isTemporary = temporary?.isOn ?? false;
  return (
    <div className="mx-auto flex w-full max-w-2xl flex-1 flex-col items-center justify-center gap-8 px-4 py-10">
      <div className="flex flex-col items-center gap-4 text-center">
        {temporary && <TemporarySwitch {...temporary} />}
        <div>
          <h2 className="text-2xl font-semibold tracking-tight">{isTemporary ? "Temporary chat" : "What can I help with?"}</h2>
          <p className="mt-2 text-sm text-text-muted">
            {isTemporary
              ? "This chat won't be remembered: it is never added to memory, recalled in other chats or found by memory search."
              : "Ask anything. Mneme remembers your earlier conversations."}
          </p>
        </div>
      </div>
      <ul className="grid w-full gap-2 sm:grid-cols-2">
        {examplePrompts.map((prompt) => (
          <li key={prompt}>
            <button
              type="button"
              onClick={() => onPickPrompt(prompt)}
              className="h-full w-full rounded-xl border border-line px-4 py-3 text-left text-sm text-text-muted hover:bg-raised hover:text-text"
            >
              {prompt}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
