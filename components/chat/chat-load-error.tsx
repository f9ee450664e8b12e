import Link from "next/link";
import { primaryButtonClass } from "@/components/ui/button-styles";
import { ApiError, describeError } from "@/lib/client/http";

export function ChatLoadError({ error, onRetry }: { error: Error; onRetry: () => void }) {
  const isMissing = error instanceof ApiError && error.status === 404;
  return (
    <div role="alert" className="flex flex-1 flex-col items-center justify-center gap-3 px-6 text-center">
      <h2 className="text-lg font-semibold">{isMissing ? "Chat not found" : "This chat could not be loaded"}</h2>
      <p className="max-w-sm text-sm text-text-muted">
        {isMissing ? "It may have been deleted, or the link is wrong." : describeError(error)}
      </p>
      {isMissing ? (
        <Link href="/chat" className={primaryButtonClass}>
          Start a new chat
        </Link>
      ) : (
        <button
          type="button"
          onClick={onRetry}
          className={primaryButtonClass}
        >
          Try again
        </button>
      )}
    </div>
  );
}
