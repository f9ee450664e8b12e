import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { UsersView } from "@/components/admin/users-view";
import { getCurrentUserFromCookies } from "@/lib/auth/current-user";

export const metadata: Metadata = { title: "Users · Admin" };

export default async function AdminUsersPage() {
  // Layouts are not re-run on client navigation: the page checks again.
  if (!(await getCurrentUserFromCookies())?.isAdmin) notFound();
  return <UsersView />;
}
