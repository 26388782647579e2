"""Related entries and possible duplicates: cosine similarity of tf-idf vectors over each entry's
most characteristic terms ("dubbelingen", the documents' word for overlapping provision)."""

from __future__ import annotations

import math
from array import array
from collections import Counter
from typing import TYPE_CHECKING

import numpy as np

from ..catalogue import Catalogue
from .index import word_analyser
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
    return _related(documents(catalogue), word_analyser(catalogue).terms_of, count)


def _related(records, terms_of, count) -> dict[str, list[tuple[str, float]]]:
    """Candidates share an entry's most characteristic (rare) terms; they are then ranked by the
    exact cosine of their full vectors."""
    vectors = _tfidf_vectors(records, terms_of)
    postings: dict[int, list[str]] = {}
    for slug, (terms, _) in vectors.items():
        for term in terms.tolist():
            postings.setdefault(term, []).append(slug)
    result = {}
    dense = np.zeros(len(postings) + 1)  # one entry's vector over all terms, zero elsewhere
    for slug, (terms, weights) in vectors.items():
        candidates: Counter = Counter()
        strongest = np.argsort(-weights, kind="stable")[:RELATED_TERMS]  # ties: first in text
        for term in terms[strongest].tolist():
            if len(postings[term]) <= RELATED_POSTINGS_CAP:
                candidates.update(postings[term])  # a whole list at once: counted in C
        candidates.pop(slug, None)
        dense[terms] = weights
        exact = [
            (other, _cosine(dense, *vectors[other]))
            for other, _ in candidates.most_common(count * 2)
        ]
        dense[terms] = 0.0
        exact.sort(key=lambda pair: (-pair[1], pair[0]))
        result[slug] = [(other, round(score, 3)) for other, score in exact[:count]]
    return result


def _cosine(dense: np.ndarray, terms: np.ndarray, weights: np.ndarray) -> float:
    """Of one entry's vector spread over all terms and another's; fsum, so neither the order of
    the terms nor the zeros of the terms they do not share can change the result."""
    return math.fsum((dense[terms] * weights).tolist())


def _tfidf_vectors(records, terms_of) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Unit tf-idf vectors of each entry's text: (term numbers, weights), in the order the terms
    first occur. Arrays, not a dict per entry: those held about 100 MB at 10,000 entries, which
    the build's main process kept to its end (#21)."""
    numbers: dict[str, int] = {}
    counts = {}
    document_frequency: Counter = Counter()
    for record in records:
        if record["soort"] != "aanbod":
            continue
        terms = term_counts(" ".join(record[f] for f in FIELD_BOOSTS), terms_of)
        term_numbers = array("i", [numbers.setdefault(t, len(numbers)) for t in terms])
        counts[record["slug"]] = (term_numbers, array("i", terms.values()))
        document_frequency.update(term_numbers)
    total = len(counts)
    vectors = {}
    for slug, (term_numbers, frequencies) in counts.items():
        vector = [
            (1 + math.log(tf)) * math.log(1 + total / document_frequency[term])
            for term, tf in zip(term_numbers, frequencies, strict=True)
        ]
        norm = math.sqrt(sum(v * v for v in vector)) or 1.0
        vectors[slug] = (
            np.frombuffer(term_numbers, dtype=np.int32),
            np.array([v / norm for v in vector]),
        )
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
