import { useQuery } from "@tanstack/react-query";
import type { ModelList } from "@/lib/chat/types";
import { listModels } from "./api";
import { queryKeys } from "./query-keys";
import { useSettingsStore } from "./settings-store";
import { useUiStore } from "./ui-store";

export function useModels() {
  return useQuery({ queryKey: queryKeys.models, queryFn: ({ signal }) => listModels(signal), staleTime: Infinity });
}

/**
 * The model to ask for: the person's pick in this session, else their default model from
 * settings, else the server's default; each only if the server still offers it.
 */
export function useSelectedModel(): string | undefined {
  const { data } = useModels();
  const selectedModel = useUiStore((state) => state.selectedModel);
  const defaultModel = useSettingsStore((state) => state.settings?.defaultModel);
  return data && chooseModel(data, [selectedModel, defaultModel]);
}

/** The first preference the server offers, else the server's default. */
export function chooseModel(offered: ModelList, preferences: (string | null | undefined)[]): string {
  const isOffered = (id: string | null | undefined): id is string => offered.models.some((model) => model.id === id);
  return preferences.find(isOffered) ?? offered.default;
}
