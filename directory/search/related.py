"""Related entries and possible duplicates: cosine similarity of tf-idf vectors over each entry's
most characteristic terms ("dubbelingen", the documents' word for overlapping provision)."""

from __future__ import annotations

import math
from collections import Counter
from typing import TYPE_CHECKING

from ..catalogue import Catalogue
from .index import compound_parts, word_analyser
from .records import documents
from .rules import (
    DUPLICATE_SIMILARITY,
    FIELD_BOOSTS,
    RELATED_COUNT,
    RELATED_POSTINGS_CAP,
    RELATED_TERMS,
)
from .text import term_counts

if TYPE_CHECKING:
    from .index import SearchIndex


def related_entries(
    index: SearchIndex, count: int = RELATED_COUNT
) -> dict[str, list[tuple[str, float]]]:
    """For every entry, the most similar other entries (cosine of tf-idf vectors of all its text,
    analysed as the index analyses it, over its characteristic terms)."""
    return _related(index.records, index.word_filter.terms_of, count)


def similar_entries(
    catalogue: Catalogue, count: int = RELATED_COUNT
) -> dict[str, list[tuple[str, float]]]:
    """The same as ``related_entries`` without building the Whoosh index (fast, for `check`)."""
    return _related(documents(catalogue), word_analyser(compound_parts(catalogue)).terms_of, count)


def _related(records, terms_of, count) -> dict[str, list[tuple[str, float]]]:
    """Candidates share an entry's most characteristic (rare) terms; they are then ranked by the
    exact cosine of their full vectors."""
    vectors = _tfidf_vectors(records, terms_of)
    postings: dict[str, list[str]] = {}
    for slug, vector in vectors.items():
        for term in vector:
            postings.setdefault(term, []).append(slug)
    result = {}
    for slug, vector in vectors.items():
        candidates: Counter = Counter()
        for term, _weight in sorted(vector.items(), key=lambda kv: -kv[1])[:RELATED_TERMS]:
            if len(postings[term]) <= RELATED_POSTINGS_CAP:
                candidates.update(postings[term])  # a whole list at once: counted in C
        candidates.pop(slug, None)
        exact = [
            (other, _cosine(vector, vectors[other]))
            for other, _ in candidates.most_common(count * 2)
        ]
        exact.sort(key=lambda pair: (-pair[1], pair[0]))
        result[slug] = [(other, round(score, 3)) for other, score in exact[:count]]
    return result


def _cosine(a: dict, b: dict) -> float:
    """Over the shared terms only; fsum, so the (set) order of the terms cannot change the
    result."""
    return math.fsum(a[term] * b[term] for term in a.keys() & b.keys())


def _tfidf_vectors(records, terms_of) -> dict[str, dict[str, float]]:
    """Unit tf-idf vectors of each entry's text."""
    counts = {
        r["slug"]: term_counts(" ".join(r[f] for f in FIELD_BOOSTS), terms_of)
        for r in records
        if r["soort"] == "aanbod"
    }
    document_frequency = Counter(t for c in counts.values() for t in c)
    total = len(counts)
    vectors = {}
    for slug, terms in counts.items():
        vector = {
            t: (1 + math.log(tf)) * math.log(1 + total / document_frequency[t])
            for t, tf in terms.items()
        }
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        vectors[slug] = {t: v / norm for t, v in vector.items()}
    return vectors


def possible_duplicates(
    related: dict[str, list[tuple[str, float]]], threshold: float = DUPLICATE_SIMILARITY
) -> list[tuple[str, str, float]]:
    pairs = set()
    for slug, others in related.items():
        for other, score in others:
            if score >= threshold:
                pairs.add((min(slug, other), max(slug, other), score))
    return sorted(pairs)
