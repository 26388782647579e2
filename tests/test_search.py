"""Search: each analysis step, ranking rules, facets and filters, hostile queries, interfaces."""

from __future__ import annotations

import json
import re

import pytest
import yaml
from conftest import PROJECT, run_build_py

from directory import search

QUALITY = yaml.safe_load(
    (PROJECT / "benchmarks" / "search_queries.yaml").read_text(encoding="utf-8")
)


def slugs(result, n=5):
    return [hit.slug for hit in result.hits[:n]]


def test_stemming_joins_inflections(real_index):
    assert search.stem("werkgevers") == search.stem("werkgever")
    assert search.stem("opleidingen") == search.stem("opleiding")
    plural = {h.slug for h in search.search(real_index, "werkgevers", limit=None).hits}
    singular = {h.slug for h in search.search(real_index, "werkgever", limit=None).hits}
    assert plural == singular and plural


def test_accents_are_folded():
    assert search.words("Financiën Coördinator") == ["financien", "coordinator"]


def test_stopwords_are_dropped():
    assert search.words("ik heb geen diploma en wil werk") == ["diploma", "werk"]


def test_compounds_split_against_the_catalogue_vocabulary(real_index):
    assert search.split_compound("jongerenloket", real_index.parts) == ["jongeren", "loket"]
    assert search.split_compound("arbeidsmarktregio", real_index.parts)[-1] == "regio"
    assert search.split_compound("werk", real_index.parts) == []


def test_the_index_field_counts_terms_as_its_analyzer_does(real_index):
    """AnalysedText counts terms in one pass; Whoosh's token-by-token analysis must agree."""
    from collections import Counter

    field = real_index.ix.schema["beschrijving"]
    for record in real_index.records[:60] + [
        {"beschrijving": "Schuldhulpverlening, schuldhulpverlening! En de jongeren-loket 2024 Café"}
    ]:
        text = record["beschrijving"]
        by_tokens = Counter(token.text for token in field.analyzer(text))
        by_field = {term.decode(): freq for term, freq, weight, value in field.index(text)}
        assert by_field == dict(by_tokens), record.get("slug")


def test_a_part_of_a_compound_finds_the_compound(real_index):
    # "loket" alone finds the entries that only say "Leerwerkloket"/"Jongerenloket"
    found = slugs(search.search(real_index, "loket"), 20)
    assert "leerwerkloket-flevoland" in found


def test_thesaurus_bridges_youth_words_and_jargon(real_index):
    groups = search.analyse_query(real_index, "diploma")
    assert search.stem("startkwalificatie") in groups[0].alternatives
    found = slugs(search.search(real_index, "gestopt met school"), 10)
    assert {
        "rmc-regio-flevoland",
        "rmc-functie-landelijk",
        "rmc-lelystad",
        "regionaal-programma-vsv-flevoland",
    } & set(found)


def test_abbreviations_expand(real_index):
    groups = search.analyse_query(real_index, "vsv")
    assert any(term.startswith("voortijd") for term in groups[0].alternatives)


def test_typo_is_corrected_and_suggested(real_index):
    result = search.search(real_index, "jobcoatch")
    assert result.suggestion == "jobcoach"
    assert "jobcoaching-gemeente-uwv" in slugs(result)


def test_no_suggestion_for_known_words(real_index):
    assert search.search(real_index, "jobcoach").suggestion is None


def test_prefix_while_typing(real_index):
    assert search.search(real_index, "leerwerkl", typing=True).total > 0
    assert "leerwerkloket-flevoland" in slugs(
        search.search(real_index, "leerwerkl", typing=True), 10
    )


def test_name_ranks_above_description(real_index):
    assert (
        slugs(search.search(real_index, "loonkostensubsidie"))[0] == "loonkostensubsidie-gemeente"
    )


def test_ended_provision_ranks_below_active(real_index):
    result = search.search(real_index, "jongeren-participatiecoach", limit=None)
    scores = {hit.slug: hit.score for hit in result.hits}
    raw = real_index.searcher.search(
        search.whoosh_query(search.analyse_query(real_index, "jongeren-participatiecoach")),
        limit=None,
    )
    raw_scores = {hit["slug"]: hit.score for hit in raw}
    ended = "jongeren-participatiecoach-urk"  # beeindigd, and an example (not a door)
    entry = real_index.catalogue.by_slug[ended]
    assert (entry["status"], entry["vorm"]) == ("beeindigd", "voorbeeld")
    expected = raw_scores[ended] * search.ENDED_FACTOR * search.KIND_FACTOR
    assert scores[ended] == pytest.approx(expected, abs=0.01)


def test_facets_count_the_results(real_index, real_catalogue):
    result = search.search(real_index, "werk", limit=None)
    entries = [h.record for h in result.hits if h.record["soort"] == "aanbod"]
    for value, count in result.facets["categorie"].items():
        assert count == sum(value in r["facets"]["categorie"] for r in entries)


def test_filters_or_within_and_across(real_index):
    one = {h.slug for h in search.search(real_index, "", {"categorie": ["rmc"]}, limit=None).hits}
    other = {h.slug for h in search.search(real_index, "", {"categorie": ["uwv"]}, limit=None).hits}
    both = {
        h.slug
        for h in search.search(real_index, "", {"categorie": ["rmc", "uwv"]}, limit=None).hits
    }
    assert both == one | other
    narrowed = {
        h.slug
        for h in search.search(
            real_index, "", {"categorie": ["rmc", "uwv"], "regio": ["landelijk"]}, limit=None
        ).hits
    }
    assert narrowed and narrowed < both
    assert all(real_index.records_by_slug[s]["facets"]["regio"] == ["landelijk"] for s in narrowed)


def test_municipality_filter_includes_regional_and_national(real_index, real_catalogue):
    found = {h.slug for h in search.search(real_index, "", {"gemeente": ["urk"]}, limit=None).hits}
    catalogue = real_catalogue.catalogue
    assert "werk-en-inkomen-urk" in found
    assert "rmc-regio-flevoland" in found  # whole region
    assert "uwv" in found  # national
    assert "werk-en-inkomen-dronten" not in found  # another municipality
    assert "jonca-gooi-en-vechtstreek" not in found  # another region
    assert found == {e.slug for e in catalogue.entries_for_municipality("urk")}


@pytest.mark.parametrize(
    "query",
    [
        '"unbalanced',
        "AND",
        "OR NOT",
        "*",
        "?",
        "(((",
        "a" * 10_000,
        "\x00\x01\x1f",
        "🙂 werk 🚀",
        "werk\u202eetla",
        "<script>alert(1)</script>",
        "%00",
        "' OR 1=1 --",
        "\\",
        "~~~",
        " " * 50,
    ],
)
def test_hostile_queries_never_raise(real_index, query):
    result = search.search(real_index, query)
    assert isinstance(result.hits, list)
    json.dumps(result.as_json())


def test_snippets_highlight_and_escape(real_index):
    result = search.search(real_index, "<script>jobcoach</script>")
    assert any("<mark>" in hit.snippet for hit in result.hits)
    assert all("<script>" not in hit.snippet for hit in result.hits)


def test_related_entries_are_computed_for_every_entry(real_index, real_catalogue):
    related = search.related_entries(real_index)
    assert set(related) == {e.slug for e in real_catalogue.catalogue.entries}
    assert sum(bool(v) for v in related.values()) > 0.9 * len(related)
    werkgever_services = [slug for slug, _ in related["werkgeversservicepunt-flevoland"]]
    assert any("werkgever" in s or "wsp" in s for s in werkgever_services)


def test_related_entries_without_the_index_are_the_same(real_index, real_catalogue):
    """The build computes them beside the Whoosh index (builder.Beside), `check` without it."""
    assert search.similar_entries(real_catalogue.catalogue) == search.related_entries(real_index)


def test_an_index_made_in_a_helper_process_searches_as_one_made_here(real_index, real_catalogue):
    """The live server's index comes from a helper (builder.index_beside), Whoosh's files and
    weights handed back: it must rank, suggest and relate exactly as the index built here."""
    from directory.builder import index_beside

    index, related = index_beside(real_catalogue.catalogue)
    assert related == search.related_entries(real_index)
    for query in ["werk", "jobcoach urk", "schulden lelystad", "startkwalifcatie", "geld"]:
        here, there = search.search(real_index, query), search.search(index, query)
        assert [(h.slug, h.score) for h in there.hits] == [(h.slug, h.score) for h in here.hits]
        assert there.suggestion == here.suggestion
    assert index.lexicon == real_index.lexicon


def test_an_index_in_many_segments_equals_one_in_a_single_segment(
    real_index, real_catalogue, monkeypatch
):
    """Whoosh's writer commits a segment per batch of records (``engine.segment_batches``) to bound
    its memory (#21); the real catalogue makes few, so here every 37 records make a segment at
    most. Document numbers, weights, rankings, Whoosh's own scores and the static export must
    all stay the same."""
    from directory.search import engine
    from directory.static_index import StaticIndex

    few = len(engine.segment_batches(real_index.records))
    monkeypatch.setattr(engine, "SEGMENT_RECORDS", 37)
    segmented = search.build_index(real_catalogue.catalogue)
    assert len(segmented.ix.reader().leaf_readers()) > 5
    assert len(real_index.ix.reader().leaf_readers()) == few < 5
    slugs = [r["slug"] for r in real_index.records]
    stored = segmented.searcher.reader()
    assert [stored.stored_fields(n)["slug"] for n in range(len(slugs))] == slugs
    assert set(segmented.arrays) == set(real_index.arrays)
    for term, (docnums, weights) in real_index.arrays.items():
        assert segmented.arrays[term][0].tolist() == docnums.tolist()
        assert segmented.arrays[term][1].tolist() == weights.tolist()
    for query in ["werk", "jobcoach urk", "schulden lelystad", "geld"]:
        groups = search.analyse_query(segmented, query)
        whoosh = segmented.searcher.search(search.whoosh_query(groups), limit=None)
        single = real_index.searcher.search(search.whoosh_query(groups), limit=None)
        assert {h["slug"]: round(h.score, 6) for h in whoosh} == {
            h["slug"]: round(h.score, 6) for h in single
        }
        ours = [(h.slug, h.score) for h in search.search(segmented, query).hits]
        assert ours == [(h.slug, h.score) for h in search.search(real_index, query).hits]
    assert dict(StaticIndex(segmented).bodies()) == dict(StaticIndex(real_index).bodies())


def test_postings_read_a_block_at_a_time_equal_whooshs_own_matchers(real_index):
    """``engine._leaf_postings`` walks a segment's term table and reads a block of postings at a
    time through Whoosh's private attributes; the public way (each term looked up, a posting at
    a time through ``id``, ``weight`` and ``next``) must give the same terms, numbers and
    frequencies, inlined and block postings alike."""
    from directory.search import engine

    reader = real_index.ix.reader()
    blocks = 0
    for name in search.FIELD_BOOSTS:
        for leaf, base in reader.leaf_readers():
            terms, counts, docnums, frequencies = [], [], [], []
            for term_bytes in leaf.lexicon(name):
                matcher = leaf.postings(name, term_bytes)
                blocks += type(matcher) is engine.W3LeafMatcher
                terms.append(term_bytes)
                counts.append(0)
                while matcher.is_active():
                    docnums.append(base + matcher.id())
                    frequencies.append(matcher.weight())
                    counts[-1] += 1
                    matcher.next()
            fast = engine._leaf_postings(leaf, base, name)
            assert (fast[0], fast[1]) == (terms, counts)
            assert (fast[2].tolist(), fast[3].tolist()) == (docnums, frequencies)
    assert blocks > 10  # both kinds were read


def test_pages_by_place_equal_the_search_with_each_place(real_index):
    """``pages_by_place`` scores a word once and ranks it for every municipality: each page is
    what ``search`` gives with that municipality chosen, and with it named in the query."""
    municipalities = list(real_index.catalogue.vocabularies["gemeenten"])
    places = [search.chosen_place(real_index, term.id) for term in municipalities]
    for word in ["werk", "jobcoach", "schulden", "stage", "wonen", "begeleiding"]:
        pages = search.pages_by_place(real_index, word, places, 10)
        assert len(pages) == len(places)
        for term, page in zip(municipalities, pages, strict=True):
            for result in (
                search.search(real_index, word, limit=10, chosen=term.id),
                search.search(real_index, f"{word} {term.label}", limit=10),
            ):
                slugs = [real_index.record_of_docnum[d]["slug"] for d in page.docs]
                assert slugs == [h.slug for h in result.hits], (word, term.id)
                assert page.total == result.total and page.place == result.place
                assert page.facets == [n for n in search.FACETS if result.facets.get(n)]
    for other in ["lelystad", "17", "waar", "voorbeelden"]:  # a place, an age, no words
        assert search.pages_by_place(real_index, other, places, 10) is None, other


def test_the_first_of_a_list_equals_the_list_sorted(real_index):
    """``ranking.top`` picks the best without sorting them all; with many equal scores it must
    still give what sorting all of them gives (the catalogue's order among equals)."""
    import numpy as np

    from directory.search.ranking import top

    rng = np.random.default_rng(7)
    for size in (1, 9, 10, 11, 500):
        scores = rng.integers(0, 4, size).astype(float)  # many ties
        found = np.sort(rng.choice(size, size=max(1, size // 2), replace=False))
        expected = found[np.lexsort((found, -scores[found]))][:10]
        assert top(found, scores, 10).tolist() == expected.tolist()


def test_the_latin_screen_of_part_change_holds_for_every_code_point():
    """``PartChange`` screens a text by folding it whole, which is only the same as folding each
    word where no character combines with a letter in a way fold keeps, or lowercases by its
    neighbours: every code point that ``BEYOND_LATIN`` lets through is such a one."""
    import unicodedata

    from directory.search.text import BEYOND_LATIN

    for code in range(0x110000):
        char = chr(code)
        if BEYOND_LATIN.match(char):
            continue
        assert not unicodedata.combining(char) or 0x300 <= code <= 0x36F, hex(code)
        assert char.lower() == (char + "a").lower()[: len(char.lower())], hex(code)
        assert char != "\u03a3"


def test_related_candidates_are_counted_as_a_counter_counts_them(real_index):
    """``_Postings.most_shared`` (numpy) against the plain way it replaced: a Counter over the
    postings of an entry's strongest terms, most_common first, ties in the order first met."""
    from collections import Counter

    import numpy as np

    from directory.search.related import _Postings, _tfidf_vectors
    from directory.search.rules import RELATED_POSTINGS_CAP, RELATED_TERMS

    vectors = _tfidf_vectors(real_index.records, real_index.word_filter.terms_of)
    term_lists = [terms for terms, _ in vectors.values()]
    postings = _Postings(term_lists)
    lists: dict[int, list[int]] = {}
    for number, terms in enumerate(term_lists):
        for term in terms.tolist():
            lists.setdefault(term, []).append(number)
    for number, (terms, weights) in enumerate(vectors.values()):
        strongest = terms[np.argsort(-weights, kind="stable")[:RELATED_TERMS]]
        counter: Counter = Counter()
        for term in strongest.tolist():
            if len(lists[term]) <= RELATED_POSTINGS_CAP:
                counter.update(lists[term])
        counter.pop(number, None)
        expected = [other for other, _ in counter.most_common(8)]
        assert postings.most_shared(strongest, number, 8).tolist() == expected, number


def test_tfidf_vectors_are_the_textbook_formula(real_index):
    """Each logarithm is taken once per distinct value; the vectors must still be, to the last
    bit, (1 + log tf) * log(1 + N / df) over the entry's norm, summed in the order of its terms."""
    import math
    from collections import Counter

    from directory.search.related import _tfidf_vectors
    from directory.search.rules import FIELD_BOOSTS
    from directory.search.text import term_counts

    terms_of = real_index.word_filter.terms_of
    entries = [r for r in real_index.records if r["soort"] == "aanbod"]
    counted = {
        r["slug"]: term_counts(" ".join(r[f] for f in FIELD_BOOSTS), terms_of) for r in entries
    }
    df = Counter(term for counts in counted.values() for term in counts)
    vectors = _tfidf_vectors(real_index.records, terms_of)
    for slug, counts in counted.items():
        raw = [(1 + math.log(tf)) * math.log(1 + len(entries) / df[t]) for t, tf in counts.items()]
        norm = math.sqrt(sum(v * v for v in raw)) or 1.0
        assert vectors[slug][1].tolist() == [v / norm for v in raw], slug


def test_duplicates_are_pairs_above_threshold():
    related = {"a": [("b", 0.95), ("c", 0.2)], "b": [("a", 0.95)], "c": [("a", 0.2)]}
    assert search.possible_duplicates(related) == [("a", "b", 0.95)]


@pytest.mark.parametrize(
    "case",
    [
        q
        for q in QUALITY
        if q["query"]
        in (
            "vsv lelystad",
            "jobcoach nazorg",
            "ik heb geen diploma en wil geld verdienen",
            "jobcoatch",
            "ik ben gestopt met school",
            "wat is een startkwalificatie",
        )
    ],
    ids=lambda q: q["query"],
)
def test_quality_examples_land_in_the_top_five(real_index, case):
    assert set(slugs(search.search(real_index, case["query"]))) & set(case["relevant"])


def test_knowledge_question_puts_the_article_first(real_index):
    top = search.search(real_index, "wat is een startkwalificatie").hits[0]
    assert top.slug == "startkwalificatie" and top.record["soort"] == "kennis"


def test_articles_do_not_disturb_provision_facets(real_index):
    result = search.search(real_index, "startkwalificatie", limit=None)
    entries = sum(h.record["soort"] == "aanbod" for h in result.hits)
    assert sum(result.facets["status"].values()) == entries


def test_cli_json_shape():
    result = run_build_py("search", "jobcoach nazorg", "--gemeente", "lelystad", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"query", "total", "suggestion", "plaats", "facets", "results"}
    assert {"slug", "naam", "organisatie", "samenvatting", "score", "soort"} <= set(
        data["results"][0]
    )


def test_live_api_and_page(real_catalogue, real_index):
    from directory.app import create_app

    app = create_app(real_catalogue.catalogue, real_index)
    client = app.test_client()
    data = client.get("/api/zoeken?q=jobcoatch&gemeente=urk").get_json()
    assert data["suggestion"] == "jobcoach" and data["total"] > 0
    page = client.get("/zoeken/?q=jobcoatch")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Bedoelde je" in html and "jobcoach" in html
    for bad in ("%00", "\"'><script>", "a" * 10000):
        assert client.get("/api/zoeken", query_string={"q": bad}).status_code == 200
    headers = client.get("/").headers
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"


@pytest.mark.parametrize(
    "query",
    [
        "vsv lelystad",
        "jobcoach nazorg",
        "ik heb geen diploma en wil geld verdienen",
        "jobcoatch",
        "werk",
    ],
)
def test_precomputed_weights_give_whooshs_own_scores(real_index, query):
    """The fast path sums precomputed BM25F weights; it must equal Whoosh running the same query."""
    groups = search.analyse_query(real_index, query)
    whoosh_scores = {
        hit["slug"]: hit.score
        for hit in real_index.searcher.search(search.whoosh_query(groups), limit=None)
    }
    ours = {}
    for group in groups:
        for term, weight in group.alternatives.items():
            docnums, term_weights = real_index.arrays.get(term, ((), ()))
            for docnum, term_weight in zip(docnums, term_weights, strict=True):
                slug = real_index.record_of_docnum[docnum]["slug"]
                ours[slug] = ours.get(slug, 0.0) + weight * term_weight
    assert set(ours) == set(whoosh_scores)
    for slug, score in whoosh_scores.items():
        assert ours[slug] == pytest.approx(score, abs=0.01)  # weights are rounded to 3 decimals


def test_live_headers_allow_framing_only_for_embeds(real_catalogue, real_index):
    from directory.app import create_app

    client = create_app(real_catalogue.catalogue, real_index).test_client()
    assert "frame-ancestors 'none'" in client.get("/aanbod/uwv/").headers["Content-Security-Policy"]
    assert (
        "frame-ancestors *" in client.get("/embed/gemeente/urk/").headers["Content-Security-Policy"]
    )


@pytest.mark.parametrize(
    "case", [q for q in QUALITY if q["soort"] == "kennis"], ids=lambda q: q["query"]
)
def test_knowledge_questions_put_their_article_in_the_top_three(real_index, case):
    top = [h for h in search.search(real_index, case["query"], limit=3, snippets=False).hits]
    assert any(h.slug in case["relevant"] and h.record["soort"] == "kennis" for h in top), [
        h.slug for h in top
    ]


def test_long_words_do_not_make_compound_splitting_explode(real_index):
    import time

    start = time.perf_counter()
    search.search(real_index, "jongeren" * 60 + "q")
    search.split_compound("jongeren" * 4 + "q", real_index.parts)
    assert time.perf_counter() - start < 5


def test_questions_are_recognised_by_their_first_word_or_question_mark():
    assert search.is_question("Wat is een startkwalificatie")
    assert search.is_question("startkwalificatie?")
    assert not search.is_question("watersport")
    assert not search.is_question("hoeë jongeren")


def _tiny_index(tmp_path, entries: dict):
    """An index over a few hand-made entries, to hold one ranking rule at a time."""
    from directory.catalogue import load_catalogue

    (tmp_path / "entries").mkdir()
    for slug, extra in entries.items():
        text = (
            "organisatie: Gemeente Urk\ncategorieen: [coaching]\nregio: flevoland\n"
            "status: onbekend\n"
            "bronnen: [001_b7765ea36592d239.txt:17]\n" + extra
        )
        (tmp_path / "entries" / f"{slug}.yaml").write_text(text, encoding="utf-8")
    result = load_catalogue(tmp_path)
    assert not result.errors, result.errors
    return search.build_index(result.catalogue)


def test_a_door_ranks_above_an_example_with_the_same_words(tmp_path):
    same = "samenvatting: Hulp bij het vinden van een stageplek.\n"
    index = _tiny_index(
        tmp_path,
        {
            "a-voorbeeld": "naam: Stageplek vinden A\nvorm: voorbeeld\n" + same,
            "b-netwerk": "naam: Stageplek vinden B\nvorm: netwerk\n" + same,
            "c-dienst": "naam: Stageplek vinden C\nvorm: dienst\n" + same,
        },
    )
    ranked = slugs(search.search(index, "stageplek vinden"), 3)
    assert ranked[0] == "c-dienst" and set(ranked[1:]) == {"a-voorbeeld", "b-netwerk"}
    only_examples = search.search(index, "stageplek", {"vorm": ["voorbeeld"]})
    assert slugs(only_examples) == ["a-voorbeeld"]  # a professional can still ask for examples


def test_the_share_of_words_matched_is_a_factor_not_a_sort_key(tmp_path):
    """A generic word missing must not bury the best match: the entry about 'schuldhulp' in
    its name beats one that only mentions every word once in passing."""
    index = _tiny_index(
        tmp_path,
        {
            "schuldhulp": (
                "naam: Schuldhulp voor jongeren\nvorm: dienst\n"
                "samenvatting: Schuldhulp, hulp bij schulden, schuldhulp voor jongeren.\n"
            ),
            "breed": (
                "naam: Breed loket\nvorm: dienst\n"
                "samenvatting: Een loket waar je ook terecht kunt met vragen over schulden en "
                "wonen en vinden.\n"
                "beschrijving: Elke vraag is welkom, ook over andere dingen.\n"
            ),
        },
    )
    result = search.search(index, "schuldhulp wonen")
    assert slugs(result, 2) == ["schuldhulp", "breed"]
    by_slug = {hit.slug: hit for hit in result.hits}
    # fewer words matched, still first
    assert by_slug["schuldhulp"].groups < by_slug["breed"].groups


def test_needs_become_words_and_an_age_is_not_a_word():
    words, age, _ = search.query_words("ik ben 19 en zoek werk zonder diploma")
    # not "diploma": that finds graduates
    assert words == ["werk", "startkwalificatie"] and age == 19
    assert search.query_words("geen uitkering")[0] == ["nuggers"]
    assert search.query_words("ik heb 3 vragen")[1] is None  # 3 is not an age in range
    assert search.query_words("¹⁹")[1] is None  # only ASCII digits, as in the browser


def test_words_without_a_topic_are_dropped_unless_nothing_else_is_left():
    assert search.query_words("hoe kan ik nu werk vinden")[0] == ["werk"]
    assert search.query_words("ik weet het niet")[0] == ["weet"]


def test_a_need_finds_its_target_group(real_index):
    top = [
        h.record
        for h in search.search(real_index, "geen werk geen school geen uitkering", limit=5).hits
    ]
    assert any(
        "zonder-uitkering" in r["facets"]["doelgroep"] or r["slug"] == "jongeren-zonder-uitkering"
        for r in top
    )


def test_an_age_in_the_query_halves_provision_for_other_ages(tmp_path):
    index = _tiny_index(
        tmp_path,
        {
            "jong": (
                "naam: Stage jong\nvorm: dienst\nsamenvatting: Stage zoeken.\n"
                "leeftijd: {van: 12, tot: 16}\n"
            ),
            "ouder": (
                "naam: Stage ouder\nvorm: dienst\nsamenvatting: Stage zoeken.\n"
                "leeftijd: {van: 18, tot: 27}\n"
            ),
        },
    )
    plain = {h.slug: h.score for h in search.search(index, "stage").hits}
    aged = {h.slug: h.score for h in search.search(index, "ik ben 19 en zoek stage").hits}
    assert aged["ouder"] == pytest.approx(plain["ouder"])
    assert aged["jong"] == pytest.approx(plain["jong"] * search.AGE_MISMATCH_FACTOR)


def test_a_result_list_ends_where_relevance_ends(real_index):
    result = search.search(real_index, "jobcoach", limit=None)
    assert result.total < len(real_index.records) // 3
    best = result.hits[0].score
    ids, _ = real_index.arrays[search.stem("jobcoach")]
    literal = {real_index.record_of_docnum[d]["slug"] for d in ids}
    low = [hit.slug for hit in result.hits if hit.score < search.RELATIVE_CUTOFF * best]
    assert set(low) <= literal  # under the cut-off only what holds the query word itself


def test_thesaurus_variants_are_at_least_three_characters_and_short_parts_add_nothing(real_index):
    import yaml

    groups = yaml.safe_load(
        (PROJECT / "directory" / "data" / "thesaurus.yaml").read_text(encoding="utf-8")
    )
    assert not [t for g in groups for t in g["termen"] if len(t) < search.MIN_SYNONYM_WORD]
    for query in ("vmbo-k", "vmbo"):
        alternatives = {t for g in search.analyse_query(real_index, query) for t in g.alternatives}
        assert "k" not in alternatives and "b" not in alternatives, query


def test_a_verb_that_stems_like_wet_does_not_search_for_laws(real_index, real_catalogue):
    """'weten' stems to 'wet' (law): the catalogue holds both, so the verb is a word without a
    topic and never becomes a query term."""
    catalogue_words = {
        w
        for r in real_index.records
        for w in search.words(" ".join([r["naam"], r["samenvatting"], r["beschrijving"]]))
    }
    verbs = {
        w
        for w in catalogue_words
        if w.startswith("wet") and search.stem(w) == "wet" and w not in ("wet", "wetten")
    }
    assert verbs <= search.query_rules()["never"], verbs - search.query_rules()["never"]
    for query in ("ik wil het weten", "weet jij hoe het werkt"):
        assert not any("wet" in g.alternatives for g in search.analyse_query(real_index, query)), (
            query
        )


@pytest.mark.parametrize(
    "municipality", ["lelystad", "dronten", "urk", "noordoostpolder", "almere", "zeewolde"]
)
def test_a_municipality_in_the_query_puts_what_applies_there_first(
    real_index, real_catalogue, municipality
):
    """The place need not match text: it is taken out of the words and ranks local, then
    regional, then national provision; for a place alone, only what applies there."""
    from directory.catalogue import applies_in

    catalogue = real_catalogue.catalogue
    label = catalogue.vocabularies["gemeenten"].label(municipality)
    for query in (label.lower(), f"ik zoek werk in {label}"):
        result = search.search(real_index, query, limit=None)
        assert result.place and result.place.id == municipality
        entries = [catalogue.by_slug[h.slug] for h in result.hits if h.slug in catalogue.by_slug]
        top = entries[:5]
        assert top and all(applies_in(e, municipality, "flevoland") for e in top), (
            query,
            [e.slug for e in top],
        )
    alone = search.search(real_index, label, limit=None)
    tiers = [search.place_tier(h.record["gebied"], municipality, "flevoland") for h in alone.hits]
    assert "elders" not in tiers and tiers.index("gemeente") < tiers.index("landelijk")


def test_a_place_is_not_a_word_that_must_match(real_index):
    with_place = {h.slug for h in search.search(real_index, "rmc dronten", limit=None).hits}
    assert "rmc-dronten" in with_place and "rmc-regio-flevoland" in with_place
    assert search.analyse_query(real_index, "rmc dronten")[0].word == "rmc"
    assert len(search.analyse_query(real_index, "rmc dronten")) == 1


@pytest.mark.parametrize(
    "name",
    ["Westerkwartier", "Súdwest-Fryslân", "Westerwolde", "Oost Gelre", "Alphen aan den Rijn"],
)
def test_a_dutch_municipality_outside_the_catalogue_gets_the_national_doors(
    real_index, real_catalogue, name
):
    catalogue = real_catalogue.catalogue
    result = search.search(real_index, f"ik zoek werk in {name}", limit=None)
    assert result.place and result.place.id is None, name  # named, and not a catalogue municipality
    assert result.as_json()["plaats"]["bekend"] is False
    top = [catalogue.by_slug[h.slug] for h in result.hits[:5] if h.slug in catalogue.by_slug]
    assert top and top[0]["regio"] == "landelijk", [e.slug for e in top]


def test_every_municipality_of_the_list_is_recognised_unless_the_index_knows_its_words(real_index):
    names = search.dutch_municipalities()
    assert len(set(names.values())) >= 340
    assert search.place_key("Alphen aan den Rijn") in names and search.place_key(
        "Oud-Beijerland"
    ) == ("beijerland",)
    for words, name in names.items():
        rest, place = search.find_place(real_index, list(words))
        if place is None:  # only where every word is in the index (a town an example names)
            assert all(search.stem(w) in real_index.lexicon for w in words), name


def test_a_condition_that_excludes_does_not_make_the_entry_a_hit(real_index, real_catalogue):
    excluded = "leerwerkstraat-zaanstad"  # "Niet voor jongeren met een Wajong-uitkering."
    assert any(
        "wajong" in c.lower() for c in real_catalogue.catalogue.by_slug[excluded]["voorwaarden"]
    )
    # its description still names it
    assert excluded not in slugs(search.search(real_index, "wajong"), 5)
    assert search.inclusive(
        ["Niet voor jongeren met een Wajong-uitkering.", "Je woont in Urk."]
    ) == ["Je woont in Urk."]


def test_glossary_abbreviations_find_the_provision_that_uses_them(real_index, real_catalogue):
    """Every abbreviation of the glossary that the catalogue uses finds a document that uses it
    (the glossary's full forms are thesaurus pairs; letters that fall apart, "W&I", are a need)."""
    catalogue = real_catalogue.catalogue
    texts = {
        r["slug"]: " ".join([r["naam"], r["samenvatting"], r["beschrijving"], r["trefwoorden"]])
        for r in real_index.records
    }
    missing = []
    for term in (
        t for t in catalogue.glossary if t.get("voluit") and t["term"] != "JA"
    ):  # "ja" is Dutch for yes: a stopword
        pattern = re.compile(r"(?<![\w&])" + re.escape(term["term"]) + r"(?![\w&])")
        users = {slug for slug, text in texts.items() if pattern.search(text)}
        if users and not users & {
            hit.slug for hit in search.search(real_index, term["term"], limit=None).hits
        }:
            missing.append(term["term"])
    assert not missing, missing


@pytest.mark.parametrize(
    "query, expected",
    [
        ("straathoekwerk", "zeewolde-jongerenwerk"),
        ("bijbaantje", "urk-durf-academie"),
        ("w&i", "werk-en-inkomen-urk"),
    ],
)
def test_missing_words_now_find_their_provision(real_index, query, expected):
    assert expected in slugs(search.search(real_index, query), 10)


def test_asking_for_examples_puts_examples_first(tmp_path):
    same = "samenvatting: Werkgevers en jongeren bij elkaar brengen.\n"
    index = _tiny_index(
        tmp_path,
        {
            "a-dienst": "naam: Matchen A\nvorm: dienst\n" + same,
            "b-voorbeeld": "naam: Matchen B\nvorm: voorbeeld\n" + same,
        },
    )
    assert slugs(search.search(index, "matchen werkgevers"), 2) == ["a-dienst", "b-voorbeeld"]
    assert slugs(search.search(index, "voorbeelden matchen werkgevers"), 2) == [
        "b-voorbeeld",
        "a-dienst",
    ]
    assert search.query_words("voorbeelden matchen").words == ["matchen"]


def test_a_village_names_its_municipality(real_index):
    for village, municipality in (
        ("swifterbant", "dronten"),
        ("emmeloord", "noordoostpolder"),
        ("almere haven", "almere"),
    ):
        result = search.search(real_index, f"ik woon in {village} en zoek werk")
        assert result.place and result.place.id == municipality, village


def test_the_municipality_a_young_person_chose_works_as_a_place(real_index, real_catalogue):
    from directory.catalogue import applies_in

    result = search.search(real_index, "werk", chosen="urk")
    assert result.place and result.place.id == "urk"
    top = [real_catalogue.catalogue.by_slug[h.slug] for h in result.hits[:5]]
    assert all(applies_in(e, "urk", "flevoland") for e in top)
    named = search.search(real_index, "werk in dronten", chosen="urk")
    assert named.place.id == "dronten"  # a place in the query goes before the remembered one
    assert search.search(real_index, "werk", chosen="nergens").place is None


def test_letting_go_of_whoosh_changes_no_result_and_no_exported_file(real_catalogue, real_index):
    """The build's index frees Whoosh's searcher and storage once the weights are read, before it
    writes the static index (#21): results, related entries and every file stay the same."""
    from directory.static_index import StaticIndex

    queries = ["jobcoach", "werk zoeken lelystad", "schulden", "startkwalificatie halen"]
    before = [search.search(real_index, q).as_json() for q in queries]
    files = dict(StaticIndex(real_index).bodies())
    index = search.build_index(real_catalogue.catalogue)
    index.let_go_of_whoosh()
    assert index.ix is None
    assert [search.search(index, q).as_json() for q in queries] == before
    assert search.related_entries(index) == search.related_entries(real_index)
    assert dict(StaticIndex(index).bodies()) == files
