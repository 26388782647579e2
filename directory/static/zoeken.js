/*
 * Voorveld in beeld: search on the static site.
 *
 * Reads the index that the build exports from Whoosh (directory/static_index.py) and analyses and
 * ranks a query exactly as directory/search.py does: same words, folding, stopwords, compounds,
 * thesaurus, stemmer (the Snowball Dutch stemmer, vendored), prefixes, typo correction, weights,
 * ordering, filters and facet counts. Most functions here have a twin there with the same name;
 * those that load parts of the index (facet, facetsShown, withoutUnknown, prefetchPostings,
 * basisPart, answerOf, documents) have none.
 * Runs in the browser (window.VoorveldZoeken) and in Node (for the agreement tests).
 */
(function (root, factory) {
  if (typeof module === "object" && module.exports) {
    module.exports = factory(require("./vendor/snowball-dutch.js"));
  } else {
    root.VoorveldZoeken = factory(root.snowballDutch);
  }
})(typeof self !== "undefined" ? self : this, function (snowball) {
  "use strict";

  var stemmer = snowball.newStemmer();
  var WORD = /[\p{L}\p{N}]+/gu;
  var COMBINING = /[\u0300-\u036f]/g;
  var NOT_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/gu;

  // Snippets stem every word of ten result texts, and words repeat: remember each stem (as
  // search/engine.py does with lru_cache). Bounded, so a long session cannot grow without end.
  var stems = new Map();
  function stem(word) {
    var found = stems.get(word);
    if (found === undefined) {
      if (stems.size > 50000) stems.clear();
      found = stemmer.stem(word);
      stems.set(word, found);
    }
    return found;
  }

  function fold(text) {
    text = text.toLowerCase();
    if (/^[\x00-\x7f]*$/.test(text)) return text;
    return text.normalize("NFD").replace(COMBINING, "");
  }

  function cmp(a, b) { return a < b ? -1 : a > b ? 1 : 0; }

  function escapeHtml(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;").replace(/'/g, "&#x27;");
  }

  function editDistance(a, b, limit) {
    var previous2 = null, previous = [], i, j;
    for (j = 0; j <= b.length; j++) previous.push(j);
    for (i = 1; i <= a.length; i++) {
      var current = [i], ca = a[i - 1];
      for (j = 1; j <= b.length; j++) {
        var cb = b[j - 1], cost = ca !== cb ? 1 : 0;
        current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
        if (i > 1 && j > 1 && ca === b[j - 2] && a[i - 2] === cb) {
          current[j] = Math.min(current[j], previous2[j - 2] + 1);
        }
      }
      if (Math.min.apply(null, current) > limit) return limit + 1;
      previous2 = previous; previous = current;
    }
    return previous[previous.length - 1];
  }

  var CRC_TABLE = (function () {
    var table = [];
    for (var n = 0; n < 256; n++) {
      var c = n;
      for (var k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
    return table;
  })();
  // CRC-32 of the UTF-8 bytes, as Python's zlib.crc32.
  function crc32(term) {
    var bytes = new TextEncoder().encode(term), c = 0xFFFFFFFF;
    for (var i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xFF] ^ (c >>> 8);
    return (c ^ 0xFFFFFFFF) >>> 0;
  }
  function postingsBucket(term, count) { return crc32(term) % count; }  // static_index.postings_bucket

  function createSearch(loadJson, manifestName) {
    var cache = {};
    function load(name) {  // a failed fetch is forgotten, so the next search tries again
      if (!cache[name]) {
        cache[name] = loadJson(name).catch(function (error) { delete cache[name]; throw error; });
      }
      return cache[name];
    }
    var manifest, meta, K, stopwords, questionWords, shards = {}, borrowed = {}, kind, ended, present, facets = {}, separate;
    var rules, generic, never, examples, needs, ageRange, areas, areaRow, placeNames, dutchPlaces = null;

    function hasBit(mask, i) { return Math.floor(mask / Math.pow(2, i)) % 2 === 1; }
    function bits(mask) {
      var out = [];
      for (var i = 0; mask > 0; i++, mask = Math.floor(mask / 2)) if (mask % 2) out.push(i);
      return out;
    }
    function flags(text) {
      var out = new Uint8Array(text.length);
      for (var i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) === 49 ? 1 : 0;  // "1"
      return out;
    }

    // Every query needs the basis (kind and ended per document, and per facet which documents
    // count towards it); a facet's values are loaded when it filters or its counts are shown. The
    // place and age columns of a large index come in files of their own (basisPart).
    function ready() {
      return load(manifestName).then(function (m) {
        manifest = m;
        var basis = m.basis;  // meta and basis travel inside the manifest (static_index.py)
        meta = m.meta; K = meta.constanten;
        stopwords = new Set(meta.stopwoorden); questionWords = new Set(K.QUESTION_WORDS);
        rules = meta.zoekregels; generic = new Set(rules.algemeen); never = new Set(rules.nooit); examples = new Set(rules.voorbeelden);
        needs = new Map(rules.behoeften.map(function (n) { return [n[0].join(" "), n[1]]; }));
        kind = basis.soort; ended = flags(basis.beeindigd);
        separate = basis.los || {};
        readColumns(basis);
        placeNames = new Map(meta.plaatsnamen.map(function (p) {  // keys as search.place_key makes them
          return [p[0].join(" "), { name: meta.labels.gemeente[p[1]], id: p[1], region: meta.gemeenteRegio[p[1]] }];
        }));
        present = {};
        K.FACETS.forEach(function (name) { present[name] = flags(basis.aanwezig[name]); });
      });
    }
    function readColumns(part) {
      if (part.gebied !== undefined) { areas = part.gebieden; areaRow = rowNumbers(part.gebied); }
      if (part.leeftijd !== undefined) ageRange = rows(part.leeftijden, part.leeftijd);
    }
    // The place ("gebied") or age ("leeftijd") column, from the manifest or its b- file, read
    // once (a failed fetch is tried again by the next search).
    var columnsLoading = {};
    function basisPart(name) {
      if (!separate[name]) return Promise.resolve();
      if (!columnsLoading[name]) {
        columnsLoading[name] = load(separate[name]).then(readColumns);
        columnsLoading[name].catch(function () { delete columnsLoading[name]; });
      }
      return columnsLoading[name];
    }
    function rows(table, numbers) {  // static_index._table: a row number per document, base 36
      return numbers.split(",").map(function (n) { return table[parseInt(n, 36)]; });
    }
    function rowNumbers(numbers) {  // the same, as the row numbers only
      var parts = numbers.split(","), out = new Int32Array(parts.length);
      for (var i = 0; i < parts.length; i++) out[i] = parseInt(parts[i], 36);
      return out;
    }
    function facet(name) {
      return load("f-" + name + "." + manifest.facetten + ".json").then(function (column) {
        if (!facets[name]) {
          var decoded = { waarden: column.waarden, geldt: column.geldt };
          if (column.kolom !== undefined) {
            decoded.masks = column.kolom.split(",").map(function (h) {
              if (!column.enkelvoudig) return parseInt(h, 16);
              return h === "" ? 0 : Math.pow(2, parseInt(h, 16));  // one value: its number, not a mask
            });
            decoded.values = decoded.masks.map(bits);  // per document: value numbers, decoded once
          }
          facets[name] = decoded;
        }
        return facets[name];
      });
    }
    var started = null;
    function start() { return started || (started = ready()); }

    function words(text) {
      return (fold(text).match(WORD) || []).filter(function (w) { return !stopwords.has(w); });
    }

    // search.query_words: needs ("zonder diploma") become their words, an age is taken out, words
    // without a topic are dropped (unless nothing else is left).
    function queryWords(text) {
      var folded = fold(text).match(WORD) || [], rewritten = [], position = 0;
      while (position < folded.length) {
        var replaced = false;
        for (var length = 3; length >= 1 && !replaced; length--) {
          if (position + length > folded.length) continue;
          var phrase = folded.slice(position, position + length).join(" ");
          if (needs.has(phrase)) {
            rewritten = rewritten.concat(needs.get(phrase));
            position += length;
            replaced = true;
          }
        }
        if (!replaced) { rewritten.push(folded[position]); position += 1; }
      }
      var low = rules.leeftijd[0], high = rules.leeftijd[1];
      function isAge(w) { return /^[0-9]{1,2}$/.test(w) && +w >= low && +w <= high; }
      var ages = rewritten.filter(isAge);
      var asks = rewritten.some(function (w) { return examples.has(w); });
      var topical = rewritten.filter(function (w) {
        return !stopwords.has(w) && !never.has(w) && !isAge(w) && Array.from(w).length > 1 && !examples.has(w);
      });
      var kept = topical.filter(function (w) { return !generic.has(w); });
      var result = kept.length ? kept : topical;
      return { words: result, age: ages.length ? +ages[0] : null, wantsExamples: asks && result.length > 0 };
    }

    // search.find_place: the first municipality named in the words; another Dutch municipality
    // only where one of its words is not in the index (its list is loaded only then).
    function findPlace(tokens) {
      var known = knownPlace(tokens);
      if (known) return Promise.resolve(known);
      return Promise.all(tokens.map(function (t) { return lexiconEntry(stem(t)); })).then(function (entries) {
        var missing = new Set(tokens.filter(function (t, i) { return !entries[i]; }).map(stem));
        if (!missing.size) return { rest: tokens, place: null };
        return loadDutchPlaces().then(function (names) {
          var other = placeIn(tokens, names, function (phrase) { return phrase.some(function (w) { return missing.has(stem(w)); }); });
          return other || { rest: tokens, place: null };
        });
      });
    }
    // The first of the names found in the words (up to three words a name), with the other words.
    function placeIn(tokens, names, check) {
      for (var start = 0; start < tokens.length; start++) {
        for (var length = 3; length >= 1; length--) {
          if (start + length > tokens.length) continue;
          var phrase = tokens.slice(start, start + length);
          var found = names.get(phrase.join(" "));
          if (found && check(phrase)) return { rest: tokens.slice(0, start).concat(tokens.slice(start + length)), place: found };
        }
      }
      return null;
    }
    function knownPlace(tokens) { return placeIn(tokens, placeNames, function () { return true; }); }
    function loadDutchPlaces() {
      if (dutchPlaces) return Promise.resolve(dutchPlaces);
      return load(manifest.plaatsen).then(function (list) {
        dutchPlaces = new Map(list.map(function (p) { return [p[0].join(" "), { name: p[1], id: null, region: null }]; }));
        return dutchPlaces;
      });
    }
    function placeTier(a, place) {  // a: an area, a row of basis.gebieden
      if (a === "") return "";
      if (a === "L") return "landelijk";
      if (Array.isArray(a)) return a.indexOf(place.id) >= 0 ? "gemeente" : "elders";
      return place.region && a === "R:" + place.region ? "regio" : "elders";
    }
    // The place factor of each distinct area, worked out once per query: per document it is then
    // placeFactors(place)[areaRow[doc]].
    function placeFactors(place) {
      var table = place.id ? K.PLACE_FACTORS : K.UNKNOWN_PLACE_FACTORS;
      return areas.map(function (a) {
        var tier = placeTier(a, place);
        return Object.prototype.hasOwnProperty.call(table, tier) ? table[tier] : 1.0;
      });
    }

    // The per-letter shards hold terms, compound parts and thesaurus entries; the synchronous
    // analysis below runs after `preload` has fetched the shards of the query's letters.
    function hasPart(word) { var s = shards[word[0]]; return !!(s && s.delen.has(word)); }
    function synonymsOf(key) {
      var s = shards[key[0]];
      return s && Object.prototype.hasOwnProperty.call(s.thesaurus, key) ? s.thesaurus[key] : null;
    }

    function split(rest, first, memo) {  // remembers each tail: backtracking alone is exponential
      var key = (first ? "1" : "0") + rest;
      if (memo.has(key)) return memo.get(key);
      var result = null;
      if (!first && hasPart(rest)) {
        result = [rest];
      } else {
        outer: for (var end = rest.length - K.MIN_PART; end >= K.MIN_PART; end--) {
          var head = rest.slice(0, end);
          if (!hasPart(head)) continue;
          var tail = rest.slice(end), linkers = [""].concat(K.LINKERS);
          for (var l = 0; l < linkers.length; l++) {
            var linker = linkers[l];
            if (linker && tail.indexOf(linker) !== 0) continue;
            var found = tail.length - linker.length >= K.MIN_PART ? split(tail.slice(linker.length), false, memo) : null;
            if (found) { result = [head].concat(found); break outer; }
          }
        }
      }
      memo.set(key, result);
      return result;
    }
    function splitCompound(word) {
      if (word.length < K.MIN_COMPOUND || word.length > K.MAX_COMPOUND) return [];
      return knownSplit(word) || split(word, true, new Map()) || [];
    }
    // How the build split a word of the catalogue (static_index._initial_shards), from the word's
    // own shard; undefined for a word the catalogue does not have.
    function knownSplit(word) {
      var s = shards[word[0]];
      return s && s.splitsing && Object.prototype.hasOwnProperty.call(s.splitsing, word) ? s.splitsing[word] : undefined;
    }
    function isQuestion(query) {
      var first = fold(query).match(WORD);
      return !!(first && questionWords.has(first[0])) || /\?$/.test(query.replace(/\s+$/, ""));
    }

    function matchesQuery(word, terms, longTerms) {
      var folded = fold(word);
      if (stopwords.has(folded)) return false;
      return terms.has(stem(folded)) || longTerms.some(function (t) { return folded.indexOf(t) >= 0; });
    }

    function cleanQuery(query) {  // lengths in code points, as Python counts them
      query = Array.from(query || "").slice(0, K.MAX_QUERY_CHARS * 4).join("").replace(NOT_PRINTABLE, " ");
      return Array.from(query.split(/\s+/).filter(Boolean).join(" ")).slice(0, K.MAX_QUERY_CHARS).join("");
    }

    function shard(initial) {
      var safe = manifest.termen.namen[initial];
      var name = safe && "t-" + safe + "." + manifest.termen.hash + ".json";
      if (!name) return Promise.resolve(shards[initial] = shards[initial] || { termen: {}, delen: new Set(), thesaurus: {}, splitsing: {}, uit: {}, antwoord: new Set(), plaatsantwoord: new Set() });
      return load(name).then(function (content) {
        if (shards[initial]) return shards[initial];
        Object.keys(content.leen || {}).forEach(function (term) { borrowed[term] = content.leen[term]; });
        return (shards[initial] = { termen: content.termen, delen: new Set(content.delen), thesaurus: content.thesaurus, splitsing: content.splitsing || {}, uit: content.uit || {}, antwoord: new Set(content.antwoord || []), plaatsantwoord: new Set(content.plaatsantwoord || []) });
      });
    }
    // The shards a query's analysis reads synchronously: each word's own letter, and for a long
    // word the catalogue does not have (a word it has comes split in its own shard), the letters
    // where a later compound part can start. A part after the first follows a head of at least
    // MIN_PART and leaves room for itself (MIN_PART), so it starts at a position from MIN_PART to
    // length - MIN_PART (`split` above never asks for more).
    function preload(tokens) {
      return Promise.all(tokens.map(function (w) { return shard(w[0]); })).then(function () {
        var letters = new Set();
        tokens.forEach(function (w) {
          if (w.length >= K.MIN_COMPOUND && w.length <= K.MAX_COMPOUND && !knownSplit(w)) {
            for (var i = K.MIN_PART; i <= w.length - K.MIN_PART; i++) letters.add(w[i]);
          }
        });
        return Promise.all(Array.from(letters).map(shard));
      });
    }
    function lexiconEntry(term) {
      // A synonym's entry may have come with the shard of the word that named it (static_index.py,
      // _borrowed): the same entry as in its own shard, without waiting for that shard.
      if (!shards[term[0]] && Object.prototype.hasOwnProperty.call(borrowed, term)) return Promise.resolve(borrowed[term] || undefined);
      return shard(term[0]).then(function (s) {
        return Object.prototype.hasOwnProperty.call(s.termen, term) ? s.termen[term] : undefined;
      });
    }

    function prefixTerms(word) {
      return shard(word[0]).then(function (s) {
        var terms = s.termen;
        var found = Object.keys(terms).filter(function (t) { return t !== word && t.indexOf(word) === 0; });
        found.sort(function (a, b) { return (terms[b][0] - terms[a][0]) || cmp(a, b); });
        return found.slice(0, K.PREFIX_LIMIT);
      });
    }

    function fuzzyTerms(word) {
      if (word.length < 4) return Promise.resolve([]);
      var limit = word.length <= 5 ? 1 : 2;
      return shard(word[0]).then(function (s) {
        var terms = s.termen, scored = [];
        Object.keys(terms).forEach(function (term) {
          if (Math.abs(term.length - word.length) > limit) return;
          var distance = editDistance(word, term, limit);
          if (distance <= limit) scored.push([distance, -terms[term][0], term]);
        });
        scored.sort(function (a, b) { return (a[0] - b[0]) || (a[1] - b[1]) || cmp(a[2], b[2]); });
        return scored.slice(0, 2).map(function (s) { return s[2]; });
      });
    }

    function writtenForm(term, typed) {
      return lexiconEntry(term).then(function (entry) {
        var forms = entry && entry[2];
        if (!forms) return term;
        var best = null;
        forms.forEach(function (fc) {
          var key = [editDistance(typed, fc[0], 99), -fc[1], fc[0]];
          if (!best || key[0] < best[0] || (key[0] === best[0] && (key[1] < best[1] || (key[1] === best[1] && key[2] < best[2])))) best = key;
        });
        return best[2];
      });
    }

    // The query's groups, with the place it names (search.analyse_query and find_place).
    function analyseQuery(query, typing) {
      var all = queryWords(query).words;
      if (!typing) prefetchPostings(all);
      return preload(all).then(function () { return findPlace(all); }).then(function (found) {
        var tokens = found.rest.slice(0, K.MAX_QUERY_WORDS);
        return preload(tokens).then(function () { return analyseTokens(tokens, typing); }).then(function (groups) {
          groups.place = found.place;
          return groups;
        });
      });
    }

    function analyseTokens(tokens, typing) {
      var phrase = {};
      [3, 2].forEach(function (length) {
        for (var s = 0; s + length <= tokens.length; s++) {
          var p = tokens.slice(s, s + length).join(" ");
          if (synonymsOf(p)) phrase[s] = (phrase[s] || []).concat(synonymsOf(p));
        }
      });
      var groups = [];
      var chain = Promise.resolve();
      tokens.forEach(function (word, position) {
        chain = chain.then(function () {
          var alternatives = new Map();
          function add(term, weight) { if (weight > (alternatives.get(term) || 0)) alternatives.set(term, weight); }
          var own = stem(word);
          add(own, 1.0);
          var synonyms = (synonymsOf(word) || []).concat(phrase[position] || []);
          synonyms.forEach(function (synonym) {
            var ws = synonym.split(/\s+/).filter(Boolean);
            ws.forEach(function (w) { if (w.length >= K.MIN_SYNONYM_WORD) add(stem(w), K.WEIGHT_SYNONYM / ws.length); });
          });
          splitCompound(word).forEach(function (part) { add(stem(part), K.WEIGHT_PART); });
          var steps = Promise.resolve();
          if (typing && position === tokens.length - 1 && word.length >= K.MIN_PREFIX) {
            steps = prefixTerms(word).then(function (terms) { terms.forEach(function (t) { add(t, K.WEIGHT_PREFIX); }); });
          }
          expandedBy(word);
          var group = { word: word, alternatives: alternatives, correction: null };
          return steps.then(function () {
            return Promise.all(Array.from(alternatives.keys()).map(lexiconEntry));
          }).then(function (entries) {
            if (entries.some(Boolean)) return;
            return fuzzyTerms(own).then(function (terms) {
              terms.forEach(function (t) { add(t, K.WEIGHT_FUZZY); group.correction = group.correction || t; });
            });
          }).then(function () { groups.push(group); });
        });
      });
      return chain.then(function () { return groups; });
    }

    // While a query's term shards load, fetch the postings of its words' own stems (by the hash of
    // static_index.postings_bucket): for a word without synonyms, one round trip fewer before the
    // first results. A guess never changes a result; a wrong one (a word the index lacks) costs
    // one file.
    function prefetchPostings(words) {
      words.slice(0, K.MAX_QUERY_WORDS).forEach(function (word) {
        if (stopwords.has(word) || placeNames.has(word)) return;
        load(bucketFile(postingsBucket(stem(word), manifest.emmers))).catch(function () {});
      });
    }
    function bucketFile(bucket) { return "p-" + bucket + "." + manifest.postings + ".json"; }

    function postingsOf(term) {
      return lexiconEntry(term).then(function (entry) {
        if (!entry) return null;
        var fromBucket = function () { return load(bucketFile(entry[1])).then(function (bucket) { return bucket[term] || null; }); };
        var word = expansions.get(term);
        if (word === undefined) return fromBucket();
        return expansionOf(word).then(function (found) { return found.termen[term] || fromBucket(); });
      });
    }
    // The terms a word of the query expands to whose postings come in the word's u- file
    // (static_index._expansion_terms, listed in its shard as "uit"): term -> word. Any word's
    // file holds the same postings of a term as its p- bucket, so a term named by an earlier
    // query's word can come from that file, which is loaded already.
    var expansions = new Map();
    // A u- or k- file the service worker refuses (it has stored what they repeat: sw.js; the
    // loader marks the error `refused`) is not asked for again: a refusal costs a round trip
    // every search. Any other failure (offline, a file not kept) only falls back, this time.
    var refused = { u: false, k: false, a: false };
    function noteRefusal(family, error) { refused[family] = refused[family] || !!(error && error.refused); }
    // A word's part of its u- file ({termen, kaarten}); empty when it does not load or is refused.
    function expansionOf(word) {
      return memberOf("u", manifest.uitbreidingen, word, { termen: {}, kaarten: {} });
    }
    // A word's part of its file in a family named by the CRC-32 of the word (u-, a-), or `none`
    // when the file does not load or the family is refused.
    function memberOf(family, familyHash, word, none) {
      if (refused[family]) return Promise.resolve(none);
      return load(family + "-" + crc32(word).toString(16) + "." + familyHash + ".json").then(function (file) {
        return file[word] || none;
      }, function (error) { noteRefusal(family, error); return none; });
    }
    function hasExpansionFile(word) {
      var s = shards[word[0]];
      return !!(s && s.uit && Object.prototype.hasOwnProperty.call(s.uit, word));
    }
    // The cards an expansion file holds of its word's first page (the word searched on its own),
    // for the words of a result: document -> card. The file came with the word's postings.
    function expansionCards(result) {
      var words = ((result && result.words) || []).filter(hasExpansionFile);
      return Promise.all(words.map(function (word) {
        return expansionOf(word).then(function (found) { return found.kaarten; });
      })).then(function (found) { return Object.assign.apply(null, [{}].concat(found)); });
    }
    function expandedBy(word) {
      if (!hasExpansionFile(word)) return;
      expansionOf(word);  // fetched now, beside the postings, for its first page of cards (documents)
      if (expansions.size > 2000) expansions.clear();
      shards[word[0]].uit[word].forEach(function (term) { expansions.set(term, word); });
    }

    function passes(doc, name, values) {
      if (kind[doc] === "k") return false;
      var column = facets[name];
      if (name === "gemeente") {
        var where = column.geldt[doc];
        return values.some(function (v) {
          var i = meta.gemeenten.indexOf(v);
          return i >= 0 && (where[0] === -1 || where.indexOf(i) >= 0);
        });
      }
      var known = column.waarden, have = column.masks[doc];
      return values.some(function (v) { var i = known.indexOf(v); return i >= 0 && hasBit(have, i); });
    }

    function counts(name, column, candidates) {
      var counter = new Map();
      if (name === "gemeente") {
        var everywhere = 0;
        candidates.forEach(function (doc) {
          if (kind[doc] === "k") return;
          var where = column.geldt[doc];
          if (where[0] === -1) { everywhere++; return; }
          where.forEach(function (m) { counter.set(meta.gemeenten[m], (counter.get(meta.gemeenten[m]) || 0) + 1); });
        });
        if (everywhere) meta.gemeenten.forEach(function (m) { counter.set(m, (counter.get(m) || 0) + everywhere); });
      } else {
        candidates.forEach(function (doc) {
          if (kind[doc] === "k") return;
          column.values[doc].forEach(function (i) {
            var v = column.waarden[i];
            counter.set(v, (counter.get(v) || 0) + 1);
          });
        });
      }
      var sorted = Array.from(counter.entries()).filter(function (e) { return e[1] > 0; });
      sorted.sort(function (a, b) { return (b[1] - a[1]) || cmp(a[0], b[0]); });
      var out = {};
      sorted.forEach(function (e) { out[e[0]] = e[1]; });
      return out;
    }

    // The counts per value of the facets `names` (default: all) among a result's documents, as
    // search.py's facet_counts gives them; loads those facets' values first.
    function facetCounts(result, names) {
      names = names || K.FACETS;
      if (result.whole && names.length) return result.whole().then(function (r) { return facetCounts(r, names); });
      var candidates = result.candidates;
      return Promise.all(names.map(facet)).then(function (columns) {
        var out = {};
        names.forEach(function (name, i) { out[name] = counts(name, columns[i], candidates); });
        return out;
      });
    }

    // The facets with at least one count among the candidates, without loading their values.
    function facetsShown(candidates) {
      return K.FACETS.filter(function (name) {
        var has = present[name];
        for (var i = 0; i < candidates.length; i++) if (has[candidates[i]]) return true;
        return false;
      });
    }

    // search.py runs on Python's Unicode tables, which may be older than the browser's: a code
    // point Python does not know (category Cn there) is not printable for search.py, so it must
    // not be a letter here either. The build exports those code points as ranges; they are loaded
    // only for a query with a character beyond the Latin letters and their accents.
    var unknown = null;
    function withoutUnknown(query) {
      query = query || "";
      if (!/[^\u0000-\u036f]/.test(query)) return Promise.resolve(query);
      return load(manifest.unicode).then(function (table) {
        if (!unknown) {
          unknown = { starts: [], ends: [] };
          for (var i = 0, at = 0; i < table.onbekend.length; i += 2) {
            at += table.onbekend[i];
            unknown.starts.push(at);
            at += table.onbekend[i + 1];
            unknown.ends.push(at);
          }
        }
        return Array.from(query).map(function (ch) { return isUnknown(ch.codePointAt(0)) ? " " : ch; }).join("");
      });
    }
    function isUnknown(code) {
      var low = 0, high = unknown.starts.length - 1;
      while (low <= high) {  // the last range starting at or before code
        var middle = (low + high) >> 1;
        if (unknown.starts[middle] <= code) low = middle + 1; else high = middle - 1;
      }
      return high >= 0 && code < unknown.ends[high];
    }

    // chosen: the municipality a young person chose (an id), a place when the query names none.
    // wanted: how many hits the caller will show; when the build made the first page of this
    // one-word query and it holds that many, the result comes from it (answered) and the rest of
    // the index loads only when more is asked of it (facet counts).
    function search(rawQuery, filters, typing, chosen, wanted) {
      return start().then(function () { return withoutUnknown(rawQuery); }).then(function (known) {
        var query = cleanQuery(known);
        filters = filters || {};
        var active = K.FACETS.filter(function (n) { return filters[n] && filters[n].length; });
        var place = chosenPlace(chosen);
        function whole() { return fullSearch(query, filters, active, typing, place); }
        if (typing || active.length || !wanted) return whole();
        return answerOf(query, place).then(function (answer) {
          var complete = answer && (answer.treffers.length >= wanted || answer.treffers.length === answer.totaal);
          return complete ? answered(query, answer, whole) : whole();
        });
      });
    }
    function chosenPlace(chosen) {
      if (!chosen || !Object.prototype.hasOwnProperty.call(meta.gemeenteRegio, chosen)) return null;
      return { name: meta.labels.gemeente[chosen], id: chosen, region: meta.gemeenteRegio[chosen] };
    }

    function fullSearch(query, filters, active, typing, chosen) {
      var read = queryWords(query);
      if (read.age !== null) basisPart("leeftijd");  // fetched beside the term shards
      if (chosen || read.words.some(function (w) { return placeNames.has(w); })) basisPart("gebied");
      return Promise.all([analyseQuery(query, typing), Promise.all(active.map(facet))]).then(function (analysed) {
        var groups = analysed[0], terms = [];
        groups.place = groups.place || chosen;
        groups.forEach(function (g) { g.alternatives.forEach(function (w, t) { terms.push(t); }); });
        var columns = [read.age !== null ? basisPart("leeftijd") : null, groups.place ? basisPart("gebied") : null];
        return Promise.all([Promise.all(terms.map(postingsOf)), Promise.all(columns)]).then(function (loaded) {
          var postings = {};
          terms.forEach(function (t, i) { postings[t] = loaded[0][i]; });
          return rank(query, groups, postings, filters, active, groups.place);
        });
      });
    }

    // The first page the build made for the query (static_index._answers), or null: for one
    // word ("antwoord" in its shard), or for one word with a municipality of the catalogue,
    // named in the query or chosen ("plaatsantwoord": the broadest words), read as search.search
    // reads it (no age, no question, not asking for examples).
    function answerOf(query, chosen) {
      if (refused.a) return Promise.resolve(null);
      var word = fold(query), found = word.match(WORD);
      if (!chosen && found && found.length === 1 && found[0] === word) {
        return shard(word[0]).then(function (s) {
          return s.antwoord.has(word) ? memberOf("a", manifest.antwoorden, word, null) : null;
        });
      }
      var read = queryWords(query);
      if (read.age !== null || read.wantsExamples || isQuestion(query)) return Promise.resolve(null);
      var named = knownPlace(read.words);
      var place = named ? named.place : chosen, rest = named ? named.rest : read.words;
      if (!place || !place.id || rest.length !== 1) return Promise.resolve(null);
      return shard(rest[0][0]).then(function (s) {
        var key = rest[0] + "@" + place.id;
        return s.plaatsantwoord.has(rest[0]) ? memberOf("a", manifest.antwoorden, key, null) : null;
      });
    }
    // A result from a made first page: what the page shows at once, and `whole`, the same search
    // run on the index, for what the first page does not hold (facetCounts).
    function answered(query, answer, whole) {
      var full = null;
      return {
        query: query, total: answer.totaal, suggestion: answer.suggestie, shownFacets: answer.filters,
        place: answer.plaats, words: [], cards: answer.kaarten, terms: new Set(answer.termen),
        whole: function () {  // a failed search is not kept: the next facet opened tries again
          if (!full) { full = whole(); full.catch(function () { full = null; }); }
          return full;
        },
        top: function (k) { return answer.treffers.slice(0, k).map(function (d) { return { doc: d }; }); }
      };
    }

    function rank(query, groups, postings, filters, active, place) {
      var n = manifest.documenten, work = scratch(n), words = groups.length;
      var touched = accumulate(groups, postings, work);
      // few documents found: those, sorted; many: every document is read, in catalogue order
      var docs = words && touched * 16 < n ? work.touched.subarray(0, touched).sort() : null;
      var kept = words ? keptByWords(query, docs, work, words, filters, active, place) : keptWithoutWords(work, filters, active, place);
      var count = words ? cutOff(work, kept.count, words, kept.best) : kept.count;
      var candidates = work.found.slice(0, count), candidateScores = work.foundScores.slice(0, count);
      clear(work, touched);
      var corrected = groups.some(function (g) { return g.correction; });
      var suggestion = corrected ? Promise.all(groups.map(function (g) {
        return g.correction ? writtenForm(g.correction, g.word) : g.word;
      })).then(function (ws) { return ws.join(" "); }) : Promise.resolve(null);
      return suggestion.then(function (s) {
        return {
          query: query, total: candidates.length, suggestion: s, shownFacets: facetsShown(candidates),
          place: place ? { naam: place.name, bekend: place.id !== null } : null,
          candidates: candidates,  // every document found, in catalogue order
          postings: postings,  // term -> postings, to choose the card bundles (documents)
          words: groups.map(function (g) { return g.word; }),  // their expansion files hold cards too
          at: place && place.id ? place : null,  // a place of the catalogue: its card bundles
          top: function (k) {  // the first k hits in ranking order (without words: catalogue order)
            var best = words || place ? topHits(candidateScores, k) : Array.from({ length: Math.min(k, count) }, function (_, i) { return i; });
            return best.map(function (i) { return { doc: candidates[i], score: candidateScores[i] }; });
          },
          terms: new Set([].concat.apply([], groups.map(function (g) { return Array.from(g.alternatives.keys()); })))
        };
      });
    }

    // Adds each term's weighted postings to work.scores, and marks per document the groups that
    // found it (work.groupsOf, one bit per group) and those that found the word itself
    // (work.literalOf: weight 1.0). Returns how many documents were found: the first of
    // work.touched, in the order they were found.
    function accumulate(groups, postings, work) {
      var found = 0;
      groups.forEach(function (group, g) {
        group.alternatives.forEach(function (weight, term) {
          if (!postings[term]) return;
          var read = readPosting(postings[term]);
          found = addPosting(read.docs, read.weights, weight, 1 << g, work, found);
        });
      });
      return found;
    }
    // One term's postings, for the group whose bit is `bit`; returns the documents found so far.
    function addPosting(docs, ws, weight, bit, work, found) {
      var scores = work.scores, groupsOf = work.groupsOf, literalOf = work.literalOf, touched = work.touched;
      var literally = weight === 1.0;
      for (var i = 0; i < docs.length; i++) {
        var doc = docs[i], marks = groupsOf[doc];
        scores[doc] += ws[i] * weight;
        if (marks === 0) touched[found++] = doc;
        groupsOf[doc] = marks | bit;
        if (literally) literalOf[doc] |= bit;
      }
      return found;
    }
    // A posting as the ranking reads it, made once per loaded posting rather than once per
    // search: its documents (the deltas added up) and its weights as the ranking adds them
    // (w / 1000, search/index.py's step).
    function readPosting(posting) {
      if (posting.read) return posting.read;
      var deltas = posting[0], docs = new Int32Array(deltas.length), weights = new Float64Array(deltas.length);
      for (var i = 0, doc = 0; i < deltas.length; i++) {
        doc += deltas[i];
        docs[i] = doc;
        weights[i] = posting[1][i] / 1000;
      }
      return (posting.read = { docs: docs, weights: weights });
    }
    // The final score of each document the words found (docs, or null: read them off
    // work.groupsOf) in search/ranking.py's floating-point steps, and whether the filters keep
    // it: the kept ones go to work.found and work.foundScores, in catalogue order. A document
    // already below the cut-off of the best score so far (cutOff) is left out at once: the bar
    // only rises.
    function keptByWords(query, docs, work, words, filters, active, place) {
      var factors = staticFactors(isQuestion(query)), byArea = place ? placeFactors(place) : null;
      var read = queryWords(query), age = read.age, examples = read.wantsExamples;
      var scores = work.scores, groupsOf = work.groupsOf, literalOf = work.literalOf, shares = sharesOf(words);
      var found = work.found, foundScores = work.foundScores, every = (1 << words) - 1;
      var count = 0, best = 0, bar = 0, limit = docs ? docs.length : scores.length;
      for (var d = 0; d < limit; d++) {
        var doc = docs ? docs[d] : d, marks = groupsOf[doc];
        if (!marks) continue;
        var score = scores[doc] * factors[doc];
        if (examples && kind[doc] !== "k") {  // asked for examples: they count whole, the rest half
          score *= kind[doc] === "v" ? 1.0 / K.KIND_FACTOR : (kind[doc] === "n" ? 1.0 : K.KIND_FACTOR);
        }
        if (age !== null && ageRange[doc] && ((ageRange[doc][0] && ageRange[doc][0] > age) || (ageRange[doc][1] && ageRange[doc][1] < age))) {
          score *= K.AGE_MISMATCH_FACTOR;  // provision for other ages counts half
        }
        if (byArea) score *= byArea[areaRow[doc]];
        score *= shares[marks];
        if (active.length && !passesAll(doc, filters, active)) continue;
        if (score > best) { best = score; bar = K.RELATIVE_CUTOFF * best; }
        if (score >= bar || literalOf[doc] === every) { found[count] = doc; foundScores[count++] = score; }
      }
      return { count: count, best: best };
    }
    // Without words: with a place, the entries that apply there, local first; with only filters,
    // every entry they keep, in catalogue order (score 0). Into work.found as keptByWords.
    function keptWithoutWords(work, filters, active, place) {
      var byArea = place ? placeFactors(place) : null, found = work.found, foundScores = work.foundScores;
      var count = 0, n = found.length;
      if (!place && !active.length) return { count: 0, best: 0 };
      for (var doc = 0; doc < n; doc++) {
        var score = 0;
        if (place) {
          var factor = byArea[areaRow[doc]];
          if (kind[doc] === "k" || !(factor > K.PLACE_FACTORS.elders)) continue;
          score = factor * (ended[doc] ? K.ENDED_FACTOR : 1.0) * (kind[doc] === "v" || kind[doc] === "n" ? K.KIND_FACTOR : 1.0);
        }
        if (active.length && !passesAll(doc, filters, active)) continue;
        found[count] = doc; foundScores[count++] = score;
      }
      return { count: count, best: 0 };
    }
    function passesAll(doc, filters, active) {
      for (var f = 0; f < active.length; f++) if (!passes(doc, active[f], filters[active[f]])) return false;
      return true;
    }

    // The share of the query's groups (at least one) that found a document, by its groups' bits
    // (groupsOf): one division per share, not per document.
    var shareTables = {};
    function sharesOf(words) {
      if (shareTables[words]) return shareTables[words];
      var shares = shareTables[words] = new Float64Array(1 << words);
      for (var marks = 0; marks < shares.length; marks++) {
        for (var bits = marks, count = 0; bits; bits &= bits - 1) count++;
        shares[marks] = count / words;
      }
      return shares;
    }

    // The list ends where relevance ends (search.RELATIVE_CUTOFF), but a document with every
    // word itself stays: the first `count` of work.found are kept in place; returns how many.
    function cutOff(work, count, words, best) {
      var bar = K.RELATIVE_CUTOFF * best, kept = 0, found = work.found, scores = work.foundScores;
      var literalOf = work.literalOf, every = (1 << words) - 1;
      for (var i = 0; i < count; i++) {
        var doc = found[i];
        if (scores[i] >= bar || literalOf[doc] === every) { found[kept] = doc; scores[kept++] = scores[i]; }
      }
      return kept;
    }

    // The k best of the candidates, as their positions: the higher score (which holds the share
    // of groups matched), then catalogue order, which is the candidates' order (search.py's
    // lexsort). A heap of k instead of sorting everything: with 50,000 documents a common word
    // finds nearly all of them, and a page shows twenty.
    function topHits(scores, k) {
      function worse(a, b) { return (scores[a] - scores[b]) || (b - a); }  // < 0: a ranks below b
      var heap = [];  // the best k so far; the worst of them at the root
      function sink(i) {
        for (;;) {
          var left = 2 * i + 1, right = left + 1, low = i;
          if (left < heap.length && worse(heap[left], heap[low]) < 0) low = left;
          if (right < heap.length && worse(heap[right], heap[low]) < 0) low = right;
          if (low === i) return;
          var t = heap[i]; heap[i] = heap[low]; heap[low] = t; i = low;
        }
      }
      for (var c = 0; c < scores.length; c++) {
        if (heap.length < k) {
          heap.push(c);
          for (var i = heap.length - 1; i > 0;) {  // sift up
            var parent = (i - 1) >> 1;
            if (worse(heap[i], heap[parent]) >= 0) break;
            var t = heap[i]; heap[i] = heap[parent]; heap[parent] = t; i = parent;
          }
        } else if (k > 0) {  // worse(c, heap[0]) > 0, written out: this runs for every candidate
          var score = scores[c], root = scores[heap[0]];
          if (score > root || (score === root && c < heap[0])) { heap[0] = c; sink(0); }
        }
      }
      return heap.sort(function (a, b) { return worse(b, a); });
    }

    // The cards of docs, in their order. With the result they were found in, the cards come from
    // the k- bundles (bundles.py) of its terms, and of its place, that hold two or more of them,
    // the rest one d- file each; a card a bundle lacks, or a bundle that does not load, falls back to its
    // d- file, so the choice of files never changes what is shown. A made first page (answered)
    // and a word's expansion file hold the cards of their first page.
    function documents(docs, result) {
      var first = result && result.cards ? Promise.resolve(result.cards) : expansionCards(result);
      return first.then(function (held) {
        if (cards.size > 500) cards.clear();
        docs.forEach(function (d) { if (!cards.has(d) && held[d]) cards.set(d, Promise.resolve(held[d])); });
        var wanted = docs.filter(function (d) { return !cards.has(d); });  // a card asked for before is kept
        chooseBundles(wanted, result).forEach(function (choice) {
          var bundle = load("k-" + crc32(choice.term).toString(16) + "." + manifest.kaarten.hash + ".json")
            .then(function (file) { return file[choice.term] || {}; }, function (error) { noteRefusal("k", error); return {}; });
          choice.docs.forEach(function (d) {
            cards.set(d, bundle.then(function (found) { return found[d] || card(d); }));
          });
        });
        return Promise.all(docs.map(function (d) { return cards.get(d) || card(d); }));
      });
    }
    var cards = new Map();  // document -> its card (a promise), from a bundle or its own file
    function card(doc) {
      var loading = load("d-" + doc + "." + manifest.docs + ".json");
      cards.set(doc, loading);
      loading.catch(function () { cards.delete(doc); });
      return loading;
    }

    // Greedily, the bundle with the most of the wanted documents not yet covered, while one
    // holds at least two (a bundle for one card costs more than its d- file). A query with a
    // place of the catalogue may also use the bundles made for places (bundles.py).
    function chooseBundles(docs, result) {
      if (!result || !result.postings || !manifest.kaarten || refused.k) return [];
      var wanted = new Set(docs), options = [], chosen = [];
      Object.keys(result.postings).sort().forEach(function (term) {
        var posting = result.postings[term];
        if (!posting || posting[0].length < 2) return;
        options.push({ term: term, docs: bundleOf(term, posting) });
        if (result.at) options.push.apply(options, placeBundles(term, posting, result.at));
      });
      if (result.at && !result.words.length) options.push.apply(options, placePage(result.at));
      for (;;) {
        var best = null, most = 1;
        options.forEach(function (option) {
          var covers = option.docs.filter(function (d) { return wanted.has(d); }).length;
          if (covers > most) { best = option; most = covers; }
        });
        if (!best) return chosen;
        var covered = best.docs.filter(function (d) { return wanted.has(d); });
        covered.forEach(function (d) { wanted.delete(d); });
        chosen.push({ term: best.term, docs: covered });
      }
    }

    // The documents of a term's bundle (bundles.bundle_docs): the highest by weight times the
    // static factor, the lower number first among equals.
    var bundles = new Map();
    function bundleOf(term, posting) {
      if (bundles.has(term)) return bundles.get(term);
      var docs = bestOf(posting, null);
      if (bundles.size > 200) bundles.clear();
      bundles.set(term, docs);
      return docs;
    }
    // The BUNDLE_CARDS best documents of a posting by weight times static factor, times the
    // place factor (byArea: per area row) when given; bundles.bundle_docs in the same steps.
    function bestOf(posting, byArea) {
      var deltas = posting[0], ws = posting[1], size = manifest.kaarten.aantal, best = [], doc = 0;
      function before(a, b) { return a[0] > b[0] || (a[0] === b[0] && a[1] < b[1]); }
      for (var i = 0; i < deltas.length; i++) {
        doc += deltas[i];
        var key = ws[i] * staticFactor(doc);
        if (byArea) key = key * byArea[areaRow[doc]];
        // documents come in ascending order, so one that only equals the last kept stays out
        if (best.length === size && key <= best[size - 1][0]) continue;
        var item = [key, doc];
        var at = Math.min(best.length, size - 1);
        while (at > 0 && before(item, best[at - 1])) at--;
        best.splice(at, 0, item);
        if (best.length > size) best.pop();
      }
      return best.map(function (item) { return item[1]; });
    }
    // The bundles bundles.PlaceBundles made for a term and a place of the catalogue: <term>@
    // (the best where nothing is local) and <term>@<place> (the local ones among the place's
    // best), each only when it holds two or more documents the term's own bundle does not.
    var SOMEWHERE = { id: "*", region: null };  // bundles.SOMEWHERE
    function placeBundles(term, posting, place) {
      var key = term + "@" + place.id, localMinDf = manifest.kaarten.plaats_df, found = [];
      if (localMinDf === undefined || !place.id || posting[0].length <= manifest.kaarten.aantal) return found;
      if (bundles.has(key)) return bundles.get(key);
      var own = new Set(bundleOf(term, posting)), elsewhere = placeFactors(SOMEWHERE);
      function add(name, docs) {
        var news = docs.filter(function (d) { return !own.has(d); }).length;
        if (news >= 2) found.push({ term: name, docs: docs });
      }
      add(term + "@", bestOf(posting, elsewhere));
      if (localMinDf !== null && posting[0].length >= localMinDf) {
        var here = placeFactors(place);
        var local = bestOf(posting, here).filter(function (d) { return here[areaRow[d]] !== elsewhere[areaRow[d]]; });
        add(key, local);
      }
      bundles.set(key, found);
      return found;
    }
    // @<place>: the first page of a place named without words, the entries that apply there.
    function placePage(place) {
      var key = "@" + place.id;
      if (manifest.kaarten.plaats_df === undefined || !place.id) return [];
      if (bundles.has(key)) return bundles.get(key);
      var here = placeFactors(place), deltas = [], ones = [], last = 0;
      for (var doc = 0; doc < manifest.documenten; doc++) {
        if (kind[doc] === "k" || !(here[areaRow[doc]] > K.PLACE_FACTORS.elders)) continue;
        deltas.push(doc - last); ones.push(1); last = doc;
      }
      var docs = bestOf([deltas, ones], here), found = docs.length >= 2 ? [{ term: key, docs: docs }] : [];
      bundles.set(key, found);
      return found;
    }
    // Arrays rank uses only while it runs, made once: a search allocates little, so the
    // browser's garbage collector seldom interrupts one. rank sets them back to zero where it
    // wrote (clear); a search that stopped halfway leaves them dirty, and the next one starts
    // afresh. groupsOf and literalOf hold a bit per group of words (MAX_QUERY_WORDS <= 16).
    var work = null;
    function scratch(n) {
      if (!work || work.dirty || work.scores.length !== n) {
        work = {
          scores: new Float64Array(n), groupsOf: new Uint16Array(n), literalOf: new Uint16Array(n),
          touched: new Int32Array(n), found: new Int32Array(n), foundScores: new Float64Array(n)
        };
      }
      work.dirty = true;
      return work;
    }
    function clear(work, found) {
      if (found * 4 < work.scores.length) {
        for (var i = 0; i < found; i++) {
          var doc = work.touched[i];
          work.scores[doc] = 0; work.groupsOf[doc] = 0; work.literalOf[doc] = 0;
        }
      } else {
        work.scores.fill(0); work.groupsOf.fill(0); work.literalOf.fill(0);
      }
      work.dirty = false;
    }

    function staticFactor(doc) { return staticFactors(false)[doc]; }

    // Per document, the ranking's factors that do not depend on the words: ended, article (for
    // a question or not) and kind; search/index.py's columns["factor"] and ["factor_question"],
    // in the same floating-point steps. Made once per engine.
    var factorColumns = {};
    function staticFactors(question) {
      var key = question ? "vraag" : "gewoon";
      if (factorColumns[key]) return factorColumns[key];
      var articleFactor = question ? K.ARTICLE_FACTOR_QUESTION : K.ARTICLE_FACTOR;
      var column = factorColumns[key] = new Float64Array(manifest.documenten);
      for (var doc = 0; doc < column.length; doc++) {
        column[doc] = (ended[doc] ? K.ENDED_FACTOR : 1.0) * (kind[doc] === "k" ? articleFactor : 1.0) * (kind[doc] === "v" || kind[doc] === "n" ? K.KIND_FACTOR : 1.0);
      }
      return column;
    }

    function snippet(text, terms) {
      var matches = [], m, longTerms = Array.from(terms).filter(function (t) { return t.length >= K.MIN_PART; });
      WORD.lastIndex = 0;
      while ((m = WORD.exec(text))) {
        if (matchesQuery(m[0], terms, longTerms)) matches.push([m.index, m.index + m[0].length, m[0]]);
      }
      if (!matches.length) return "";
      var start = Math.max(0, matches[0][0] - 40);
      start = start ? text.lastIndexOf(" ", start - 1) + 1 : 0;
      var end = Math.min(text.length, start + K.SNIPPET_CHARS), out = [], position = start;
      matches.forEach(function (match) {
        if (match[0] < start || match[1] > end) return;
        out.push(escapeHtml(text.slice(position, match[0])));
        out.push("<mark>" + escapeHtml(match[2]) + "</mark>");
        position = match[1];
      });
      out.push(escapeHtml(text.slice(position, end)));
      return (start ? "…" : "") + out.join("").trim() + (end < text.length ? "…" : "");
    }

    // The documents zoeken.js expects in the bundle of a key (bundles.py), or null: for the tests.
    function bundleDocs(key) {
      var parts = key.split("@"), term = parts[0];
      return start().then(function () {
        return Promise.all([term && postingsOf(term), basisPart("gebied")]);
      }).then(function (loaded) {
        var posting = loaded[0], options = [];
        // <term>@ is the same for every place of the catalogue: any one will do
        var place = chosenPlace(parts[1] || Object.keys(meta.gemeenteRegio)[0]);
        if (!term) options = placePage(place);
        else if (posting && parts.length < 2) options = [{ term: term, docs: bundleOf(term, posting) }];
        else if (posting) options = placeBundles(term, posting, place);
        var found = options.filter(function (o) { return o.term === key; })[0];
        return found ? found.docs : null;
      });
    }

    return { search: search, facetCounts: facetCounts, documents: documents, cardBundles: chooseBundles, snippet: snippet, start: start,
             bundleDocs: bundleDocs,
             labels: function () { return meta.labels; }, headings: function () { return meta.koppen; }, analyse: function (q, t) { return start().then(function () { return withoutUnknown(q); }).then(function (known) { return analyseQuery(cleanQuery(known), t); }); } };
  }

  return { createSearch: createSearch, fold: fold, stem: stem, editDistance: editDistance, escapeHtml: escapeHtml, postingsBucket: postingsBucket };
});
