// The public half of the environment: inlined into browser bundles at build time, so each
// variable is read by its literal name, and only NEXT_PUBLIC_ ones belong here.

const emptyAsMissing = (value: string | undefined) => (value === "" ? undefined : value);

export const publicEnv = {
  /** The browser's Sentry DSN; Sentry stays off in the browser without it. */
  sentryDsn: emptyAsMissing(process.env.NEXT_PUBLIC_SENTRY_DSN),
  sentryEnvironment: emptyAsMissing(process.env.NEXT_PUBLIC_SENTRY_ENVIRONMENT),
  appVersion: emptyAsMissing(process.env.NEXT_PUBLIC_APP_VERSION),
};
