import { useQuery } from "@tanstack/react-query";
import { getUsage } from "./api";
import { queryKeys } from "./query-keys";

export const useUsage = () => useQuery({ queryKey: queryKeys.usage, queryFn: ({ signal }) => getUsage(signal), staleTime: 30_000 });

/** The warning level of the month's allowance: banners at 80 % and 90 %, chat refused at 100 %. */
export function usageLevel(usedFraction: number): "ok" | "80" | "90" | "exhausted" {
  if (usedFraction >= 1) return "exhausted";
  if (usedFraction >= 0.9) return "90";
  if (usedFraction >= 0.8) return "80";
  return "ok";
}
