import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { GeistSans } from "geist/font/sans";
import { Providers } from "@/components/providers";
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

/** Runs before first paint so a saved or system dark theme never flashes light. */
const themeScript = `(function(){
var media=window.matchMedia("(prefers-color-scheme: dark)");
function apply(){var theme="system";try{theme=localStorage.getItem("theme")||"system"}catch(e){}
var dark=theme==="dark"||(theme!=="light"&&media.matches);
document.documentElement.classList.toggle("dark",dark)}
apply();media.addEventListener("change",apply);window.addEventListener("storage",apply)})()`;

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en" className={GeistSans.variable} suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: themeScript }} />
      </head>
      <body>
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
