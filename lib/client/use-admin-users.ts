import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { OwnLimits } from "@/lib/admin/management-types";
import { getAdminUser, listAdminAudit, listAdminPlans, listAdminUsers, updateAdminUser } from "./api";
import { queryKeys } from "./query-keys";

/** One page of the users table; a new search, sort or page keeps the old rows until it loads. */
export const useAdminUserList = (q: string, sort: string, cursor: string | null) =>
  useQuery({
    queryKey: queryKeys.adminUserList(q, sort, cursor),
    queryFn: ({ signal }) => listAdminUsers({ q, sort, cursor }, signal),
    placeholderData: keepPreviousData,
    staleTime: 15_000,
  });

export const useAdminUser = (id: string) =>
  useQuery({ queryKey: queryKeys.adminUser(id), queryFn: ({ signal }) => getAdminUser(id, signal), staleTime: 15_000 });

export const useAdminPlans = () => useQuery({ queryKey: queryKeys.adminPlans, queryFn: ({ signal }) => listAdminPlans(signal), staleTime: 15_000 });

export const useAdminAudit = () => useQuery({ queryKey: queryKeys.adminAudit, queryFn: ({ signal }) => listAdminAudit(signal), staleTime: 15_000 });

/** A change to a user: the answer is the user's page again; lists, plans' counts and the audit log refresh. */
export function useUpdateAdminUser(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: { plan?: string; limits?: OwnLimits | null; status?: "active" | "suspended" }) => updateAdminUser(id, change),
    onSuccess: (user) => {
      queryClient.setQueryData(queryKeys.adminUser(id), user);
      void queryClient.invalidateQueries({ queryKey: queryKeys.adminUsers });
      void queryClient.invalidateQueries({ queryKey: queryKeys.adminPlans });
      void queryClient.invalidateQueries({ queryKey: queryKeys.adminAudit });
    },
  });
}
