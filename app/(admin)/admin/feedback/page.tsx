import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { FeedbackInboxView } from "@/components/admin/feedback-inbox";
import { getCurrentUserFromCookies } from "@/lib/auth/current-user";

export const metadata: Metadata = { title: "Feedback inbox" };

export default async function FeedbackInboxPage() {
  // Layouts are not re-run on client navigation: the page checks again.
  if (!(await getCurrentUserFromCookies())?.isAdmin) notFound();
  return <FeedbackInboxView />;
}
