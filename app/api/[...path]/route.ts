import { AppError } from "@/lib/errors";
import { routeHandlers } from "@/lib/http/handler";

// Unknown API paths answer in the error shape of API.md rather than with an HTML page.
const notFound = async () => {
  throw new AppError("not_found", "no such API route", { publicMessage: "No such API route." });
};

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers("/api/[...path]", {
  GET: notFound,
  POST: notFound,
  PUT: notFound,
  PATCH: notFound,
  DELETE: notFound,
});
