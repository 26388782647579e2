/* The search page of the static site: reads the URL, runs VoorveldZoeken, shows results and
 * facets, and keeps the URL in step (shareable, and the back button restores a search). */
(function () {
  "use strict";
  var box = document.getElementById("zoekresultaten");
  if (!box || !window.VoorveldZoeken) return;
  var FACETS = ["categorie", "doelgroep", "fase", "leefgebied", "regio", "gemeente", "status"];
  var PAGE = 10;
  var root = box.getAttribute("data-root"), folder = box.getAttribute("data-index");
  var engine = window.VoorveldZoeken.createSearch(function (name) {
    return fetch(folder + name).then(function (r) {
      if (!r.ok) throw Object.assign(new Error(name), { refused: r.status === 410 });  // sw.js: not needed
      return r.json();
    });
  }, box.getAttribute("data-manifest"));
  var form = document.getElementById("zoekformulier"), input = document.getElementById("q");
  var shown = PAGE, timer = null, generation = 0, panelOpen = null;

  function readState() {
    var params = new URLSearchParams(location.search), filters = {};
    FACETS.forEach(function (n) { var v = params.getAll(n); if (v.length) filters[n] = v; });
    return { q: params.get("q") || "", filters: filters };
  }
  function urlFor(q, filters) {
    var params = new URLSearchParams();
    if (q) params.set("q", q);
    FACETS.forEach(function (n) { (filters[n] || []).forEach(function (v) { params.append(n, v); }); });
    var text = params.toString();
    return location.pathname + (text ? "?" + text : "");
  }
  var STATUS_LABELS = { gepauzeerd: "Gepauzeerd", beeindigd: "Beëindigd", onbekend: "Status onbekend" };
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) { node.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return node;
  }
  function withMarks(html) {  // the snippet is escaped by the engine; only <mark> is markup
    var span = el("span"), parts = html.split(/(<mark>|<\/mark>)/), inMark = false;
    parts.forEach(function (p) {
      if (p === "<mark>") { inMark = true; return; }
      if (p === "</mark>") { inMark = false; return; }
      var text = p.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&amp;/g, "&");
      span.appendChild(inMark ? el("mark", {}, [text]) : document.createTextNode(text));
    });
    return span;
  }

  function render(state, result, docs, counts) {
    var labels = engine.labels();
    box.textContent = "";
    if (result.place) {
      box.appendChild(el("p", { "class": "notice place-note" }, [result.place.bekend
        ? "Eerst wat er in " + result.place.naam + " is, dan in de regio en landelijk."
        : "We kennen in " + result.place.naam + " nog geen eigen aanbod. Hieronder staat wat er landelijk is; vraag ook bij je gemeente."]));
    }
    if (result.suggestion) {
      var link = el("a", { href: urlFor(result.suggestion, state.filters) }, [result.suggestion]);
      link.addEventListener("click", function (e) { e.preventDefault(); go(result.suggestion, state.filters, true); });
      box.appendChild(el("p", { "class": "suggestion" }, ["Bedoelde je ", link, "?"]));
    }
    if (!state.q && !Object.keys(state.filters).length) {
      box.appendChild(el("p", {}, ["Typ een woord of een vraag, bijvoorbeeld: ik zoek werk, jobcoach of gestopt met school."]));
      return;
    }
    box.appendChild(el("p", { "class": "count-line", role: "status" }, [result.total + " resultaten" + (state.q ? " voor " + state.q : "")]));
    var layout = el("div", { "class": "search-layout" });
    var aside = el("aside", { "class": "facets", "aria-label": "Filters" });
    var chosenCount = Object.keys(state.filters).reduce(function (n, k) { return n + state.filters[k].length; }, 0);
    var panel = el("details", { "class": "filterpanel" }, [el("summary", {}, ["Filters" + (chosenCount ? " (" + chosenCount + " gekozen)" : "")])]);
    if (panelOpen === null) panelOpen = window.matchMedia("(min-width: 48rem)").matches;
    if (panelOpen) panel.setAttribute("open", "");
    panel.addEventListener("toggle", function () { panelOpen = panel.open; });
    aside.appendChild(panel);
    result.shownFacets.forEach(function (name) {
      var chosen = state.filters[name] || [];
      var list = el("ul");
      var details = el("details", chosen.length ? { open: "" } : {}, [el("summary", {}, [engine.headings()[name] || name]), list]);
      function fill(values) {
        list.textContent = "";
        Object.keys(values).forEach(function (value) {
          var next = JSON.parse(JSON.stringify(state.filters));
          next[name] = chosen.indexOf(value) >= 0 ? chosen.filter(function (v) { return v !== value; }) : chosen.concat([value]);
          if (!next[name].length) delete next[name];
          var a = el("a", { href: urlFor(state.q, next) }, [(labels[name] && labels[name][value]) || value]);
          if (chosen.indexOf(value) >= 0) a.setAttribute("aria-current", "true");
          a.addEventListener("click", function (e) { e.preventDefault(); go(state.q, next, true); });
          list.appendChild(el("li", {}, [a, " (" + values[value] + ")"]));
        });
      }
      // a facet's counts are computed (and its values loaded) when it is first opened
      function loadCounts() {
        list.textContent = "";
        list.appendChild(el("li", {}, ["Even laden…"]));
        engine.facetCounts(result, [name]).then(function (c) { fill(c[name]); }, function () {
          var retry = el("button", { type: "button", "class": "button-light" }, ["Opnieuw proberen"]);
          retry.addEventListener("click", loadCounts);
          list.textContent = "";
          list.appendChild(el("li", {}, ["Filters laden lukt nu niet. ", retry]));
        });
      }
      if (counts[name]) fill(counts[name]);
      else details.addEventListener("toggle", function () {
        if (details.open && !list.childNodes.length) loadCounts();
      });
      panel.appendChild(details);
    });
    var results = el("ol", { "class": "results" });
    docs.forEach(function (doc, i) {
      var href = root + (doc.soort === "kennis" ? "kennisbank/" : "aanbod/") + doc.slug + "/";
      var heading = el("h2", {}, [el("a", { href: href }, [doc.naam])]);
      if (doc.soort === "kennis") heading.appendChild(el("span", { "class": "badge" }, ["Uitleg"]));
      if (doc.soort !== "kennis" && doc.status !== "actief") {
        heading.appendChild(document.createTextNode(" "));
        heading.appendChild(el("span", { "class": "badge badge-" + doc.status }, [STATUS_LABELS[doc.status] || doc.status]));
      }
      var card = el("li", { "class": "card" + (doc.status === "beeindigd" ? " card-ended" : ""), "data-id": doc.slug }, [heading]);
      if (doc.organisatie) {
        var org = el("p", { "class": "org" }, [doc.organisatie]);
        if (doc.waar) { org.appendChild(document.createTextNode(" · ")); org.appendChild(el("span", { "class": "place" }, [doc.waar])); }
        card.appendChild(org);
      }
      var text = engine.snippet(doc.tekst, result.terms);
      card.appendChild(el("p", {}, [text ? withMarks(text) : doc.samenvatting]));
      if (doc.snel && doc.snel.length) {
        var ways = el("p", { "class": "ways" }, []);
        doc.snel.forEach(function (way) {
          var attrs = { "class": "way", href: way[1] };
          if (way[1].indexOf("tel:") !== 0) attrs.rel = "noopener noreferrer";
          ways.appendChild(el("a", attrs, [way[0]]));
        });
        card.appendChild(ways);
      }
      if (doc.soort !== "kennis") card.appendChild(el("p", { "class": "no-print" }, [el("button", { type: "button", "class": "op-lijst button-light", "data-slug": doc.slug, hidden: "" }, ["Op de verwijslijst"])]));
      results.appendChild(card);
    });
    layout.appendChild(aside);
    layout.appendChild(results);
    box.appendChild(layout);
    if (window.VoorveldLijst) window.VoorveldLijst.refresh();
    if (result.total > shown) {
      var more = el("button", { type: "button" }, ["Meer resultaten"]);
      more.addEventListener("click", function () { shown += PAGE; run(false); });
      box.appendChild(more);
    }
  }

  function run(typing) {
    var state = readState(), mine = ++generation;
    input.value = input.value || state.q;
    var chosen = window.VoorveldGemeente ? window.VoorveldGemeente.chosen() : null;  // the remembered municipality
    return engine.search(state.q, state.filters, typing, chosen, shown).then(function (result) {
      var top = result.top(shown).map(function (h) { return h.doc; });
      var open = result.shownFacets.filter(function (n) { return state.filters[n]; });  // open: a value is chosen
      return Promise.all([engine.documents(top, result), engine.facetCounts(result, open)]).then(function (loaded) {
        if (mine === generation) render(state, result, loaded[0], loaded[1]);
      });
    }).catch(function () {
      box.textContent = "Zoeken lukt nu niet. Bekijk het aanbod per gemeente of op alfabet.";
    });
  }
  function go(q, filters, push) {
    shown = PAGE;
    input.value = q;
    history[push ? "pushState" : "replaceState"](null, "", urlFor(q, filters));
    return run(!push);
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    clearTimeout(timer);  // the search as you type that is still waiting would replace this one
    go(input.value, readState().filters, true);
  });
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { go(input.value, readState().filters, false); }, 120);
  });
  window.addEventListener("popstate", function () { shown = PAGE; input.value = readState().q; run(false); });
  input.value = readState().q;
  box.setAttribute("data-klaar", "nee");
  run(false).then(function () { box.setAttribute("data-klaar", "ja"); });
})();
