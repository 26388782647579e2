"""Which result cards go in which k- bundle, so a page of hits comes in one or a few files.

A query's first page is ten cards; fetched one d- file each, they are most of a first query's
requests. A bundle holds the cards a first page is likely to show. zoeken.js (bestOf, bundleOf,
placeBundles, placePage) works out from the postings it has loaded which documents each bundle
holds, in the same floating-point steps, so it asks only for bundles with cards it needs and
never for one the build did not write. The bundles, by key (a k- file is named by the CRC-32
of the key):

    <term>           a term in two or more documents: its BUNDLE_CARDS best documents by exported
                     weight times the document's static factor (the page of the word on its own)
    <term>@          a term in more than BUNDLE_CARDS documents, for a query with a place of the
                     catalogue: the best by that key times the place factor of a place where
                     nothing is local (SOMEWHERE: national provision up, other regions' down)
    <term>@<place>   the same with the place's own factor: of its best, the documents that are
                     local there (its municipality or its region); only for terms in at least
                     ``local_min_df`` documents, which the build sets so that at most
                     LOCAL_BUNDLE_LIMIT of these are written
    @<place>         a place named without words: the first page of the entries that apply there

So the page of a word and a place comes in two files: the local documents, and the best of the
rest. A place bundle is written only when it holds at least two documents the term's own bundle
does not: one card costs less in its own d- file. A query's ranking can still differ from
these keys (more words, synonyms, an age, a filter); a card no bundle holds comes from its d-
file, so the choice of files never changes what is shown.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

import numpy as np

from . import search

BUNDLE_CARDS = 10  # cards per k- bundle: one page of hits (PAGE in zoeken-ui.js)
# <term>@<place> bundles at most: 27 places times a few hundred terms at the real catalogue's
# size; at 50,000 entries the broadest terms only (docs/zoeken.md)
LOCAL_BUNDLE_LIMIT = 3000
# a place where nothing is local: every municipality's entries count as elsewhere. zoeken.js
# makes the same place (SOMEWHERE); "*" is no municipality's id
SOMEWHERE = search.Place("", "*", None)


def exported_weights(weights: np.ndarray) -> np.ndarray:
    """A term's weights as the p- files hold them, and the browser ranks with: thousandths."""
    return np.rint(weights * 10**search.WEIGHT_DECIMALS).astype(np.int64)


def bundle_docs(
    docnums: np.ndarray,
    weights: np.ndarray,
    factor: np.ndarray,
    places: np.ndarray | None = None,
) -> np.ndarray:
    """The BUNDLE_CARDS highest documents by exported weight times the document's static factor
    (ended, article, kind: the ranking's factors that do not depend on the words), times its
    place factor if ``places`` is given; the lower document number first among equals. zoeken.js
    (bestOf) picks the same, multiplying in the same order."""
    if len(docnums) <= BUNDLE_CARDS:
        return docnums
    keys = weights.astype(np.float64) * factor[docnums]
    if places is not None:
        keys = keys * places[docnums]
    # the BUNDLE_CARDS-th highest key, then only the documents at or above it sorted: a broad
    # term has tens of thousands of documents at national scale
    threshold = np.partition(keys, len(keys) - BUNDLE_CARDS)[len(keys) - BUNDLE_CARDS]
    near = np.flatnonzero(keys >= threshold)
    order = np.lexsort((docnums[near], -keys[near]))  # the last key sorts first
    return docnums[near[order[:BUNDLE_CARDS]]]


def term_bundles(index: search.SearchIndex) -> dict[str, np.ndarray]:
    """<term>: per term in two or more documents, its BUNDLE_CARDS best documents."""
    factor = index.columns["factor"]
    found = {}
    for term, count in index.lexicon.items():
        if count >= 2:
            docnums, weights = index.arrays[term]
            found[term] = bundle_docs(docnums, exported_weights(weights), factor)
    return found


class PlaceBundles:
    """The bundles for queries with a place: per key, the document numbers it holds. ``own``:
    the terms' own bundles (``term_bundles``), if made already."""

    def __init__(
        self,
        index: search.SearchIndex,
        limit: int = LOCAL_BUNDLE_LIMIT,
        own: dict[str, np.ndarray] | None = None,
    ):
        self.index = index
        self.limit = limit
        self.own = own or {}
        self.factor = index.columns["factor"]
        self.somewhere = search.place_factors(index, SOMEWHERE)
        vocabulary = index.catalogue.vocabularies["gemeenten"]
        self.places = {
            term.id: search.place_factors(
                index, search.Place(term.label, term.id, term.get("regio"))
            )
            for term in sorted(vocabulary.terms.values(), key=lambda t: t.id)
        }

    @property
    def members(self) -> dict[str, np.ndarray]:
        """Every place bundle that holds two or more documents, by key."""
        return self._made[0]

    @property
    def local_min_df(self) -> int | None:
        """From how many documents a term's <term>@<place> bundles were all made (None: not even
        the broadest terms' fit in the limit)."""
        return self._made[1]

    @functools.cached_property
    def _made(self) -> tuple[dict[str, np.ndarray], int | None]:
        """The bundles, in one pass over the broad terms, most documents first: the local ones a
        document count at a time (all terms with that many documents or none) while they stay
        within the limit."""
        found = dict(self._place_pages())
        local: dict[str, np.ndarray] = {}
        min_df = None
        under_limit = True
        for df, terms in _by_count(self._broad_terms()):
            group_local: dict[str, np.ndarray] = {}
            for term, docnums, weights in terms:
                own = self.own.get(term)
                if own is None:
                    own = bundle_docs(docnums, weights, self.factor)
                elsewhere = bundle_docs(docnums, weights, self.factor, self.somewhere)
                if _news(elsewhere, own) >= 2:
                    found[f"{term}@"] = elsewhere
                if under_limit:
                    group_local.update(self._local_of(term, docnums, weights, own))
            under_limit = under_limit and len(local) + len(group_local) <= self.limit
            if under_limit:
                local.update(group_local)
                min_df = df
        found.update(local)
        return found, min_df

    def _local_of(self, term: str, docnums, weights, own) -> Iterator[tuple[str, np.ndarray]]:
        elsewhere = self.somewhere[docnums]
        for place, factors in self.places.items():
            if np.count_nonzero(factors[docnums] != elsewhere) < 2:
                continue  # fewer than two local documents: nothing to bundle
            best = bundle_docs(docnums, weights, self.factor, factors)
            local = best[factors[best] != self.somewhere[best]]
            if _news(local, own) >= 2:
                yield f"{term}@{place}", local

    def _broad_terms(self) -> Iterator[tuple[str, np.ndarray, np.ndarray]]:
        """Terms in more than BUNDLE_CARDS documents, most documents first, then by term."""
        arrays = self.index.arrays
        counts = ((term, len(arrays[term][0])) for term in self.index.lexicon)
        broad = sorted((-count, term) for term, count in counts if count > BUNDLE_CARDS)
        for _, term in broad:
            docnums, weights = arrays[term]
            yield term, docnums, exported_weights(weights)

    def _place_pages(self) -> Iterator[tuple[str, np.ndarray]]:
        """@<place>: the entries that apply in the place (better than elsewhere), by place
        factor times static factor, as the ranking orders a query of a place alone."""
        entries = self.index.columns["is_entry"]
        for place, factors in self.places.items():
            applies = np.flatnonzero(entries & (factors > search.PLACE_FACTORS["elders"]))
            page = bundle_docs(applies, np.ones(len(applies), dtype=np.int64), self.factor, factors)
            if len(page) >= 2:
                yield f"@{place}", page


def _news(docs: np.ndarray, own: np.ndarray) -> int:
    """How many of ``docs`` the term's own bundle does not hold (ten numbers each at most: sets
    are quicker than numpy here)."""
    return len(set(docs.tolist()) - set(own.tolist()))


def _by_count(terms) -> Iterator[tuple[int, list]]:
    """(document count, the terms with it), from terms given most documents first."""
    group: list = []
    count = None
    for item in terms:
        if group and len(item[1]) != count:
            yield count, group
            group = []
        count = len(item[1])
        group.append(item)
    if group:
        yield count, group
