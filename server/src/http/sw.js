// 班务通 service worker. The server fills in VERSION from the build's file hashes, so a
// new build is a new worker; the page asks the user before switching to it.
const VERSION = "__VERSION__";
const PAGES = `pages-${VERSION}`;
const ASSETS = `assets-${VERSION}`;
// Pages that load their data from IndexedDB, filled in by the server from the app's own
// list. The worker asks for them with the shell query: the frame without any private data, which the
// server otherwise draws into some of them for a visit that does not come through here.
const SHELLS = [/*SHELLS*/];
// This build's hashed /pkg files, filled in by the server.
const BUILD = [/*BUILD_ASSETS*/];
// A photo's full size or thumbnail, by its id (the SHA-256 of its bytes).
const PHOTO = /^\/api\/photos\/([0-9a-f]{64})(\/thumb)?$/;
const STATIC = ["/favicon.svg", "/manifest.webmanifest", "/icons/icon-192.png", "/icons/icon-512.png"];

// Everything a cold start with no network needs, fetched once at install.
self.addEventListener("install", (event) => {
  event.waitUntil(
    Promise.all([
      caches.open(ASSETS).then((cache) => cache.addAll([...BUILD, ...STATIC])),
      caches.open(PAGES).then((cache) => Promise.all(SHELLS.map((path) => keepShell(cache, path)))),
    ]),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => !k.endsWith(VERSION)).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("message", (event) => {
  if (event.data === "skip-waiting") self.skipWaiting();
  if (event.data === "forget-pages") event.waitUntil(caches.delete(PAGES));
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  const photo = url.pathname.match(PHOTO);
  if (photo) {
    event.respondWith(photoFromPhone(request, photo[1]));
    return;
  }
  if (url.pathname.startsWith("/api/") || url.pathname === "/sw.js" || url.pathname === "/healthz") return;
  if (request.mode === "navigate") {
    event.respondWith(page(request, url));
  } else {
    event.respondWith(asset(request));
  }
});

// The frame of a kept page, fetched and cached under its own path.
async function keepShell(cache, path) {
  const response = await fetch(shellUrl(path));
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  await cache.put(path, response);
}

function shellUrl(path) {
  return `${path}?__SHELL_QUERY__`;
}

// Network first (a kept page as its frame); offline, the cached frame of that page, or of
// Today. A response the server marked no-store is never kept.
async function page(request, url) {
  const cache = await caches.open(PAGES);
  const shell = SHELLS.includes(url.pathname);
  try {
    const response = shell ? await fetch(shellUrl(url.pathname), { redirect: "manual" }) : await fetch(request);
    const kept = response.ok && !(response.headers.get("Cache-Control") || "").includes("no-store");
    if (shell && kept) await cache.put(url.pathname, response.clone());
    return response;
  } catch (offline) {
    const cached = await cache.match(url.pathname);
    if (cached) return cached;
    if (await cache.match("/today")) return Response.redirect("/today", 302);
    throw offline;
  }
}

// A photo this phone holds is answered from its own copy: the id is the SHA-256 of those very
// bytes, so it is the photo the server keeps, and it shows offline and before it is sent.
// Any other photo comes from the server, which checks who may see it; nothing is cached.
async function photoFromPhone(request, id) {
  const blob = await keptPhoto(id);
  if (!blob) return fetch(request);
  return new Response(blob, {
    headers: { "Content-Type": blob.type || "image/jpeg", "Cache-Control": "private, no-store" },
  });
}

// The photo's bytes from the phone's store, or null. A phone without the store yet is left
// without it: the page makes it, at its own version.
function keptPhoto(id) {
  return new Promise((resolve) => {
    const open = indexedDB.open("__PHONE_DB__");
    open.onupgradeneeded = () => open.transaction.abort();
    open.onerror = () => resolve(null);
    open.onblocked = () => resolve(null);
    open.onsuccess = () => {
      const db = open.result;
      db.onversionchange = () => db.close();
      if (!db.objectStoreNames.contains("__PHOTO_STORE__")) {
        db.close();
        return resolve(null);
      }
      const tx = db.transaction("__PHOTO_STORE__");
      tx.oncomplete = tx.onabort = () => db.close();
      const get = tx.objectStore("__PHOTO_STORE__").get(id);
      get.onsuccess = () => resolve(get.result instanceof Blob ? get.result : null);
      get.onerror = () => resolve(null);
    };
  });
}

// Hashed build files never change: cache first, fill on the way.
async function asset(request) {
  const cache = await caches.open(ASSETS);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}
