import { useIsMutating, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import type { SettingsUpdate, UserSettings } from "@/lib/settings/types";
import { getSettings, updateSettings } from "./api";
import { describeError } from "./http";
import { queryKeys } from "./query-keys";
import { useSettingsStore } from "./settings-store";
import { applyTheme } from "./theme";

const saveSettingsKey = ["settings", "save"] as const;

/**
 * Loads the person's settings into the store, and again when the window regains focus, so a
 * change made in another browser follows them. A save in flight wins over a read.
 */
export const useSettingsQuery = () => useQuery({ queryKey: queryKeys.settings, queryFn: ({ signal }) => getSettings(signal) });

export function useSettingsSync() {
  const query = useSettingsQuery();
  const isSaving = useIsMutating({ mutationKey: saveSettingsKey }) > 0;
  const hydrate = useSettingsStore((state) => state.hydrate);
  const theme = useSettingsStore((state) => state.settings?.theme);

  useEffect(() => {
    if (query.data && !isSaving) hydrate(query.data);
  }, [query.data, isSaving, hydrate]);

  useEffect(() => {
    if (theme) applyTheme(theme);
  }, [theme]);

  return query;
}

function pick(settings: UserSettings, update: SettingsUpdate): SettingsUpdate {
  return Object.fromEntries(Object.keys(update).map((key) => [key, settings[key as keyof UserSettings]]));
}

/** Saves optimistically: the store changes at once and goes back (with a message) if the save fails. */
export function useUpdateSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: saveSettingsKey,
    mutationFn: (update: SettingsUpdate) => updateSettings(update),
    onMutate: (update) => {
      const { settings, apply, setSaveError } = useSettingsStore.getState();
      setSaveError(null);
      apply(update);
      return { previous: settings ? pick(settings, update) : null };
    },
    onError: (error, _update, context) => {
      const { apply, setSaveError } = useSettingsStore.getState();
      if (context?.previous) apply(context.previous);
      setSaveError(`Your change was not saved: ${describeError(error)}`);
    },
    onSuccess: (saved) => {
      queryClient.setQueryData(queryKeys.settings, saved);
      // Only the last save in flight speaks for the server; earlier answers would undo later edits.
      if (queryClient.isMutating({ mutationKey: saveSettingsKey }) <= 1) useSettingsStore.getState().hydrate(saved);
    },
  });
}
