import { deleteAccount } from "@/lib/account/delete-account";
import { getCurrentUser } from "@/lib/auth/current-user";
import { signedOutResponse } from "@/lib/auth/session-response";
import { routeHandlers } from "@/lib/http/handler";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers("/api/account", {
  DELETE: async (request) => {
    const user = await getCurrentUser(request);
    await deleteAccount(user);
    return signedOutResponse(request);
  },
  // Deleting the account takes the person's own session: a script's key may not end everything.
}, { apiKeys: "refused" });
