import { Brain, SearchX } from "lucide-react";
import { primaryButtonClass } from "@/components/ui/button-styles";
import { describeError } from "@/lib/client/http";
import { usePaletteShortcutLabel } from "@/lib/client/use-shortcut-label";

export function MemoryIntro() {
  const shortcut = usePaletteShortcutLabel();
  return (
    <div className="flex flex-col items-center gap-3 px-2 py-10 text-center">
      <Brain className="size-8 text-text-muted" aria-hidden />
      <h2 className="text-lg font-semibold">Search everything you have talked about</h2>
      <p className="max-w-md text-sm text-text-muted">
        Mneme remembers your conversations and the documents you add. Search them by meaning, not only exact words: try
        “that postgres backup script” or “dinner ideas”.
      </p>
      <p className="max-w-md text-sm text-text-muted">
        Replies draw on these memories too. When one does, “Used memories” under it shows which.
      </p>
      <p className="text-xs text-text-muted max-md:hidden">
        Press <kbd className="rounded border border-line bg-raised px-1.5 py-0.5 font-sans">{shortcut}</kbd> on any page
        to search without leaving your chat.
      </p>
    </div>
  );
}

export function NoMemories({ query }: { query: string }) {
  return (
    <div className="flex flex-col items-center gap-3 px-2 py-10 text-center">
      <SearchX className="size-8 text-text-muted" aria-hidden />
      <h2 className="text-lg font-semibold">No memories match “{query}”</h2>
      <p className="max-w-md text-sm text-text-muted">
        Try other words for the same thing. Messages you have just sent take a moment to become searchable.
      </p>
    </div>
  );
}

export function MemoryResultsSkeleton() {
  return (
    <div aria-busy="true" aria-label="Searching" className="flex flex-col gap-8">
      {[3, 2].map((hits) => (
        <div key={hits} className="flex flex-col gap-2">
          <div className="h-4 w-1/3 animate-pulse rounded bg-raised" />
          {Array.from({ length: hits }, (_, index) => (
            <div key={index} className="h-18 animate-pulse rounded-xl bg-raised" />
          ))}
        </div>
      ))}
    </div>
  );
}

export function MemorySearchError({ error, onRetry }: { error: Error; onRetry: () => void }) {
  return (
    <div role="alert" className="flex flex-col items-start gap-3 rounded-xl bg-danger-soft p-4 text-sm text-danger">
      <p>The search failed. {describeError(error)}</p>
      <button
        type="button"
        onClick={onRetry}
        className={primaryButtonClass}
      >
        Try again
      </button>
    </div>
  );
}
