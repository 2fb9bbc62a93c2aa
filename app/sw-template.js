/* The payer app's service worker (built from app/sw-template.js by app/vite.config.ts).
   It caches the app's shell only: the page, its scripts, styles, fonts, icons and manifest,
   the exact list below. It never touches a request outside /app/ — every API answer (/v1/…)
   goes to the network and is never stored, since those carry a payer's personal data. */
const SHELL_FILES = /* __SHELL_FILES__ */ [];
const CACHE = 'payer-app-shell-__SHELL_VERSION__';
const PREFIX = 'payer-app-shell-';
const scope = new URL(self.registration.scope);
const shellUrls = new Set(SHELL_FILES.map((file) => new URL(file, scope).href));

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll([...shellUrls]))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter((name) => name.startsWith(PREFIX) && name !== CACHE)
            .map((name) => caches.delete(name)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== scope.origin) return;
  if (!url.pathname.startsWith(scope.pathname)) return;
  if (request.mode === 'navigate') {
    // The newest page when online; the cached shell when not.
    event.respondWith(fetch(request).catch(() => caches.match(scope.href)));
    return;
  }
  if (!shellUrls.has(url.href)) return;
  event.respondWith(caches.match(url.href).then((cached) => cached ?? fetch(request)));
});
