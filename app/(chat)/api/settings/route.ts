import { getCurrentUser } from "@/lib/auth/current-user";
import { readJson } from "@/lib/http/body";
import { routeHandlers } from "@/lib/http/handler";
import { json } from "@/lib/http/responses";
import { readSettings, updateSettings } from "@/lib/settings/settings";
import { themeCookie } from "@/lib/settings/theme-cookie";
import type { UserSettings } from "@/lib/settings/types";
import { updateSettingsSchema } from "./schema";

/** Every answer refreshes the theme cookie, so this browser's first paint follows the saved theme. */
function settingsResponse(request: Request, settings: UserSettings): Response {
  const response = json(settings);
  response.headers.append("set-cookie", themeCookie(settings.theme, request));
  return response;
}

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers("/api/settings", {
  GET: async (request) => {
    const user = await getCurrentUser(request);
    return settingsResponse(request, await readSettings(user));
  },
  PATCH: async (request) => {
    const user = await getCurrentUser(request);
    const update = await readJson(request, updateSettingsSchema);
    return settingsResponse(request, await updateSettings(user, update));
  },
}, { meter: "settings" });
