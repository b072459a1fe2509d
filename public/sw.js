// Loket's service worker: keeps this build's app shell so the app opens, searches and shows
// details with the network off. Data lives in IndexedDB (the app's own cache), not here.
// scripts/precache.mjs fills BUILD and PRECACHE after each build with the files Trunk produced.
const BUILD = '__LOKET_BUILD__';
const PRECACHE = [/* __LOKET_PRECACHE__ */];
const SHELL = `loket-shell-${BUILD}`;
const RUNTIME = 'loket-runtime';
// A page request waits this long for the network before the stored shell is used.
const NAVIGATION_TIMEOUT_MS = 4000;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(SHELL).then((cache) => cache.addAll(PRECACHE)));
  // No skipWaiting here: a new version waits until the citizen chooses to reload.
});

self.addEventListener('message', (event) => {
  if (event.data === 'loket:activate-new-version') self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('loket-shell-') && k !== SHELL).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout')), ms);
    promise.then((v) => { clearTimeout(timer); resolve(v); }, (e) => { clearTimeout(timer); reject(e); });
  });
}

// Fresh from the network when it answers, else the stored copy; the copy is refreshed on success.
async function networkFirst(request, cacheName, key, timeoutMs) {
  const cache = await caches.open(cacheName);
  try {
    const response = await withTimeout(fetch(request), timeoutMs);
    if (response.ok) await cache.put(key, response.clone());
    return response;
  } catch (error) {
    const stored = await cache.match(key);
    if (stored) return stored;
    throw error;
  }
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;
  if (request.mode === 'navigate') {
    // Every page path is the same app: deep links open offline too.
    event.respondWith(networkFirst(request, SHELL, '/index.html', NAVIGATION_TIMEOUT_MS));
  } else if (url.pathname === '/config.json') {
    event.respondWith(networkFirst(request, RUNTIME, '/config.json', NAVIGATION_TIMEOUT_MS));
  } else if (PRECACHE.includes(url.pathname)) {
    event.respondWith(caches.match(url.pathname).then((hit) => hit || fetch(request)));
  }
  // Anything else (another backend's API, files of another build) goes to the network untouched.
});
