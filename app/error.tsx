"use client";

import { primaryButtonClass } from "@/components/ui/button-styles";
import { useEffect } from "react";

export default function RouteError({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);

  return (
    <main role="alert" className="flex min-h-dvh flex-col items-center justify-center gap-4 p-6 text-center">
      <h1 className="text-2xl font-semibold">Something went wrong</h1>
      <p className="max-w-sm text-sm text-text-muted">The page could not be shown. Trying again usually helps.</p>
      <button
        type="button"
        onClick={retry}
        className={primaryButtonClass}
      >
        Try again
      </button>
    </main>
  );
}
