import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { getAdminOverview } from "./api";
import { queryKeys } from "./query-keys";

/** The window choices of the admin page, in minutes. */
export const overviewWindows = [
  { minutes: 60, label: "1 h" },
  { minutes: 360, label: "6 h" },
  { minutes: 1440, label: "24 h" },
] as const;

/** Refreshed every minute while the page is open; a new window keeps the old figures until it loads. */
export const useAdminOverview = (minutes: number) =>
  useQuery({
    queryKey: queryKeys.adminOverview(minutes),
    queryFn: ({ signal }) => getAdminOverview(minutes, signal),
    staleTime: 30_000,
    refetchInterval: 60_000,
    placeholderData: keepPreviousData,
  });
