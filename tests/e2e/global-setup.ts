import { chromium, type FullConfig } from "@playwright/test";

/** Logs which browser the run uses: Debian's Chromium, never a downloaded one. */
export default async function globalSetup(config: FullConfig) {
  const launchOptions = config.projects[0]?.use.launchOptions ?? {};
  const browser = await chromium.launch(launchOptions);
  console.log(`e2e browser: Chromium ${browser.version()} at ${launchOptions.executablePath}`);
  await browser.close();
}
