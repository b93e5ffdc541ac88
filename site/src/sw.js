// Service worker: precaches what the Go tab needs on the first visit, so
// that the page and its Go analysis work offline afterwards, and keeps a
// copy of every other asset (the topology worker, its wasm, Graphviz) when
// the page first fetches it: a visit that never opens the Topology or
// Policy tab does not download the topology worker, and one that did can
// open it offline. Hashed assets never change, so they are served from the
// cache; the page itself is fetched fresh when online.
const CACHE = 'nines-playground-%BUILD%';
const PRECACHE = %PRECACHE%;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(PRECACHE)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('nines-playground-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

// fetchAndKeep fetches an asset the precache left out and stores a copy of
// a complete answer. The page waits for the network, not for the cache.
function fetchAndKeep(event, req) {
  return fetch(req).then((res) => {
    if (res.ok && res.status === 200 && res.type === 'basic') {
      const copy = res.clone();
      event.waitUntil(caches.open(CACHE).then((c) => c.put(req, copy)).catch(() => {}));
    }
    return res;
  });
}

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET' || new URL(req.url).origin !== self.location.origin) return;
  const isPage = req.mode === 'navigate';
  if (isPage) {
    event.respondWith(
      fetch(req)
        .then((res) => { const copy = res.clone(); caches.open(CACHE).then((c) => c.put('./', copy)); return res; })
        .catch(() => caches.match('./')),
    );
    return;
  }
  event.respondWith(caches.match(req).then((hit) => hit || fetchAndKeep(event, req)));
});
