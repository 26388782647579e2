"""Ranking: a query's groups scored over the index, with the factors of docs/zoeken.md (status,
kind, age, place, the share of words matched), cut off where relevance ends, with facets counted
over what was found."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .facets import facet_counts, filter_mask
from .index import SearchIndex
from .query import Group, Place, analyse_words, clean_query, find_place, is_question, query_words
from .records import place_tier
from .rules import (
    AGE_MISMATCH_FACTOR,
    FACETS,
    PLACE_FACTORS,
    RELATIVE_CUTOFF,
    UNKNOWN_PLACE_FACTORS,
)
from .snippets import _add_snippets


@dataclass
class Hit:
    slug: str
    score: float
    groups: int
    record: dict
    snippet: str = ""


@dataclass
class SearchResult:
    query: str
    hits: list
    total: int
    facets: dict
    suggestion: str | None
    place: Place | None = None

    def as_json(self, limit: int = 20, offset: int = 0) -> dict:
        return {
            "query": self.query,
            "total": self.total,
            "suggestion": self.suggestion,
            "plaats": place_json(self.place),
            "facets": self.facets,
            "results": [
                {
                    "slug": hit.slug,
                    "soort": hit.record["soort"],
                    "naam": hit.record["naam"],
                    "organisatie": hit.record["organisatie"],
                    "samenvatting": hit.record["samenvatting"],
                    "status": hit.record["status"],
                    "score": round(hit.score, 4),
                    "snippet": hit.snippet,
                }
                for hit in self.hits[offset : offset + limit]
            ],
        }


def search(
    index: SearchIndex,
    query: str,
    filters: dict | None = None,
    typing: bool = False,
    limit: int | None = 20,
    snippets: bool = True,
    chosen: str | None = None,
) -> SearchResult:
    """Answer a query; ``filters`` maps facet name -> list of ids (OR within, AND across);
    ``chosen`` is the municipality a young person chose, a place when the query names none."""
    query = clean_query(query)
    filters = {
        name: list(values) for name, values in (filters or {}).items() if name in FACETS and values
    }
    words, age, wants_examples = query_words(query)  # read once: groups, age, place and kind
    rest, named = find_place(index, words)
    groups = analyse_words(index, rest, typing)
    place = named or chosen_place(index, chosen)
    columns = index.columns
    size = len(index.records)
    places = place_factors(index, place)
    if groups:
        unplaced, coverage, every_word = _score_before_place(
            index, groups, is_question(query), age, wants_examples
        )
        scores = _with_place(unplaced, places, coverage, groups)
        candidates = coverage > 0
    elif place:  # only a place: the entries that apply there, local first, doors first
        applies = columns["is_entry"] & (places > PLACE_FACTORS["elders"])
        scores, coverage = (
            np.where(applies, places * columns["factor"], 0.0),
            np.zeros(size, dtype=np.int64),
        )
        candidates = applies
    else:
        scores, coverage = np.zeros(size), np.zeros(size, dtype=np.int64)
        candidates = np.full(size, bool(filters))
    candidates &= filter_mask(index, filters)
    if groups:
        candidates = _relevant(candidates, scores, every_word)
    found = np.flatnonzero(candidates)
    if groups or place:
        ranked = found[_best_first(found, scores)] if limit is None else top(found, scores, limit)
    else:
        ranked = found if limit is None else found[:limit]  # catalogue order: entries by name
    records = index.record_of_docnum
    hits = [Hit(records[d]["slug"], float(scores[d]), int(coverage[d]), records[d]) for d in ranked]
    if snippets and groups:
        _add_snippets(index, hits, groups)
    facets = facet_counts(index, candidates & columns["is_entry"])
    return SearchResult(query, hits, len(found), facets, suggestion(index, groups), place)


@dataclass
class PlacePage:
    """A query's first page with a place chosen: what ``search`` gives for it, but the facets
    only by name (those the list has)."""

    place: Place
    docs: list[int]
    total: int
    facets: list[str]


def pages_by_place(index: SearchIndex, word: str, places: list[Place], limit: int):
    """The first page of a one-word query with each of ``places`` chosen, the same as
    ``search(index, word, chosen=...)`` (a test holds them equal), for the static index's made
    pages of a word and a municipality. The words are scored once; per place only its factors,
    the cut-off and the best ``limit`` are worked out. None for a word that ``search`` reads as
    something else than itself (other words, a place, an age, a question, asking for examples).
    """
    words, age, wants_examples = query_words(word)
    rest, named = find_place(index, words)
    groups = analyse_words(index, rest)
    if words != [word] or named or age is not None or wants_examples or is_question(word):
        return None  # read as something else than itself: the browser never asks for its pages
    unplaced, coverage, every_word = _score_before_place(index, groups, False, None, False)
    entries = index.columns["is_entry"]
    pages = []
    for place in places:
        scores = _with_place(unplaced, place_factors(index, place), coverage, groups)
        candidates = _relevant(coverage > 0, scores, every_word)
        found = np.flatnonzero(candidates)
        docs = top(found, scores, limit).tolist()
        pages.append(
            PlacePage(place, docs, len(found), facets_present(index, candidates & entries))
        )
    return pages


def top(found: np.ndarray, scores: np.ndarray, limit: int) -> np.ndarray:
    """The first ``limit`` of ``found`` by score, the catalogue's order among equals: the same as
    sorting them all, without sorting them all."""
    if len(found) > limit:
        negated = -scores[found]
        kth = np.partition(negated, limit - 1)[limit - 1]
        found = found[negated <= kth]  # every document scoring at least the limit's, ties too
    return found[_best_first(found, scores)][:limit]


def _best_first(found: np.ndarray, scores: np.ndarray) -> np.ndarray:
    return np.lexsort((found, -scores[found]))  # ties: catalogue order


def _relevant(candidates: np.ndarray, scores: np.ndarray, every_word: np.ndarray) -> np.ndarray:
    """The list ends where relevance ends; a document with every word itself stays."""
    if not candidates.any():
        return candidates
    return candidates & ((scores >= RELATIVE_CUTOFF * scores[candidates].max()) | every_word)


def facets_present(index: SearchIndex, entries: np.ndarray) -> list[str]:
    """The facets with a value among ``entries``: those ``facet_counts`` gives counts for."""
    return [
        name
        for name in FACETS
        if any(np.any(mask & entries) for mask in index.facet_masks.get(name, {}).values())
    ]


def place_json(place: Place | None) -> dict | None:
    return {"naam": place.name, "bekend": place.id is not None} if place else None


def chosen_place(index: SearchIndex, municipality: str | None) -> Place | None:
    term = (
        index.catalogue.vocabularies["gemeenten"].terms.get(municipality) if municipality else None
    )
    return Place(term.label, term.id, term.get("regio")) if term else None


def place_factors(index: SearchIndex, place: Place | None) -> np.ndarray:
    """Per document, the factor of the place rule (1 where the query names no place)."""
    if place is None:
        return np.ones(len(index.records))
    table = PLACE_FACTORS if place.id else UNKNOWN_PLACE_FACTORS
    distinct, rows = index.area_rows
    factors = [table.get(place_tier(a, place.id, place.region), 1.0) for a in distinct]
    return np.array(factors)[rows]


def _score_before_place(
    index: SearchIndex,
    groups: list[Group],
    is_question: bool,
    age: int | None = None,
    examples: bool = False,
):
    """Per document: the summed weights (Whoosh's score, times the status, article and age
    factors), how many groups it matched, and whether it holds every query word itself. The
    place and the share of groups matched come after (``_with_place``), so that a word's scores
    serve every place (``pages_by_place``)."""
    size = len(index.records)
    scores = np.zeros(size)
    coverage = np.zeros(size, dtype=np.int64)
    literal = np.zeros(size, dtype=np.int64)  # groups matched by the query word itself (weight 1)
    for group in groups:
        matched = np.zeros(size, dtype=bool)
        itself = np.zeros(size, dtype=bool)
        for term, weight in group.alternatives.items():
            posting = index.arrays.get(term)
            if posting is None:
                continue
            ids, weights = posting
            scores += np.bincount(ids, weights * weight, minlength=size)
            matched[ids] = True
            if weight == 1.0:
                itself[ids] = True
        coverage += matched
        literal += itself
    scores *= index.columns["factor_question" if is_question else "factor"]
    if examples:  # asked for examples: they count whole, doors and networks half
        scores *= index.columns["kind_examples"]
    if age is not None:  # provision for other ages counts half
        outside = (index.columns["age_from"] > age) | (index.columns["age_to"] < age)
        scores *= np.where(outside, AGE_MISMATCH_FACTOR, 1.0)
    return scores, coverage, literal == len(groups)


def _with_place(scores: np.ndarray, places: np.ndarray, coverage: np.ndarray, groups) -> np.ndarray:
    """The scores times the place factors, then the share of query words matched (a factor, not
    a sort key), in this order: the browser multiplies in the same order."""
    scores = scores * places
    scores *= coverage / len(groups)
    return scores


def suggestion(index: SearchIndex, groups: list[Group]) -> str | None:
    if not any(group.correction for group in groups):
        return None
    return " ".join(
        index.written_form(g.correction, g.word) if g.correction else g.word for g in groups
    )
