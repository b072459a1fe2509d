// Loket's service worker: keeps this build's app shell so the app opens, searches and shows
// details with the network off. Data lives in IndexedDB (the app's own cache), not here.
// scripts/precache.mjs fills BUILD and PRECACHE after each build with the files Trunk produced.
const BUILD = '__LOKET_BUILD__';
const PRECACHE = [/* __LOKET_PRECACHE__ */];
const SHELL = `loket-shell-${BUILD}`;
const RUNTIME = 'loket-runtime';
// A page request waits this long for the network before the stored shell is used.
const NAVIGATION_TIMEOUT_MS = 4000;

// What the first page itself loads: with these the app opens offline. Page modules, icons and
// the manifest are kept too, but a first visit whose signal drops before they arrive still gets
// a service worker, and so a directory that opens offline; they are kept when first used.
const REQUIRED = PRECACHE.filter((p) => p === '/index.html' || /\.(js|css)$/.test(p) || /^\/loket-[0-9a-f]+_bg\.wasm$/.test(p));
const OPTIONAL = PRECACHE.filter((p) => !REQUIRED.includes(p));

// From the network, or else the copy the page has just loaded (the browser's HTTP cache): on a
// first visit that lost its signal, that copy is this build's, and enough.
async function keep(cache, path) {
  let response;
  try {
    response = await fetch(path);
  } catch (offline) {
    response = await fetch(path, { cache: 'force-cache' });
  }
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  await cache.put(path, response);
}

async function keepMissing(cache, paths) {
  const kept = await Promise.all(paths.map((p) => cache.match(p)));
  await Promise.allSettled(paths.filter((_, i) => !kept[i]).map((p) => keep(cache, p)));
}

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(SHELL).then(async (cache) => {
    await Promise.all(REQUIRED.map((p) => keep(cache, p)));
    await keepMissing(cache, OPTIONAL);
    await caches.open(RUNTIME).then((runtime) => keepMissing(runtime, ['/config.json']));
  }));
  // No skipWaiting here: a new version waits until the citizen chooses to reload.
});

self.addEventListener('message', (event) => {
  if (event.data === 'loket:activate-new-version') self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('loket-shell-') && k !== SHELL).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
      // What a weak first visit could not fetch at install, now that there may be a signal.
      .then(() => caches.open(SHELL))
      .then((cache) => keepMissing(cache, OPTIONAL)),
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
    // A response that names its own content (a service's prerendered page) is not the copy kept
    // for every path under `key`.
    if (response.ok && !response.headers.has('Content-Location')) await cache.put(key, response.clone());
    return response;
  } catch (error) {
    const stored = await cache.match(key);
    if (stored) return stored;
    throw error;
  }
}

// This build's files never change: the kept copy, or the network's, which is then kept.
async function cacheFirst(path, request) {
  const cache = await caches.open(SHELL);
  const hit = await cache.match(path);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) await cache.put(path, response.clone());
  return response;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;
  if (request.mode === 'navigate') {
    // Every page path is the same app: deep links open offline too. Online, a page gets what the
    // server sends (a service has its own prerendered first HTML); offline, the directory gets its
    // stored first HTML and any other page the shell, or the directory's page where a weak first
    // visit did not keep the shell (the app then replaces it at once).
    const key = url.pathname === '/' || !PRECACHE.includes('/shell.html') ? '/index.html' : '/shell.html';
    event.respondWith(networkFirst(request, SHELL, key, NAVIGATION_TIMEOUT_MS).catch(() => caches.match('/index.html')));
  } else if (url.pathname === '/config.json') {
    event.respondWith(networkFirst(request, RUNTIME, '/config.json', NAVIGATION_TIMEOUT_MS));
  } else if (PRECACHE.includes(url.pathname)) {
    event.respondWith(cacheFirst(url.pathname, request));
  }
  // Anything else (another backend's API, files of another build) goes to the network untouched.
});
