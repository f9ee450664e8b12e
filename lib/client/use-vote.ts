import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { ChatWithMessages } from "@/lib/chat/types";
import type { Vote } from "@/lib/feedback/types";
import { sendFeedback, withdrawVote } from "./api";

interface VoteChange {
  /** Null withdraws the vote. */
  vote: Vote | null;
  comment?: string;
  /** The vote shown before this change, to go back to if it fails. */
  previous: Vote | null;
}

/** Votes on one reply, shown at once in every cached copy of the chat and undone if the save fails. */
export function useVote(messageId: string) {
  const queryClient = useQueryClient();
  const showVote = (vote: Vote | null) =>
    queryClient.setQueriesData<ChatWithMessages>({ queryKey: ["chat"] }, (data) =>
      data && {
        ...data,
        messages: data.messages.map((message) => (message.id === messageId ? { ...message, vote: vote ?? undefined } : message)),
      },
    );

  return useMutation({
    mutationFn: async ({ vote, comment }: VoteChange): Promise<void> => {
      if (vote) await sendFeedback({ messageId, vote, ...(comment ? { comment } : {}) });
      else await withdrawVote(messageId);
    },
    onMutate: ({ vote }) => showVote(vote),
    onError: (_error, { previous }) => showVote(previous),
  });
}
