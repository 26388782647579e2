"""The card bundles for queries with a place (bundles.py): what each holds, and the limit."""

from __future__ import annotations

import numpy as np
import pytest

from directory import search
from directory.bundles import (
    BUNDLE_CARDS,
    SOMEWHERE,
    PlaceBundles,
    bundle_docs,
    exported_weights,
)


@pytest.fixture(scope="module")
def place_bundles(real_index) -> PlaceBundles:
    return PlaceBundles(real_index)


def _place(index, place_id: str) -> search.Place:
    term = index.catalogue.vocabularies["gemeenten"].terms[place_id]
    return search.Place(term.label, term.id, term.get("regio"))


def _split(key: str) -> tuple[str, str]:
    term, _, place = key.partition("@")
    return term, place


def test_a_place_alone_has_its_first_page_in_one_bundle(real_index, place_bundles):
    """@<place> holds the first page the search shows for the place named without words."""
    docnum = {r["slug"]: d for d, r in enumerate(real_index.record_of_docnum)}
    pages = {k: v for k, v in place_bundles.members.items() if k.startswith("@")}
    assert {"@lelystad", "@dronten", "@urk", "@noordoostpolder"} <= set(pages)
    for key, docs in pages.items():
        result = search.search(real_index, "", limit=BUNDLE_CARDS, snippets=False, chosen=key[1:])
        assert sorted(docs.tolist()) == sorted(docnum[hit.slug] for hit in result.hits), key


def test_a_term_with_a_place_has_the_local_best_and_the_best_elsewhere(real_index, place_bundles):
    """<term>@<place> holds the documents local to the place among the term's best there, and
    <term>@ the best where nothing is local; each only if the term's own bundle lacks two."""
    factor = real_index.columns["factor"]
    somewhere = search.place_factors(real_index, SOMEWHERE)
    local = elsewhere = 0
    for key, docs in place_bundles.members.items():
        term, place_id = _split(key)
        if not term:
            continue
        docnums, weights = real_index.arrays[term]
        weights = exported_weights(weights)
        own = set(bundle_docs(docnums, weights, factor).tolist())
        assert len(set(docs.tolist()) - own) >= 2, key
        if not place_id:
            expected = bundle_docs(docnums, weights, factor, somewhere)
            elsewhere += 1
        else:
            place = _place(real_index, place_id)
            here = search.place_factors(real_index, place)
            best = bundle_docs(docnums, weights, factor, here)
            expected = best[here[best] != somewhere[best]]
            tiers = {search.place_tier(real_index.areas[d], place.id, place.region) for d in docs}
            assert tiers <= {"gemeente", "regio"}, key
            local += 1
        assert docs.tolist() == expected.tolist(), key
    assert local > 100 and elsewhere > 100


def test_werk_in_lelystad_takes_its_page_from_two_bundles(real_index, place_bundles):
    """The page the ranking gives for a broad word and a place is the term's local bundle and its
    bundle of the best elsewhere, with at most one card beside them."""
    docnum = {r["slug"]: d for d, r in enumerate(real_index.record_of_docnum)}
    for place in ("lelystad", "dronten"):
        result = search.search(real_index, f"werk {place}", limit=BUNDLE_CARDS, snippets=False)
        page = {docnum[hit.slug] for hit in result.hits}
        held = set(place_bundles.members["werk@"]) | set(place_bundles.members[f"werk@{place}"])
        assert len(page - held) <= 1, place


def test_the_local_bundles_stay_within_the_limit_broadest_terms_first(real_index):
    """With a limit, the terms in the most documents keep their local bundles, all terms with as
    many documents or none, and the rest have none; the other bundles do not change."""
    whole = PlaceBundles(real_index)
    limited = PlaceBundles(real_index, limit=200)
    local = {k: v for k, v in limited.members.items() if "@" in k.strip("@")}
    assert 0 < len(local) <= 200
    min_df = limited.local_min_df
    assert min_df > whole.local_min_df
    lengths = {term: len(real_index.arrays[term][0]) for term in real_index.lexicon}
    for key, docs in whole.members.items():
        term, place = _split(key)
        if term and place and lengths[term] < min_df:
            assert key not in limited.members, key
        else:
            assert np.array_equal(limited.members[key], docs), key
    assert PlaceBundles(real_index, limit=0).local_min_df is None
