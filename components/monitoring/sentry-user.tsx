"use client";

import * as Sentry from "@sentry/nextjs";
import { useEffect } from "react";

/** Browser error reports name the signed-in person by id only, like the server's. */
export function SentryUser({ id }: { id: string }) {
  useEffect(() => {
    Sentry.setUser({ id });
    return () => Sentry.setUser(null);
  }, [id]);
  return null;
}
