import { AppError } from "@/lib/errors";

/** What signing in to a suspended account answers, in both modes (API.md). */
export const accountSuspendedAtSignIn = () =>
  new AppError("account_suspended", "sign-in to a suspended account", {
    publicMessage: "This account is suspended. Nothing of it has been deleted; contact the operator of this service to have it reactivated.",
  });
