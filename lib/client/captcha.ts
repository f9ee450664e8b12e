import { captchaScriptUrls, type CaptchaProvider } from "@/lib/auth/captcha-providers";

/** What hCaptcha's and Turnstile's explicit-render APIs have in common. */
export interface CaptchaApi {
  render(
    container: HTMLElement,
    options: { sitekey: string; callback: (token: string) => void; "expired-callback": () => void; "error-callback": () => void },
  ): string;
  reset(widgetId: string): void;
  remove(widgetId: string): void;
}

const globalNames: Record<CaptchaProvider, "hcaptcha" | "turnstile"> = { hcaptcha: "hcaptcha", turnstile: "turnstile" };
const loading = new Map<CaptchaProvider, Promise<CaptchaApi>>();

const apiOf = (provider: CaptchaProvider) => (window as unknown as Record<string, CaptchaApi | undefined>)[globalNames[provider]];

/**
 * Loads the provider's script once per page, only where a widget is shown. Inserted by our own
 * (nonced) code, which the page policy's 'strict-dynamic' trusts to load it.
 */
export function loadCaptchaApi(provider: CaptchaProvider): Promise<CaptchaApi> {
  const known = loading.get(provider);
  if (known) return known;
  const promise = new Promise<CaptchaApi>((resolve, reject) => {
    const ready = apiOf(provider);
    if (ready) return resolve(ready);
    const script = document.createElement("script");
    script.src = captchaScriptUrls[provider];
    script.async = true;
    script.onload = () => {
      const api = apiOf(provider);
      if (api) resolve(api);
      else reject(new Error(`${provider} loaded without its API`));
    };
    script.onerror = () => reject(new Error(`${provider} could not be loaded`));
    document.head.appendChild(script);
  });
  loading.set(provider, promise);
  // A failed load is not kept: the next widget tries again.
  promise.catch(() => loading.delete(provider));
  return promise;
}
