"use client";

import { useEffect } from "react";
import { captureBrowserException } from "@/lib/monitoring/browser-sentry";

/** The last resort when the root layout itself fails: reports the error and offers a reload. */
export default function GlobalError({ error }: { error: Error & { digest?: string } }) {
  useEffect(() => {
    captureBrowserException(error);
  }, [error]);

  return (
    <html lang="en">
      <body style={{ fontFamily: "system-ui, sans-serif", display: "grid", placeItems: "center", minHeight: "100dvh", margin: 0 }}>
        <main role="alert" style={{ textAlign: "center" }}>
          <h1>Something went wrong</h1>
          <p>Mneme could not be shown. Reloading usually helps.</p>
          <button type="button" onClick={() => window.location.reload()}>
            Reload
          </button>
        </main>
      </body>
    </html>
  );
}
