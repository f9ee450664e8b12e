import { useQuery } from "@tanstack/react-query";
import { listModels } from "./api";
import { queryKeys } from "./query-keys";
import { useUiStore } from "./ui-store";

export function useModels() {
  return useQuery({ queryKey: queryKeys.models, queryFn: ({ signal }) => listModels(signal), staleTime: Infinity });
}

/** The model to ask for: the person's pick if the server still offers it, else the server's default. */
export function useSelectedModel(): string | undefined {
  const { data } = useModels();
  const selectedModel = useUiStore((state) => state.selectedModel);
  if (!data) return undefined;
  const isOffered = data.models.some((model) => model.id === selectedModel);
  return isOffered && selectedModel ? selectedModel : data.default;
}
