// Runs the static search (directory/static/zoeken.js) in Node over a built site, for the tests
// and benchmarks: reads JSON lines {"q", "filters", "typing", "limit", "fresh", "plaats",
// "pagina"} on stdin, prints one JSON line each ("fresh": a new engine for this query, with
// nothing loaded yet; "pagina": as the search page asks, for `limit` hits and no facet counts,
// so a first page the build made may answer). With the environment variable ZONDER_BUNDELS set,
// every card bundle (k-), expansion file (u-) and made first page (a-) fails to load, as when
// the service worker refuses them.
"use strict";
const fs = require("fs");
const path = require("path");
const engineModule = require(path.join(__dirname, "..", "directory", "static", "zoeken.js"));

const site = process.argv[2];
const folder = path.join(site, "zoekindex");
const manifest = fs.readdirSync(folder).find((n) => n.startsWith("manifest."));
let loaded = [];  // the files the engine asked for since the last query began
const newEngine = () => engineModule.createSearch((name) => {
  loaded.push(name);
  if (process.env.ZONDER_BUNDELS && /^[kua]-/.test(name)) {
    return Promise.reject(Object.assign(new Error(name), { refused: true }));  // as sw.js refuses
  }
  return Promise.resolve(JSON.parse(fs.readFileSync(path.join(folder, name), "utf8")));
}, manifest);
let engine = newEngine();

const lines = fs.readFileSync(0, "utf8").split("\n").filter(Boolean);
(async () => {
  for (const line of lines) {
    const { q, filters, typing, limit, fresh, plaats, bundels, pagina } = JSON.parse(line);
    if (bundels) {  // {"bundels": [terms]}: the documents zoeken.js expects in each term's bundle
      const found = {};
      for (const term of bundels) found[term] = await engine.bundleDocs(term);
      process.stdout.write(JSON.stringify(found) + "\n");
      continue;
    }
    if (fresh) engine = newEngine();  // nothing loaded by earlier queries: only what this one loads
    loaded = [];
    const result = await engine.search(q, filters || {}, !!typing, plaats, pagina ? limit || 10 : undefined);
    const top = result.top(limit || 10);
    const docs = await engine.documents(top.map((h) => h.doc), result);
    const facets = pagina ? null : await engine.facetCounts(result);
    process.stdout.write(JSON.stringify({
      query: result.query, total: result.total, suggestion: result.suggestion, facets, place: result.place,
      shownFacets: result.shownFacets,
      slugs: docs.map((d) => d.slug), scores: top.map((h) => h.score),
      docs: top.map((h) => h.doc), bundles: engine.cardBundles(top.map((h) => h.doc), result),
      snippets: docs.map((d) => engine.snippet(d.tekst, result.terms)),
      files: loaded, answered: !!result.whole,
    }) + "\n");
  }
})();
