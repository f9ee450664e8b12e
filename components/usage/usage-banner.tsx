"use client";

import Link from "next/link";
import { usageLevel, useUsage } from "@/lib/client/use-usage";

const messages = {
  "80": "You have used 80 % of this month's chat allowance.",
  "90": "You have used 90 % of this month's chat allowance.",
  exhausted: "You have used this month's chat allowance. Your chats and settings stay available; chat resumes next month.",
} as const;

/** Warns at 80 % and 90 % of the month's allowance, and says plainly when it is used up. */
export function UsageBanner({ linkToSettings = true }: { linkToSettings?: boolean }) {
  const usage = useUsage();
  if (!usage.data) return null;
  const level = usageLevel(usage.data.usedFraction);
  if (level === "ok") return null;
  return (
    <div
      role="status"
      data-testid="usage-banner"
      className={`mx-4 mt-3 rounded-xl px-4 py-3 text-sm ${level === "80" ? "bg-raised text-text" : "bg-danger-soft text-danger"}`}
    >
      {messages[level]}{" "}
      {linkToSettings && (
        <Link href="/settings#usage" className="font-medium underline">
          See usage
        </Link>
      )}
    </div>
  );
}
