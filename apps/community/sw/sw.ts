/// <reference lib="webworker" />
// The community app's service worker: the app opens offline with what it last synced (the app's
// files cache-first, its pages and the API's reads network-first with the last answer as the
// fallback), and a Web Push message shows a notification that opens its conversation.
const sw = globalThis as unknown as ServiceWorkerGlobalScope;

const CACHE = "sundae-community-v1";
const SCOPE = new URL("./", sw.location.href).pathname; // /apps/community/

sw.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll([SCOPE, `${SCOPE}manifest.webmanifest`, `${SCOPE}icon.svg`])),
  );
  void sw.skipWaiting();
});

sw.addEventListener("activate", (event) => event.waitUntil(sw.clients.claim()));

sw.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== sw.location.origin) return;
  if (url.pathname.startsWith(`${SCOPE}assets/`)) {
    event.respondWith(caches.match(request).then((hit) => hit ?? fetchAndKeep(request)));
  } else if (url.pathname.startsWith(SCOPE) || url.pathname === "/v1/me" || url.pathname.startsWith("/v1/conversations")) {
    event.respondWith(fetchAndKeep(request).catch(() => caches.match(request, { ignoreVary: true }).then((hit) => hit ?? Response.error())));
  }
});

async function fetchAndKeep(request: Request): Promise<Response> {
  const response = await fetch(request);
  if (response.ok) {
    const copy = response.clone();
    void caches.open(CACHE).then((cache) => cache.put(request, copy));
  }
  return response;
}

interface PushBody {
  type?: string;
  conversationId?: string;
  sender?: string;
  durationMillis?: number;
}

sw.addEventListener("push", (event) => {
  let body: PushBody = {};
  try {
    body = event.data?.json() ?? {};
  } catch {
    body = {};
  }
  const seconds = body.durationMillis ? ` (${Math.round(body.durationMillis / 1000)} s)` : "";
  event.waitUntil(
    sw.registration.showNotification("New voice message", {
      body: `A voice message${seconds} is waiting for you`,
      tag: body.conversationId ?? "sundae",
      icon: `${SCOPE}icon.svg`,
      data: { conversationId: body.conversationId },
    }),
  );
});

sw.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const id = (event.notification.data as { conversationId?: string })?.conversationId;
  const target = `${SCOPE}${id ? `#/c/${id}` : ""}`;
  event.waitUntil(
    sw.clients.matchAll({ type: "window", includeUncontrolled: true }).then((windows) => {
      const open = windows.find((w) => new URL(w.url).pathname.startsWith(SCOPE));
      if (open) return open.navigate(target).then((w) => w?.focus());
      return sw.clients.openWindow(target);
    }),
  );
});

export {};
