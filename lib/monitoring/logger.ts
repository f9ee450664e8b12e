import "server-only";
import { createRequire } from "node:module";
import pino, { type DestinationStream, type Logger } from "pino";
import { env } from "@/lib/env";
import { scrubLogArguments, serializeErrorForLog } from "./log-scrub";

function prettyStream(): DestinationStream | undefined {
  if (env().NODE_ENV !== "development") return undefined;
  try {
    const pretty = createRequire(import.meta.url)("pino-pretty") as (options: object) => DestinationStream;
    return pretty({ colorize: true, sync: true, singleLine: true, ignore: "pid,hostname" });
  } catch {
    return undefined;
  }
}

function createLogger(): Logger {
  return pino(
    {
      level: env().LOG_LEVEL,
      base: { service: "mneme" },
      // Belt and braces: the request log never carries these, but a careless `logger.info(req)` won't leak them.
      redact: { paths: ["password", "*.password", "headers.authorization", "headers.cookie", "token", "*.token"], censor: "[redacted]" },
      // Database errors quote what was written (drizzle's `params: …`, Postgres's failing row): never message text or emails in a log line.
      serializers: { err: serializeErrorForLog },
      hooks: {
        logMethod(args, method) {
          method.apply(this, scrubLogArguments(args));
        },
      },
    },
    prettyStream(),
  );
}

export const logger: Logger = createLogger();
