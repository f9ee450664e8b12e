import { getCurrentUser } from "@/lib/auth/current-user";
import { withdrawVote } from "@/lib/feedback/withdraw-vote";
import { readParams } from "@/lib/http/body";
import { routeHandlers } from "@/lib/http/handler";
import { noContent } from "@/lib/http/responses";
import { voteParamsSchema } from "../../schema";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers("/api/feedback/votes/[messageId]", {
  DELETE: async (request, { params }) => {
    const user = await getCurrentUser(request);
    const { messageId } = readParams(params, voteParamsSchema);
    await withdrawVote(user, messageId);
    return noContent();
  },
}, { meter: "feedback" });
