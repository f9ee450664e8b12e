"use client";

import { useEffect } from "react";
import { setBrowserSentryUser } from "@/lib/monitoring/browser-sentry";

/** Browser error reports name the signed-in person by id only, like the server's. */
export function SentryUser({ id }: { id: string }) {
  useEffect(() => {
    setBrowserSentryUser({ id });
    return () => setBrowserSentryUser(null);
  }, [id]);
  return null;
}
