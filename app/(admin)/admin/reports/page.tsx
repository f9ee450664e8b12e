import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { WeeklyReportView } from "@/components/admin/weekly-report";
import { getCurrentUserFromCookies } from "@/lib/auth/current-user";

export const metadata: Metadata = { title: "Weekly report" };

export default async function WeeklyReportPage() {
  // Layouts are not re-run on client navigation: the page checks again.
  if (!(await getCurrentUserFromCookies())?.isAdmin) notFound();
  return <WeeklyReportView />;
}
