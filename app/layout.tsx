import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { GeistSans } from "geist/font/sans";
import { headers } from "next/headers";
import { FeedbackWidget } from "@/components/feedback/feedback-widget";
import { WebVitalsReporter } from "@/components/monitoring/web-vitals-reporter";
import { Providers } from "@/components/providers";
import { cn } from "@/lib/client/cn";
import { browserSentryConfigElementId } from "@/lib/monitoring/browser-sentry-types";
import { browserSentryConfig } from "@/lib/monitoring/sentry-options";
import { nonceHeader } from "@/lib/http/page-security-policy";
import { getInitialTheme } from "@/lib/settings/initial-theme";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Mneme", template: "%s · Mneme" },
  description: "Chat with an assistant that remembers what you discussed.",
};

export const viewport: Viewport = {
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#ffffff" },
    { media: "(prefers-color-scheme: dark)", color: "#131316" },
  ],
};

/**
 * Runs before first paint. The server renders the saved theme as `data-theme` (and `dark` when it
 * is dark); this resolves `system` (or no saved theme: localStorage, then system) against the
 * device, follows the device when it changes, and follows other tabs through localStorage.
 */
const themeScript = `(function(){
var root=document.documentElement,media=window.matchMedia("(prefers-color-scheme: dark)");
if(!root.getAttribute("data-theme")){var saved=null;try{saved=localStorage.getItem("theme")}catch(e){}root.setAttribute("data-theme",saved||"system")}
function apply(){var theme=root.getAttribute("data-theme");root.classList.toggle("dark",theme==="dark"||(theme!=="light"&&media.matches))}
apply();media.addEventListener("change",apply);
window.addEventListener("storage",function(e){if(e.key==="theme"&&e.newValue){root.setAttribute("data-theme",e.newValue);apply()}})})()`;

export default async function RootLayout({ children }: { children: ReactNode }) {
  const theme = await getInitialTheme();
  const sentryConfig = browserSentryConfig();
  const nonce = (await headers()).get(nonceHeader) ?? undefined;
  return (
    <html
      lang="en"
      data-theme={theme ?? undefined}
      className={cn(GeistSans.variable, theme === "dark" && "dark")}
      suppressHydrationWarning
    >
      <head>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: themeScript }} />
        {sentryConfig && (
          <script
            id={browserSentryConfigElementId}
            type="application/json"
            // `<` escaped so no value can close the script element.
            dangerouslySetInnerHTML={{ __html: JSON.stringify(sentryConfig).replaceAll("<", "\\u003c") }}
          />
        )}
      </head>
      <body>
        <Providers>
          {children}
          <FeedbackWidget />
          <WebVitalsReporter />
        </Providers>
      </body>
    </html>
  );
}
