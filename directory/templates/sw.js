/* Voorveld in beeld: the service worker, written by the build (directory/offline.py, docs/offline.md).
   Pages: from the network first, so a new build shows at once; offline, the copy of a page seen
   before, else the shell page, else the offline page. Scripts, styles and shell pages: precached
   under content hashes. Search index: its files are named by content hash, so a stored one is
   always right; the first visit to /zoeken/ stores them up to a budget. */
importScripts(
  "static/vendor/workbox/workbox-core.prod.js",
  "static/vendor/workbox/workbox-routing.prod.js",
  "static/vendor/workbox/workbox-strategies.prod.js",
  "static/vendor/workbox/workbox-expiration.prod.js",
  "static/vendor/workbox/workbox-precaching.prod.js"
);

var SHELL = {{ shell|safe }};
var SEARCH_FILES = {{ search_files|safe }};
var SEARCH_FOLDER = {{ search_folder|safe }};
var SEARCH_BUDGET = {{ search_budget }};
var SCOPE = self.registration.scope;  // ends in "/"; part of every cache name
var PAGES = "voorveld-paginas-" + SCOPE;
var SEARCH = "voorveld-zoekindex-" + SCOPE;

self.skipWaiting();
workbox.core.clientsClaim();

/* Pages first, before the precache route, so that a shell page too comes from the network. */
workbox.routing.registerRoute(
  function (options) { return options.request.mode === "navigate"; },
  new workbox.strategies.NetworkFirst({
    cacheName: PAGES,
    networkTimeoutSeconds: 5,
    plugins: [new workbox.expiration.ExpirationPlugin({ maxEntries: 300 })],
  })
);
/* Card bundles (k-), expansion files (u-) and made first pages (a-) repeat cards and postings to
   save requests on the network. Once every card (every postings file) is stored, which
   storeSearchIndex marks when the budget held the whole family, they are refused at once with
   410 Gone, and the page takes each card or postings file from the store instead (zoeken.js
   falls back to them and asks for no more). Until then those a page fetched are kept, the latest 100, in a cache of their own, so a
   search made before still works offline. */
var EXTRAS = "voorveld-zoekextra-" + SCOPE;
// extra -> the family it repeats (a first page needs postings and cards: d- are stored after p-)
var REPEATS = { "k-": "d-", "u-": "p-", "a-": "d-" };
function completeMark(family) { return SCOPE + SEARCH_FOLDER + "bewaard-" + family; }  // not a file
var keptExtras = new workbox.strategies.CacheFirst({
  cacheName: EXTRAS,
  plugins: [new workbox.expiration.ExpirationPlugin({ maxEntries: 100 })],
});
workbox.routing.registerRoute(
  function (options) {
    var path = options.url.href.slice((SCOPE + SEARCH_FOLDER).length);
    return options.url.href.indexOf(SCOPE + SEARCH_FOLDER) === 0 && REPEATS.hasOwnProperty(path.slice(0, 2));
  },
  async function (options) {
    var family = REPEATS[options.url.href.slice((SCOPE + SEARCH_FOLDER).length).slice(0, 2)];
    var stored = await (await caches.open(SEARCH)).match(completeMark(family));
    return stored ? new Response("", { status: 410 }) : keptExtras.handle(options);
  }
);
workbox.routing.registerRoute(
  function (options) { return options.url.href.indexOf(SCOPE + SEARCH_FOLDER) === 0; },
  new workbox.strategies.CacheFirst({ cacheName: SEARCH })
);
workbox.routing.registerRoute(
  function (options) { return options.url.href.indexOf(SCOPE + "data/") === 0; },
  new workbox.strategies.StaleWhileRevalidate({ cacheName: PAGES })
);
workbox.precaching.precacheAndRoute(SHELL);
workbox.precaching.cleanupOutdatedCaches();

workbox.routing.setCatchHandler(async function (options) {
  if (options.request.mode !== "navigate") return Response.error();
  var url = new URL(options.request.url);
  var page = url.origin + url.pathname;
  var seen = await (await caches.open(PAGES)).match(page, { ignoreSearch: true });
  return seen || (await workbox.precaching.matchPrecache(page))
    || (await workbox.precaching.matchPrecache(SCOPE + "offline/")) || Response.error();
});

/* The search page asks for the index once it is shown: stored in order of need, up to the budget. */
async function storeSearchIndex() {
  var cache = await caches.open(SEARCH);
  var wanted = [];
  var spent = 0;
  for (var i = 0; i < SEARCH_FILES.length; i++) {
    if (spent + SEARCH_FILES[i][1] > SEARCH_BUDGET) break;
    spent += SEARCH_FILES[i][1];
    wanted.push(SCOPE + SEARCH_FOLDER + SEARCH_FILES[i][0]);
  }
  var next = 0;
  async function worker() {
    while (next < wanted.length) {
      var url = wanted[next++];
      if (!(await cache.match(url))) await cache.add(url);
    }
  }
  await Promise.all([worker(), worker(), worker(), worker()]);
  // a family whose last file was within the budget is stored whole: mark it (see REPEATS)
  var names = wanted.map(function (url) { return url.slice((SCOPE + SEARCH_FOLDER).length); });
  await Promise.all(Object.keys(REPEATS).map(function (extra) {
    var family = REPEATS[extra];
    var all = SEARCH_FILES.filter(function (f) { return f[0].indexOf(family) === 0; });
    if (!all.length || names.indexOf(all[all.length - 1][0]) < 0) return null;
    return cache.put(completeMark(family), new Response("1"));
  }));
}

/* Files of an older index are never asked for again: remove them when this version takes over. */
async function forgetOldSearchFiles() {
  var current = {};
  SEARCH_FILES.forEach(function (file) { current[SCOPE + SEARCH_FOLDER + file[0]] = true; });
  var cache = await caches.open(SEARCH);
  var requests = await cache.keys();
  await Promise.all(requests.filter(function (r) { return !current[r.url]; }).map(function (r) { return cache.delete(r); }));
}

self.addEventListener("message", function (event) {
  if (event.data && event.data.type === "bewaar-zoekindex") {
    event.waitUntil(storeSearchIndex().then(function () {
      if (event.source) event.source.postMessage({ type: "zoekindex-bewaard" });
    }).catch(function () { /* offline or full: what was stored stays */ }));
  }
});
self.addEventListener("activate", function (event) {
  event.waitUntil(Promise.all([forgetOldSearchFiles(), caches.delete(EXTRAS)]));  // a new build's extras have new names
});
