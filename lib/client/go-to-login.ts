"use client";

/**
 * Leaves for /login with a full page load, not a router push: nothing cached for the session that
 * ended (chats, stores, query cache) may outlive it. `next` brings the person back afterwards.
 */
export function goToLogin(next?: string): void {
  const target = next ? `/login?next=${encodeURIComponent(next)}` : "/login";
   
  window.location.assign(target);
}
