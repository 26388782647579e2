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
    catalogue: Catalogue, count: int = RELATED_COUNT, counted=None
) -> dict[str, list[tuple[str, float]]]:
    """The same as ``related_entries`` without building the Whoosh index (fast, for `check`).
    ``counted`` (``incremental.CountMemory``) holds the term counts of the last build."""
    return _related(documents(catalogue), word_analyser(catalogue).terms_of, count, counted)


def _related(records, terms_of, count, counted=None) -> dict[str, list[tuple[str, float]]]:
    """Candidates share an entry's most characteristic (rare) terms; they are then ranked by the
    exact cosine of their full vectors."""
    vectors = _tfidf_vectors(records, terms_of, counted)
    slugs = list(vectors)
    postings = _Postings([terms for terms, _ in vectors.values()])
    result = {}
    dense = np.zeros(postings.term_count + 1)  # one entry's vector over all terms, zero elsewhere
    for number, slug in enumerate(slugs):
        terms, weights = vectors[slug]
        # ties: first in text
        strongest = terms[np.argsort(-weights, kind="stable")[:RELATED_TERMS]]
        dense[terms] = weights
        exact = [
            (slugs[other], _cosine(dense, *vectors[slugs[other]]))
            for other in postings.most_shared(strongest, number, count * 2).tolist()
        ]
        dense[terms] = 0.0
        exact.sort(key=lambda pair: (-pair[1], pair[0]))
        result[slug] = [(other, round(score, 3)) for other, score in exact[:count]]
    return result


class _Postings:
    """Per term, the numbers of the entries that have it, in catalogue order: one flat array."""

    def __init__(self, term_lists: list[np.ndarray]):
        terms = np.concatenate(term_lists) if term_lists else np.zeros(0, dtype=np.int32)
        owners = np.repeat(np.arange(len(term_lists)), [len(t) for t in term_lists])
        order = np.argsort(terms, kind="stable")
        self.entries = owners[order]
        self.term_count = int(terms.max()) + 1 if len(terms) else 0
        self.bounds = np.searchsorted(terms[order], np.arange(self.term_count + 1))
        self.sizes = np.diff(self.bounds)

    def most_shared(self, terms: np.ndarray, entry: int, limit: int) -> np.ndarray:
        """The entries that share most of ``terms`` with ``entry``, counting only terms in at
        most RELATED_POSTINGS_CAP entries; among equals, the first met going through ``terms``
        in order (as collections.Counter.most_common orders them)."""
        useful = terms[self.sizes[terms] <= RELATED_POSTINGS_CAP].tolist()
        if not useful:
            return np.zeros(0, dtype=np.int64)
        found = np.concatenate([self.entries[self.bounds[t] : self.bounds[t + 1]] for t in useful])
        found = found[found != entry]
        others, first, counts = np.unique(found, return_index=True, return_counts=True)
        return others[np.lexsort((first, -counts))[:limit]]


def _cosine(dense: np.ndarray, terms: np.ndarray, weights: np.ndarray) -> float:
    """Of one entry's vector spread over all terms and another's; fsum, so neither the order of
    the terms nor the zeros of the terms they do not share can change the result."""
    return math.fsum((dense[terms] * weights).tolist())


def _counts(text: str, terms_of) -> tuple[list[str], array]:
    """A text's terms in the order they first occur, and their frequencies."""
    found = term_counts(text, terms_of)
    return list(found), array("i", found.values())


def _tfidf_vectors(records, terms_of, counted=None) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Unit tf-idf vectors of each entry's text: (term numbers, weights), in the order the terms
    first occur. Arrays, not a dict per entry: those held about 100 MB at 10,000 entries, which
    the build's main process kept to its end (#21)."""
    numbers: dict[str, int] = {}
    counts = {}
    document_frequency: Counter = Counter()
    for record in records:
        if record["soort"] != "aanbod":
            continue
        text = " ".join(record[f] for f in FIELD_BOOSTS)
        found = counted.get(text) if counted is not None else None
        if found is None:
            found = _counts(text, terms_of)
            if counted is not None:
                counted.put(text, *found)
        terms, frequencies = found
        term_numbers = array("i", [numbers.setdefault(t, len(numbers)) for t in terms])
        counts[record["slug"]] = (term_numbers, frequencies)
        document_frequency.update(term_numbers)
    total = len(counts)
    # each logarithm once: of every term's document frequency, and of every term frequency
    idf = np.array([math.log(1 + total / document_frequency[t]) for t in range(len(numbers))])
    largest = max((max(f) for _, f in counts.values() if f), default=1)
    log_tf = np.array([0.0] + [1 + math.log(tf) for tf in range(1, largest + 1)])
    vectors = {}
    for slug, (term_numbers, frequencies) in counts.items():
        terms = np.frombuffer(term_numbers, dtype=np.int32)
        vector = log_tf[np.frombuffer(frequencies, dtype=np.int32)] * idf[terms]
        norm = math.sqrt(sum(v * v for v in vector.tolist())) or 1.0  # summed in order, as before
        vectors[slug] = (terms, vector / norm)
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
