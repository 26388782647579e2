"""The static search gives what the live search gives: same stems, same results, same facets."""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import PROJECT

from directory import search
from directory.static_index import postings_bucket

NODE = shutil.which("node")
DUTCH_WORDS = Path("/usr/share/dict/dutch")
VENDORED = PROJECT / "directory" / "static" / "vendor" / "snowball-dutch.js"
PACKAGE = PROJECT / "node_modules" / "snowball-stemmers" / "snowball-stemmers.js"
QUALITY = yaml.safe_load(
    (PROJECT / "benchmarks" / "search_queries.yaml").read_text(encoding="utf-8")
)


def require_node():
    if not NODE:
        pytest.skip("Node.js is not installed; the static search tests run its script in Node")


@pytest.fixture(scope="module", autouse=True)
def node_is_there():
    require_node()


def node_stems(words: list[str]) -> list[str]:
    result = subprocess.run(
        [NODE, str(PROJECT / "tests" / "stem_node.js")],
        input="\n".join(words),
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.split("\n")


def run_static(site: Path, queries: list[dict], *, bundles: bool = True) -> list[dict]:
    lines = "\n".join(json.dumps(q) for q in queries)
    result = subprocess.run(
        [NODE, str(PROJECT / "tests" / "static_search_node.js"), str(site)],
        input=lines,
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
        env={**os.environ, "ZONDER_BUNDELS": "" if bundles else "1"},
    )
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_vendored_stemmer_is_the_published_one():
    if not PACKAGE.exists():
        pytest.skip("node_modules/snowball-stemmers is not installed (npm ci)")
    package = PACKAGE.read_text(encoding="utf-8").split("\n")
    vendored = VENDORED.read_text(encoding="utf-8")
    start = next(
        i for i, line in enumerate(package) if line.startswith("    var dutchStemmer = function")
    )
    end = next(
        i for i, line in enumerate(package) if line.startswith("    var englishStemmer = function")
    )
    assert "\n".join(package[start:end]) in vendored
    runtime_end = next(
        i for i, line in enumerate(package) if line.startswith("    var arabicStemmer = function")
    )
    for line in package[30:runtime_end]:
        assert line in vendored


def test_both_stemmers_agree_on_the_catalogue_vocabulary_and_a_dutch_word_list(real_index):
    require_node()
    words: set[str] = set()
    for forms in real_index.surface_forms.values():
        words.update(form for form, _ in forms)
    words.update(real_index.parts)
    if DUTCH_WORDS.exists():
        words.update(
            search.fold(w)
            for w in DUTCH_WORDS.read_text(encoding="utf-8", errors="ignore").split()
            if w.isalpha()
        )
    else:
        pytest.skip(f"{DUTCH_WORDS} is missing: `apt-get install wdutch` adds the Dutch word list")
    words = sorted(w for w in words if w)
    theirs = node_stems(words)
    differ = [
        (w, search.stem(w), s) for w, s in zip(words, theirs, strict=False) if search.stem(w) != s
    ]
    assert len(words) > 100_000
    assert not differ, f"{len(differ)} of {len(words)} words stem differently, e.g. {differ[:20]}"


def node_eval(script: str, stdin: str = "") -> str:
    """Run ``script`` in Node with ``engine`` bound to directory/static/zoeken.js."""
    engine = json.dumps(str(PROJECT / "directory" / "static" / "zoeken.js"))
    result = subprocess.run(
        [NODE, "-e", f"const engine = require({engine});\n{script}"],
        input=stdin,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return result.stdout


def test_both_searches_put_a_term_in_the_same_postings_bucket(real_index):
    """zoeken.js guesses a word's postings file from the word alone (static_index.py,
    postings_bucket); a different hash would fetch the wrong file every time."""
    terms = sorted(real_index.lexicon) + ["één", "zoë", "café", "ﬁets", "日本", "🙂"]
    script = r"""
      const terms = require("fs").readFileSync(0, "utf8").split("\n");
      const counts = [1, 7, 169, 1000];
      const buckets = terms.map((t) => counts.map((c) => engine.postingsBucket(t, c)));
      process.stdout.write(JSON.stringify(buckets));
    """
    theirs = json.loads(node_eval(script, "\n".join(terms)))
    ours = [[postings_bucket(t, c) for c in (1, 7, 169, 1000)] for t in terms]
    assert theirs == ours


def test_a_result_is_kept_whole_while_later_searches_run(site):
    """The ranking works in arrays made once and reused by every search; a result the page
    holds (for "more hits" and the facet counts) must not change when later searches, of
    many documents or of few, run in between. Checked against a new engine's result."""
    script = r"""
      const fs = require("fs"), path = require("path"), folder = fs.readFileSync(0, "utf8");
      const manifest = fs.readdirSync(folder).find((n) => n.startsWith("manifest."));
      const read = (n) => Promise.resolve(JSON.parse(fs.readFileSync(path.join(folder, n))));
      const seen = async (s, r) =>
        [r.total, r.top(40).map((h) => [h.doc, h.score]), await s.facetCounts(r)];
      (async () => {
        const s = engine.createSearch(read, manifest), out = [];
        for (const q of ["werk", "jobcoach nazorg", "lelystad"]) {
          const held = await s.search(q, {}, false);
          const before = await seen(s, held);
          for (const other of ["jongeren school werk", "rmc", "vsv urk", "", "stage"]) {
            await s.search(other, {}, false);
          }
          const fresh = engine.createSearch(read, manifest);
          const again = await fresh.search(q, {}, false);
          out.push([before, await seen(s, held), await seen(fresh, again)]);
        }
        process.stdout.write(JSON.stringify(out));
      })();
    """
    for before, after, fresh in json.loads(node_eval(script, str(site / "zoekindex"))):
        assert before[0] > 0 and before == after == fresh


def test_the_browser_marks_every_query_word_in_one_bit():
    """zoeken.js marks the groups of words that found a document as bits of a 16-bit number
    (rank's groupsOf): a query may not have more words than that holds."""
    from directory.search.rules import MAX_QUERY_WORDS

    assert MAX_QUERY_WORDS <= 16


def test_a_query_fetches_its_postings_beside_its_term_shards(site):
    """The postings of the typed words' stems are asked for before their term shards have
    arrived: one round trip fewer before the first results."""
    folder = site / "zoekindex"
    manifest_name = next(p.name for p in folder.iterdir() if p.name.startswith("manifest."))
    script = r"""
      const fs = require("fs"), path = require("path");
      const [folder, manifest, query] = JSON.parse(fs.readFileSync(0, "utf8"));
      const events = [];
      const loader = (name) => {
        events.push("vraag " + name);
        return new Promise((resolve) => setTimeout(() => {
          events.push("binnen " + name);
          resolve(JSON.parse(fs.readFileSync(path.join(folder, name), "utf8")));
        }, 5));
      };
      engine.createSearch(loader, manifest).search(query, {}, false).then(() => {
        process.stdout.write(JSON.stringify(events));
      });
    """
    manifest = json.loads((folder / manifest_name).read_text(encoding="utf-8"))
    for query, stems in (("jobcoach", ["jobcoach"]), ("werk urk", ["werk"])):
        events = json.loads(node_eval(script, json.dumps([str(folder), manifest_name, query])))
        shard_arrives = next(i for i, e in enumerate(events) if e.startswith("binnen t-"))
        asked_early = {e.split()[1] for e in events[:shard_arrives] if e.startswith("vraag p-")}
        wanted = {postings_bucket(s, manifest["emmers"]) for s in stems}
        assert {f"p-{b}.{manifest['postings']}.json" for b in wanted} == asked_early, query


def generated_queries(index, count: int, seed: int = 7) -> list[dict]:
    """Queries as people type them: words from names, pairs, typos, prefixes, filters."""
    rng = random.Random(seed)
    names = [r["naam"] for r in index.records]
    vocabulary = sorted({w for n in names for w in search.words(n) if len(w) > 3})
    municipalities = ["lelystad", "dronten", "urk", "noordoostpolder", "hilversum"]
    queries = []
    while len(queries) < count:
        kind = len(queries) % 6
        word = rng.choice(vocabulary)
        if kind == 0:
            queries.append({"q": word})
        elif kind == 1:
            queries.append({"q": f"{word} {rng.choice(vocabulary)}"})
        elif kind == 2 and len(word) > 5:
            i = rng.randrange(1, len(word) - 2)
            # swapped letters
            queries.append({"q": word[:i] + word[i + 1] + word[i] + word[i + 2 :]})
        elif kind == 3:
            queries.append({"q": word[: rng.randint(3, len(word))], "typing": True})
        elif kind == 4:
            queries.append({"q": word, "filters": {"gemeente": [rng.choice(municipalities)]}})
        else:
            queries.append({"q": rng.choice(names)})
    return queries


def test_static_and_live_search_agree(site, real_index, capsys):
    queries = [{"q": q["query"]} for q in QUALITY] + generated_queries(real_index, 220)
    static = run_static(site, queries)
    disagreements = []
    for query, theirs in zip(queries, static, strict=False):
        ours = search.search(
            real_index,
            query["q"],
            query.get("filters"),
            typing=query.get("typing", False),
            limit=10,
            snippets=False,
        )
        mine = [h.slug for h in ours.hits]
        if mine != theirs["slugs"]:
            disagreements.append((query, mine, theirs["slugs"]))
    with capsys.disabled():
        print(
            f"\nstatic vs live: {len(queries) - len(disagreements)} of {len(queries)} "
            "queries agree on the top 10"
        )
        for query, mine, theirs in disagreements:
            print(f"  {query}: live {mine[:5]} / static {theirs[:5]}")
    assert len(queries) >= 200
    assert len(disagreements) <= 0.05 * len(queries)


def test_static_totals_facets_and_suggestions_match(site, real_index):
    queries = [
        {"q": "jobcoatch"},
        {"q": "vsv lelystad"},
        {"q": "", "filters": {"gemeente": ["urk"]}},
        {"q": "werk", "filters": {"categorie": ["rmc", "uwv"], "fase": ["na-school"]}},
        {"q": "wat is een startkwalificatie"},
        {"q": "leerwerkl", "typing": True},
    ]
    for query, theirs in zip(queries, run_static(site, queries), strict=False):
        ours = search.search(
            real_index,
            query["q"],
            query.get("filters"),
            typing=query.get("typing", False),
            limit=10,
        )
        assert theirs["total"] == ours.total, query
        assert theirs["suggestion"] == ours.suggestion, query
        assert theirs["facets"] == ours.facets, query
        assert theirs["shownFacets"] == [name for name, counts in ours.facets.items() if counts], (
            query
        )
        assert theirs["snippets"] == [h.snippet for h in ours.hits], query


QUERY_RULE_CASES = [  # one query per rule of data/zoekregels.yaml and the cut-off
    "ik zoek werk zonder diploma",
    "geen werk geen school geen uitkering",
    "ik ben 19 en zoek werk",
    "hoe kan ik nu werk vinden",
    "ik weet het niet",
    "jobcoach",
    "vmbo-k",
    "ik ben 17 en heb geen geld",
    "wat moet ik doen als ik geen huis heb",
    "zonder papieren",
    "¹⁹ jaar",
    "19 jaar oud",
    "rmc dronten",
    "urk",
    "werkloos 19 jaar almere",
    "ik zoek werk in zwolle",
    "stage zoeken in amersfoort",
    "jongerenloket gooise meren",
    "hulp bij geld in sudwest-fryslan",
    "noordoostpolder",
    "voorbeelden matchen jongeren werkgevers",
    "ik woon in swifterbant en zoek werk",
    "stage emmeloord",
]


def test_the_query_rules_agree_in_both_searches(site, real_index):
    """Needs, ages, words without a topic and the cut-off: the same totals and top 10 in the
    browser as in Python, so each rule has one definition and its twin holds."""
    queries = [{"q": q} for q in QUERY_RULE_CASES]
    for query, theirs in zip(queries, run_static(site, queries), strict=False):
        ours = search.search(real_index, query["q"], limit=10, snippets=False)
        assert (theirs["total"], theirs["slugs"]) == (ours.total, [h.slug for h in ours.hits]), (
            query
        )
        assert theirs["place"] == ours.as_json()["plaats"], query


def test_the_chosen_municipality_is_a_place_in_both_searches(site, real_index):
    queries = [
        {"q": q, "plaats": place}
        for q, place in (
            ("werk", "urk"),
            ("ik heb geen geld", "dronten"),
            ("rmc", "almere"),
            ("werk in lelystad", "urk"),
            ("stage", "nergens"),
        )
    ]
    for query, theirs in zip(queries, run_static(site, queries), strict=False):
        ours = search.search(
            real_index, query["q"], limit=10, snippets=False, chosen=query["plaats"]
        )
        assert (theirs["total"], theirs["slugs"], theirs["place"]) == (
            ours.total,
            [h.slug for h in ours.hits],
            ours.as_json()["plaats"],
        ), query


def test_a_fresh_page_loads_every_shard_a_compound_needs(site, real_index):
    """Each compound word of the catalogue as the first query of a fresh page: the shards it
    preloads must hold every part it splits into (an engine that had answered other queries
    before might have them by chance)."""
    compounds = sorted(
        {
            w
            for r in real_index.records
            for w in search.words(r["beschrijving"])
            if search.split_compound(w, real_index.parts)
        }
    )
    queries = [{"q": word, "fresh": True} for word in compounds[:: max(1, len(compounds) // 150)]]
    assert len(queries) >= 100
    for query, theirs in zip(queries, run_static(site, queries), strict=False):
        ours = search.search(real_index, query["q"], limit=10, snippets=False)
        assert (theirs["total"], theirs["slugs"]) == (ours.total, [h.slug for h in ours.hits]), (
            query
        )


def test_static_quality_equals_live(site, real_index):
    static = run_static(site, [{"q": q["query"]} for q in QUALITY])
    live_hits = sum(
        bool(
            set(h.slug for h in search.search(real_index, q["query"], limit=5, snippets=False).hits)
            & set(q["relevant"])
        )
        for q in QUALITY
    )
    static_hits = sum(
        bool(set(r["slugs"][:5]) & set(q["relevant"]))
        for q, r in zip(QUALITY, static, strict=False)
    )
    assert static_hits == live_hits


def test_index_files_are_named_by_content(site):
    """A single file by its own hash; a family of small files (t-, p-, d-, f-, k-, u-) by the hash
    of all of them."""
    import hashlib

    families: dict[tuple[str, str], dict[str, bytes]] = {}
    for path in (site / "zoekindex").iterdir():
        stem, digest, _ = path.name.rsplit(".", 2)
        if "-" in stem:
            prefix, key = stem.split("-", 1)
            families.setdefault((prefix, digest), {})[key] = path.read_bytes()
        else:
            assert hashlib.sha256(path.read_bytes()).hexdigest()[:10] == digest, path.name
    assert {prefix for prefix, _ in families} == {"t", "p", "d", "f", "k", "u"}
    for (prefix, digest), members in families.items():
        combined = hashlib.sha256()
        for key in sorted(members):
            combined.update(key.encode() + b"\0" + members[key])
        assert combined.hexdigest()[:10] == digest, prefix


def test_a_synonyms_lexicon_entry_comes_with_the_shard_that_names_it(real_index):
    """So a query needs one round of term shards, not a second for its synonyms' letters."""
    from directory.static_index import StaticIndex

    exported = StaticIndex(real_index)
    manifest = json.loads(exported.files[exported.manifest_name])
    names = manifest["termen"]["namen"]

    def shard(initial):
        return json.loads(exported.files[f"t-{names[initial]}.{manifest['termen']['hash']}.json"])

    checked = 0
    for key, synonyms in real_index.thesaurus.items():
        if not key:
            continue
        own = shard(key[0])
        for synonym in synonyms:
            for word in synonym.split():
                term = search.stem(word)
                if len(word) < search.MIN_SYNONYM_WORD:
                    continue
                carried = own["termen"] if term[0] == key[0] else own["leen"]
                if term in real_index.lexicon:
                    assert carried[term][:2] == shard(term[0])["termen"][term][:2], (key, term)
                elif term[0] != key[0]:  # known to be absent: no need to look in its own shard
                    assert carried[term] is None and term not in shard(term[0])["termen"], (
                        key,
                        term,
                    )
                checked += 1
    assert checked > 100


def _index_file(site: Path, prefix: str) -> dict[str, Path]:
    return {
        p.name.split(".")[0][len(prefix) :]: p for p in (site / "zoekindex").glob(prefix + "*.json")
    }


def test_card_bundles_hold_the_best_cards_of_each_term(site, real_index):
    """Every term in two or more documents has a k- bundle with the cards of bundle_docs, each the
    same as the document's own d- file."""
    import zlib

    import numpy as np

    from directory.bundles import BUNDLE_CARDS, PlaceBundles, bundle_docs, exported_weights

    bundles, cards = _index_file(site, "k-"), _index_file(site, "d-")
    factor = real_index.columns["factor"]
    checked = 0
    for term, (docnums, weights) in real_index.arrays.items():
        key = format(zlib.crc32(term.encode("utf-8")), "x")
        if len(docnums) < 2:
            continue
        held = json.loads(bundles[key].read_text(encoding="utf-8"))[term]
        expected = bundle_docs(docnums, exported_weights(weights), factor)
        assert sorted(map(int, held)) == sorted(expected.tolist()), term
        assert len(held) == min(len(docnums), BUNDLE_CARDS)
        scores = exported_weights(weights) * factor[docnums]
        if len(docnums) > BUNDLE_CARDS:  # nothing left out scores higher than what is held
            left_out = ~np.isin(docnums, expected)
            assert scores[left_out].max() <= scores[np.isin(docnums, expected)].min(), term
        for doc, card in held.items():
            assert card == json.loads(cards[doc].read_text(encoding="utf-8")), (term, doc)
        checked += 1
    assert checked > 100
    places = 0
    for key, docs in PlaceBundles(real_index).members.items():  # the bundles for places too
        path = bundles[format(zlib.crc32(key.encode("utf-8")), "x")]
        held = json.loads(path.read_text(encoding="utf-8"))[key]
        assert sorted(map(int, held)) == sorted(docs.tolist()), key
        for doc, card in held.items():
            assert card == json.loads(cards[doc].read_text(encoding="utf-8")), (key, doc)
        places += 1
    assert places > 100


def _bundle_keys(site: Path) -> dict[str, list[int]]:
    """Every k- bundle's key and documents, each in the file the CRC-32 of its key names."""
    import zlib

    held = {}
    for key, path in _index_file(site, "k-").items():
        for name, cards in json.loads(path.read_text(encoding="utf-8")).items():
            assert format(zlib.crc32(name.encode("utf-8")), "x") == key
            held[name] = sorted(map(int, cards))
    return held


@pytest.mark.parametrize("exported", ["site", "answering_site"])
def test_the_browser_expects_in_each_bundle_what_the_build_put_there(exported, request):
    """zoeken.js bundleOf, placeBundles and placePage, from the postings they load, against
    the k- files, for every bundle: a term's, a term's with a place, a place's. The second site
    has its place column in a file of its own and bundles for places of the broadest terms only."""
    site = request.getfixturevalue(exported)
    held = _bundle_keys(site)
    [expected] = run_static(site, [{"bundels": list(held)}])
    assert len(held) > 100
    assert any(key.startswith("@") for key in held)
    assert any(key.endswith("@") for key in held)
    assert any("@" in key.strip("@") for key in held)
    for key, docs in held.items():
        assert sorted(expected[key] or []) == docs, key


@pytest.mark.parametrize("exported", ["site", "answering_site"])
def test_the_browser_expects_a_bundle_for_a_place_only_where_the_build_wrote_one(
    exported, request, real_index
):
    """Every bundle for a place zoeken.js could ask for (each term in more than a page of
    documents, with and without each place of the catalogue, and each place alone) is written,
    and none it would not ask for: it never fetches a file that is not there."""
    from directory.bundles import BUNDLE_CARDS

    site = request.getfixturevalue(exported)
    places = sorted(real_index.catalogue.vocabularies["gemeenten"].terms)
    broad = [t for t, (docnums, _) in real_index.arrays.items() if len(docnums) > BUNDLE_CARDS]
    keys = [f"@{p}" for p in places] + [f"{t}@{p}" for t in broad for p in ["", *places]]
    [expected] = run_static(site, [{"bundels": keys}])
    asked = {key for key, docs in expected.items() if docs}
    written = {key for key in _bundle_keys(site) if "@" in key}
    assert asked == written
    assert len(written) > 100


def test_a_bundle_keeps_the_lower_document_number_among_equals():
    import numpy as np

    from directory.bundles import BUNDLE_CARDS, bundle_docs

    docnums = np.arange(3, 3 + BUNDLE_CARDS + 5)
    weights = np.full(len(docnums), 500)
    weights[-1] = 501  # the last one scores higher: in
    factor = np.ones(docnums.max() + 1)
    factor[4] = 0.5  # one lower: out
    kept = sorted(bundle_docs(docnums, weights, factor).tolist())
    assert kept == [3, *range(5, 3 + BUNDLE_CARDS), docnums[-1]]


def _files_per_page(site: Path, queries: list[dict]) -> tuple[list[int], list[dict]]:
    """Per query, the files its first page's cards come in (bundles chosen, and a d- file for
    each card no bundle covers); every bundle chosen holds the cards it was chosen for."""
    results = run_static(site, queries)
    held = _bundle_keys(site)
    files = []
    for query, result in zip(queries, results, strict=True):
        covered = set()
        for choice in result["bundles"]:
            assert choice["term"] in held, (query, choice)  # never a bundle that was not written
            assert set(choice["docs"]) <= set(held[choice["term"]]), (query, choice)
            assert len(choice["docs"]) >= 2
            covered.update(choice["docs"])
        assert covered <= set(result["docs"])
        files.append(len(result["bundles"]) + len(result["docs"]) - len(covered))
    return files, results


def test_a_page_of_hits_comes_in_a_few_files(site):
    """The browser's choice of bundles (zoeken.js bundleOf) finds what the build put in them, and
    a page of ten hits needs far fewer files than ten."""
    queries = [{"q": q["query"], "fresh": True} for q in QUALITY]
    files, results = _files_per_page(site, queries)
    full_pages = [n for n, r in zip(files, results, strict=True) if len(r["docs"]) == 10]
    assert full_pages, "no query fills a page"
    assert sum(full_pages) <= 4 * len(full_pages), files  # on average at most 4 files for 10 cards


FLEVOLAND = ["lelystad", "dronten", "urk", "noordoostpolder", "almere", "zeewolde"]


@pytest.mark.parametrize("exported", ["site", "answering_site"])
def test_a_page_of_hits_for_a_place_comes_in_a_few_files(exported, request):
    """A query ranked by a place (named, or chosen on the page) takes its cards from the bundles
    made for places: two or three files for a page, however far the place moves it from the
    word's own page (a word's synonyms rank beside it, so some cards still come one by one);
    a place alone, one."""
    site = request.getfixturevalue(exported)
    words = ["werk", "stage", "opleiding", "uitkering", "hulp", "jongeren", "school", "geld"]
    queries = [{"q": f"{w} {p}"} for w in words for p in FLEVOLAND[:4]]
    queries += [{"q": f"ik zoek {w}", "plaats": p} for w in words for p in FLEVOLAND[4:]]
    files, results = _files_per_page(site, queries)
    full = [n for n, r in zip(files, results, strict=True) if len(r["docs"]) == 10]
    assert len(full) > len(queries) // 2
    assert sum(full) <= 3 * len(full), files  # ten cards one file each: over 5 (session 10)
    assert max(full) <= 5, files
    assert any("@" in choice["term"] for r in results for choice in r["bundles"])
    alone, _ = _files_per_page(site, [{"q": p} for p in FLEVOLAND])
    assert alone == [1] * len(FLEVOLAND)


def test_results_are_the_same_when_no_bundle_or_expansion_file_loads(site):
    """A card bundle or expansion file that does not load (the service worker refuses them once
    the index is stored) falls back to each card's and each term's own file, and is not asked
    for again in the same session: a refusal would cost a round trip every search."""
    queries = [{"q": q["query"]} for q in QUALITY[:40]]
    with_extras = run_static(site, queries)
    without = run_static(site, queries, bundles=False)
    assert any(r["bundles"] for r in with_extras)
    assert any(f.startswith("u-") for r in with_extras for f in r["files"])
    for a, b in zip(with_extras, without, strict=True):
        assert (a["total"], a["slugs"], a["snippets"]) == (b["total"], b["slugs"], b["snippets"])
    for prefix in ("k-", "u-"):  # asked for by one query at most (it may ask for several at once)
        asking = [i for i, r in enumerate(without) if any(f.startswith(prefix) for f in r["files"])]
        assert len(asking) == 1, (prefix, asking)


def test_the_stored_unknown_code_points_are_used_only_for_their_unicode(tmp_path, monkeypatch):
    """data/unicode-onbekend.json spares every build the walk over all code points: it must say
    what the walk says (python -m directory.static_index writes it again), and a file made for
    another Unicode version is not used."""
    import unicodedata

    from directory import static_index

    stored = json.loads(static_index.UNKNOWN_CODE_POINTS_FILE.read_text(encoding="utf-8"))
    walked = static_index.find_unknown_code_points()
    if stored["unicode"] == unicodedata.unidata_version:
        assert stored == walked
    other = tmp_path / "unicode-onbekend.json"
    other.write_text(json.dumps({"unicode": "0.0.0", "onbekend": [1, 2]}), encoding="utf-8")
    monkeypatch.setattr(static_index, "UNKNOWN_CODE_POINTS_FILE", other)
    static_index.unknown_code_points.cache_clear()
    try:
        assert static_index.unknown_code_points() == walked
    finally:
        static_index.unknown_code_points.cache_clear()


def test_a_long_word_of_the_catalogue_needs_only_its_own_term_shard(site, real_index):
    """The catalogue's long words come split in their own shard: the same parts as
    search.split_compound, without the shard of every letter where a part could start; a long
    word the catalogue lacks still loads those."""
    known = sorted(
        w
        for w in real_index.parts
        if len(w) >= search.MIN_COMPOUND and search.split_compound(w, real_index.parts)
    )
    assert len(known) > 50
    word = max((w for w in known[:200] if len(w) <= search.MAX_COMPOUND - 2), key=len)
    unknown = word + "xq"  # the same, with letters no catalogue word ends in
    [found, lacked] = run_static(site, [{"q": word, "fresh": True}, {"q": unknown, "fresh": True}])
    shards = sorted(f for f in found["files"] if f.startswith("t-"))
    assert len(shards) == 1 and shards[0].startswith(f"t-{word[0]}."), (word, shards)
    assert len([f for f in lacked["files"] if f.startswith("t-")]) > 1, unknown
    live = search.search(real_index, word, limit=10, snippets=False)
    assert found["slugs"] == [h.slug for h in live.hits]


def test_words_the_catalogue_lacks_are_split_and_ranked_as_live(site, real_index):
    """Compounds made of two of the catalogue's words, which it does not have itself, split in
    the browser (after their letters' shards load) as search.split_compound splits them; and
    long words in scripts without a term shard, which must not stop the search."""
    parts = sorted(w for w in real_index.parts if 5 <= len(w) <= 9 and w.isalpha())
    rng = random.Random(7)
    made = []
    while len(made) < 12:
        word = rng.choice(parts) + rng.choice(parts)
        if word not in real_index.parts and search.split_compound(word, real_index.parts):
            made.append(word)
    queries = [*made, "допомога", "допомога werk", "werk 数学数学数学数学数学", "𝔀𝔀𝔀𝔀 werk"]
    results = run_static(site, [{"q": q, "fresh": True} for q in queries])
    for query, result in zip(queries, results, strict=True):
        live = search.search(real_index, query, limit=10, snippets=False)
        assert result["total"] == live.total, query
        assert result["slugs"] == [h.slug for h in live.hits], query
    assert any(r["total"] for r in results[: len(made)])


def test_expansion_files_hold_the_postings_of_the_buckets(site):
    """A u- file repeats, for the terms a word expands to, exactly the postings of their p- buckets;
    a query with such a word takes them from it instead of from a bucket each."""
    import zlib

    folder = site / "zoekindex"
    manifest = json.loads(next(folder.glob("manifest.*.json")).read_text(encoding="utf-8"))
    buckets = {
        key: json.loads(path.read_text(encoding="utf-8"))
        for key, path in _index_file(site, "p-").items()
    }
    expansions = _index_file(site, "u-")
    listed = {}
    for shard in _index_file(site, "t-").values():
        content = json.loads(shard.read_text(encoding="utf-8"))
        listed.update(content["uit"])
        for word, terms in content["uit"].items():
            key = format(zlib.crc32(word.encode("utf-8")), "x")
            held = json.loads(expansions[key].read_text(encoding="utf-8"))[word]["termen"]
            assert sorted(held) == terms, word
            for term in terms:
                bucket = str(postings_bucket(term, manifest["emmers"]))
                assert held[term] == buckets[bucket][term], (word, term)
    assert len(listed) > 100
    word = "jobcoach"
    assert len(listed[word]) >= 2
    [result] = run_static(site, [{"q": word, "fresh": True}])
    own = str(postings_bucket(search.stem(word), manifest["emmers"]))
    loaded_buckets = {f.split(".")[0][2:] for f in result["files"] if f.startswith("p-")}
    other_buckets = {str(postings_bucket(t, manifest["emmers"])) for t in listed[word]} - {own}
    assert any(f.startswith("u-") for f in result["files"])
    assert not (loaded_buckets & other_buckets), (loaded_buckets, other_buckets)


def test_a_word_with_an_expansion_file_shows_its_first_page_from_it(site, real_index):
    """The expansion file of a word also holds the cards of the word's first page searched on its
    own: the same cards as their d- files, and a fresh search for the word needs no other file
    for its cards."""
    cards = _index_file(site, "d-")
    words = []
    for shard in _index_file(site, "t-").values():
        words += sorted(json.loads(shard.read_text(encoding="utf-8"))["uit"])
    words = sorted(words)[:: max(1, len(words) // 25)]
    results = run_static(site, [{"q": w, "fresh": True} for w in words])
    for word, result in zip(words, results, strict=True):
        live = search.search(real_index, word, limit=10, snippets=False)
        assert result["slugs"] == [h.slug for h in live.hits], word
        assert not [f for f in result["files"] if f.startswith(("d-", "k-"))], (
            word,
            result["files"],
        )
    import zlib

    expansions = _index_file(site, "u-")
    for word in words:
        key = format(zlib.crc32(word.encode("utf-8")), "x")
        held = json.loads(expansions[key].read_text(encoding="utf-8"))[word]["kaarten"]
        for doc, card in held.items():
            assert card == json.loads(cards[doc].read_text(encoding="utf-8")), (word, doc)


@pytest.fixture(scope="module")
def answering_site(real_index, tmp_path_factory) -> Path:
    """The real catalogue's index exported as a large index is: its first pages made for the
    words that cost a search at least 100 document numbers (not 2,000), the place and age
    columns in files of their own, and bundles for places of the broadest terms only."""
    from directory.static_index import StaticIndex

    target = tmp_path_factory.mktemp("antwoorden")
    StaticIndex(real_index, answer_min_read=100, lazy_basis_docs=0, local_bundle_limit=300).write(
        target
    )
    return target


def _answer_words(site: Path) -> list[str]:
    words = []
    for shard in _index_file(site, "t-").values():
        words += json.loads(shard.read_text(encoding="utf-8"))["antwoord"]
    return sorted(words)


def test_a_made_first_page_shows_what_the_search_itself_shows(answering_site, real_index):
    """For every one-word query the build answered, the page's first page (hits, total, the
    facets the list has, place, suggestion, snippets) equals what the search on the index gives
    in the browser and in search.py; it loads no postings, no basis column and no loose card."""
    words = _answer_words(answering_site)
    assert len(words) > 200 and "jobcoach" in words and "lelystad" in words
    answered = run_static(answering_site, [{"q": w, "pagina": True, "fresh": True} for w in words])
    searched = run_static(answering_site, [{"q": w, "fresh": True} for w in words])
    shown = ("total", "suggestion", "place", "shownFacets", "slugs", "snippets")
    for word, fast, full in zip(words, answered, searched, strict=True):
        assert fast["answered"] and not full["answered"], word
        assert {k: fast[k] for k in shown} == {k: full[k] for k in shown}, word
        live = search.search(real_index, word, limit=10)
        assert fast["slugs"] == [h.slug for h in live.hits], word
        assert [f.split("-")[0] for f in fast["files"] if "-" in f] == ["t", "a"], fast["files"]
    many = [r for r in answered if r["total"] > 10]
    assert many and all(len(r["slugs"]) == 10 for r in many)


def test_a_made_page_of_a_word_and_a_place_shows_what_the_search_itself_shows(
    answering_site, real_index
):
    """The broadest words have their first page made with each municipality too
    ("plaatsantwoord"): typed with a place of the catalogue, or alone with a municipality chosen,
    the page comes from that file, and equals what the search on the index shows in the browser
    and in search.py; a place named in the query wins over the chosen one, as in search.py."""
    words = []
    for shard in _index_file(answering_site, "t-").values():
        words += json.loads(shard.read_text(encoding="utf-8"))["plaatsantwoord"]
    assert "werk" in words and len(words) >= 5
    chosen_words = sorted(words)[:: max(1, len(words) // 6)]
    cases = []
    for word in chosen_words:
        cases += [
            {"q": word, "plaats": "lelystad"},
            {"q": f"{word} urk"},
            {"q": f"ik zoek {word} in dronten"},
            {"q": f"{word} emmeloord", "plaats": "almere"},  # a village of Noordoostpolder
        ]
    answered = run_static(answering_site, [{**c, "pagina": True, "fresh": True} for c in cases])
    searched = run_static(answering_site, [{**c, "fresh": True} for c in cases])
    shown = ("total", "suggestion", "place", "shownFacets", "slugs", "snippets")
    for case, fast, full in zip(cases, answered, searched, strict=True):
        assert fast["answered"] and not full["answered"], case
        assert {k: fast[k] for k in shown} == {k: full[k] for k in shown}, case
        live = search.search(real_index, case["q"], limit=10, chosen=case.get("plaats"))
        assert fast["slugs"] == [h.slug for h in live.hits], case
        assert [f.split("-")[0] for f in fast["files"] if "-" in f] == ["t", "a"], fast["files"]
    # what reads otherwise is searched on the index: two words, an age, a question
    others = [{"q": "werk stage urk"}, {"q": "werk urk 19"}, {"q": "waar is werk in urk"}]
    assert not any(
        r["answered"] for r in run_static(answering_site, [{**c, "pagina": True} for c in others])
    )


def test_a_made_first_page_steps_aside_when_it_cannot_answer(answering_site):
    """More hits than the first page holds, a filter, search as you type, a query of two words
    (with a place or not) or a question: the search runs on the index. Facet counts asked of a
    made first page come from that search too; a refused a- file is asked for once."""
    word = "jobcoach"
    cases = [
        {"q": word, "pagina": True, "limit": 20},
        {"q": word, "pagina": True, "filters": {"status": ["actief"]}},
        {"q": word, "pagina": True, "plaats": "lelystad", "limit": 20},
        {"q": word, "pagina": True, "typing": True},
        {"q": word + " stage", "pagina": True},
        {"q": word + " stage lelystad", "pagina": True},
        {"q": word + "?", "pagina": True},
    ]
    for case in cases:
        [fast] = run_static(answering_site, [{**case, "fresh": True}])
        [full] = run_static(answering_site, [{**case, "pagina": False, "fresh": True}])
        assert not fast["answered"], case
        assert (fast["total"], fast["slugs"]) == (full["total"], full["slugs"]), case
    script = r"""
      const fs = require("fs"), path = require("path"), folder = fs.readFileSync(0, "utf8");
      const manifest = fs.readdirSync(folder).find((n) => n.startsWith("manifest."));
      const read = (n) => Promise.resolve(JSON.parse(fs.readFileSync(path.join(folder, n))));
      const s = engine.createSearch(read, manifest);
      (async () => {
        const fast = await s.search("jobcoach", {}, false, null, 10);
        const full = await s.search("jobcoach", {}, false, null);
        const counts = [await s.facetCounts(fast), await s.facetCounts(full)];
        process.stdout.write(JSON.stringify([!!fast.whole, counts[0], counts[1]]));
      })();
    """
    output = node_eval(script, str(answering_site / "zoekindex"))
    was_answered, from_answer, from_index = json.loads(output)
    assert was_answered and from_answer == from_index and from_index["status"]
    refused = run_static(
        answering_site,
        [{"q": w, "pagina": True} for w in ("jobcoach", "werk", "school")],
        bundles=False,
    )
    assert [any(f.startswith("a-") for f in r["files"]) for r in refused] == [True, False, False]
    assert not any(r["answered"] for r in refused)


def test_the_place_and_age_columns_load_only_for_a_place_or_an_age(answering_site, real_index):
    """A large index keeps the place and age columns out of the manifest (b- files); a query that
    names a place, a chosen municipality or an age loads them, and ranks as search.py does."""
    cases = [
        ({"q": "werk"}, set()),
        ({"q": "werk lelystad"}, {"gebied"}),
        ({"q": "werk", "plaats": "dronten"}, {"gebied"}),
        ({"q": "ik ben 17 en zoek werk"}, {"leeftijd"}),
        ({"q": "stage urk 22"}, {"gebied", "leeftijd"}),
    ]
    results = run_static(answering_site, [{**q, "fresh": True} for q, _ in cases])
    for (query, columns), result in zip(cases, results, strict=True):
        loaded = {f.split(".")[0][2:] for f in result["files"] if f.startswith("b-")}
        assert loaded == columns, (query, result["files"])
        live = search.search(real_index, query["q"], limit=10, chosen=query.get("plaats"))
        assert result["slugs"] == [h.slug for h in live.hits], query


def test_a_made_first_page_answers_the_word_however_it_is_written(answering_site):
    """Capitals, accents and spaces around the word fold to the word the build made the page
    for; a word with other characters around it is searched on the index."""
    queries = ["JobCoach", "  jobcoach ", "jöbcoach", "jobcoach!"]
    fast = run_static(answering_site, [{"q": q, "pagina": True, "fresh": True} for q in queries])
    full = run_static(answering_site, [{"q": q, "fresh": True} for q in queries])
    assert [r["answered"] for r in fast] == [True, True, True, False]
    for query, a, b in zip(queries, fast, full, strict=True):
        assert (a["total"], a["slugs"], a["snippets"]) == (b["total"], b["slugs"], b["snippets"])
        assert a["query"] == b["query"], query


def test_words_read_alike_share_a_first_page_but_not_a_suggestion(real_index, monkeypatch):
    """Two typed words whose terms are the same search alike, so the build searches once; the
    suggestion ("Bedoelde je ...") writes each typed word itself, as search.py does."""
    from directory.static_index import StaticIndex

    groups = {
        word: [search.Group(word, {"werk": 0.4}, correction="werk")] for word in ("werkk", "wreken")
    }
    analysis = ((tuple(sorted({"werk": 0.4}.items())),), None, None, False, False)
    monkeypatch.setattr(
        StaticIndex,
        "_answer_candidates",
        lambda self: iter([(word, analysis, groups[word], 0) for word in groups]),
    )
    answers = StaticIndex(real_index).answers
    assert answers["werkk"]["treffers"] == answers["wreken"]["treffers"]
    assert answers["werkk"]["suggestie"] == search.suggestion(real_index, groups["werkk"])
    assert answers["wreken"]["suggestie"] == search.suggestion(real_index, groups["wreken"])
    assert answers["werkk"]["suggestie"] != answers["wreken"]["suggestie"]
