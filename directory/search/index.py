"""The index: the records in Whoosh (through ``engine``), and what the query side reads beside it
(term weights as arrays, the lexicon, per-document columns for ranking, facet masks)."""

from __future__ import annotations

import functools
import gc
import json
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from ..catalogue import Catalogue
from . import engine
from .engine import stem
from .facets import municipalities_applying
from .query import edit_distance, glossary_pairs, place_key, thesaurus_map
from .records import documents
from .rules import (
    ARTICLE_FACTOR,
    ENDED_FACTOR,
    FACETS,
    FIELD_BOOSTS,
    KIND_FACTOR,
    MIN_PART,
    WEIGHT_DECIMALS,
)
from .text import WORD, index_terms, term_counts, words


@dataclass
class SearchIndex:
    """A built Whoosh index plus what the query side needs beside it."""

    ix: object
    catalogue: Catalogue
    parts: frozenset
    records: list[dict]
    thesaurus: dict = field(default_factory=dict)  # folded word or phrase -> list of synonyms

    @cached_property
    def searcher(self):
        if self.ix is None:
            raise RuntimeError("Whoosh's index is let go of (let_go_of_whoosh): no searcher")
        return engine.bm25_searcher(self.ix)

    @cached_property
    def arrays(self) -> TermWeights:
        """Term -> (document numbers, weights): per document the sum over fields of field boost
        times Whoosh's BM25F score of the term in that field. Summing these is what Whoosh does
        for an Or of boosted Terms (``whoosh_query``), and it is what the static search does in
        the browser."""
        searcher = self.__dict__.get("searcher") or engine.bm25_searcher(self.ix)
        try:
            parts, terms = engine.bm25_postings(searcher, len(self.records), FIELD_BOOSTS)
        finally:
            if searcher is not self.__dict__.get("searcher"):
                # its readers' caches held 120 MB at 50,000 entries, and nothing here reads them
                # again; a caller that wants Whoosh's own search asks for ``searcher``
                searcher.close()
        engine.give_back_freed_memory()
        weights = _sum_per_term(parts, terms, max(1, len(self.records)))
        engine.give_back_freed_memory()  # the sort's copies: 130 MB at 50,000 entries
        return weights

    @cached_property
    def place_names(self) -> dict[tuple, object]:
        """Query words of each catalogue municipality and of its villages and districts
        (``kernen``: "Emmeloord" is Noordoostpolder) -> its vocabulary term."""
        names = {}
        for term in self.catalogue.vocabularies["gemeenten"]:
            for name in [*term.get("kernen", []), term.label]:
                names[place_key(name)] = term
        return names

    @cached_property
    def areas(self) -> list:
        return [r["gebied"] for r in self.record_of_docnum]

    @cached_property
    def area_rows(self) -> tuple[list, np.ndarray]:
        """The distinct areas, and per document the row of its own: a place's factors are then
        worked out once per area, not per document (a few hundred areas for 50,000 entries)."""
        distinct, rows = distinct_rows(self.areas)
        return distinct, np.array(rows, dtype=np.int64)

    @cached_property
    def lexicon(self) -> dict[str, int]:
        """Every indexed term -> the number of documents it occurs in (any field)."""
        return {term: len(ids) for term, (ids, _) in self.arrays.items()}

    @cached_property
    def columns(self) -> dict[str, np.ndarray]:
        """Per-document values the ranking and listing need, in document-number order."""
        records = self.record_of_docnum
        ended = np.array([r["status"] == "beeindigd" for r in records], dtype=bool)
        article = np.array([r["soort"] == "kennis" for r in records], dtype=bool)
        not_a_door = np.array(
            [r["facets"]["vorm"] not in ([], ["dienst"]) for r in records], dtype=bool
        )
        example = np.array([r["facets"]["vorm"] == ["voorbeeld"] for r in records], dtype=bool)
        status = np.where(ended, ENDED_FACTOR, 1.0)
        kind = np.where(not_a_door, KIND_FACTOR, 1.0)
        return {
            # asked for examples: examples count whole, doors and networks half
            "kind_examples": np.where(~article & ~example, KIND_FACTOR, 1.0) / kind,
            "is_entry": ~article,
            "age_from": np.array(
                [r["leeftijd"][0] if r["leeftijd"][0] is not None else -1 for r in records]
            ),
            "age_to": np.array(
                [r["leeftijd"][1] if r["leeftijd"][1] is not None else 999 for r in records]
            ),
            "factor": status * np.where(article, ARTICLE_FACTOR[False], 1.0) * kind,
            "factor_question": status * np.where(article, ARTICLE_FACTOR[True], 1.0) * kind,
        }

    @cached_property
    def facet_masks(self) -> dict[str, dict[str, np.ndarray]]:
        """Facet -> value -> which documents pass the filter {facet: [value]}; only entries pass,
        and a municipality passes what applies there (the rule of ``matches_filters``)."""
        records = self.record_of_docnum
        municipalities = self.catalogue.vocabularies["gemeenten"].ids
        masks = {name: {} for name in FACETS}
        for number, record in enumerate(records):
            if record["soort"] != "aanbod":
                continue
            for name in FACETS:
                if name == "gemeente":
                    values = municipalities_applying(record, municipalities)
                else:
                    values = record["facets"][name]
                for value in values:
                    if value not in masks[name]:
                        masks[name][value] = np.zeros(len(records), dtype=bool)
                    masks[name][value][number] = True
        for value in municipalities:  # every municipality can be chosen, even where nothing applies
            masks["gemeente"].setdefault(value, np.zeros(len(records), dtype=bool))
        return {
            name: dict(sorted(values.items()))
            if name != "gemeente"
            else {m: values[m] for m in municipalities}
            for name, values in masks.items()
        }

    @cached_property
    def word_filter(self) -> engine.WordFilter:
        return self.ix.schema["naam"].analyzer.items[-1]

    def let_go_of_whoosh(self):
        """Keep the term weights and the word analysis, free Whoosh's index: what the static
        index is written from needs no more (60 MB at 50,000 entries, #21). Whoosh's own search
        (``searcher``) is gone with it."""
        self.arrays, self.word_filter  # noqa: B018 - computed and kept before the index goes
        self.__dict__.pop("searcher", None)
        self.ix = None
        gc.collect()
        engine.give_back_freed_memory()

    @cached_property
    def sorted_terms(self) -> list[str]:
        return sorted(self.lexicon)

    @cached_property
    def terms_by_initial(self) -> dict[str, list[str]]:
        buckets: dict[str, list[str]] = {}
        for term in self.sorted_terms:
            buckets.setdefault(term[0], []).append(term)
        return buckets

    @cached_property
    def surface_forms(self) -> dict[str, list[tuple[str, int]]]:
        """Stem -> its written forms with counts, so a suggestion reads as a real word."""
        written = Counter()
        for record in self.records:
            written.update(words(" ".join(record[f] for f in FIELD_BOOSTS)))
        counts: dict[str, Counter] = {}
        for word, n in written.items():  # each distinct word is stemmed once
            counts.setdefault(stem(word), Counter())[word] += n
        return {s: sorted(c.items(), key=lambda kv: (-kv[1], kv[0])) for s, c in counts.items()}

    def written_form(self, term: str, typed: str) -> str:
        """The written form of a stem closest to what was typed (then the most common)."""
        forms = self.surface_forms.get(term)
        if not forms:
            return term
        return min(forms, key=lambda fc: (edit_distance(typed, fc[0], 99), -fc[1], fc[0]))[0]

    @property
    def record_of_docnum(self) -> list[dict]:
        """Document number -> record: segments in order and never merged, so numbers follow the
        order of adding (``engine.create_index``)."""
        return self.records

    @cached_property
    def records_by_slug(self) -> dict[str, dict]:
        return {record["slug"]: record for record in self.records}


def distinct_rows(values: list) -> tuple[list, list[int]]:
    """The distinct values in the order they first come (lists and dicts compared by content),
    and per value its row among them: a column of few distinct values, stored once each."""
    rows: dict[str, int] = {}
    distinct = []
    numbers = []
    for value in values:
        key = json.dumps(value)
        if key not in rows:
            rows[key] = len(distinct)
            distinct.append(value)
        numbers.append(rows[key])
    return distinct, numbers


def _sum_per_term(parts: list[tuple], terms: list[str], size: int) -> TermWeights:
    """Add up the weights a term has in each field of a document; document numbers ascending.
    Rounded, so that the browser, which reads them from JSON, sums exactly the same numbers.
    ``parts`` is emptied on the way: one sort key per posting, and no more copies at a time than
    needed, because at a million postings this is the index helper's peak of memory (#21)."""
    if not parts:
        return TermWeights([], np.zeros(1, dtype=np.int64), np.zeros(0, np.int32), np.zeros(0))
    keys = np.concatenate(
        [numbers.astype(np.int64) * size + docnums for numbers, docnums, _ in parts]
    )
    weights = np.concatenate([part[2] for part in parts])
    parts.clear()
    order = np.argsort(keys, kind="stable")  # stable: each sum adds its fields in field order
    keys, weights = keys[order], weights[order]
    del order
    first = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    weights = np.round(np.add.reduceat(weights, first), WEIGHT_DECIMALS)
    numbers, docnums = np.divmod(keys[first], size)
    del keys
    bounds = np.flatnonzero(np.r_[True, numbers[1:] != numbers[:-1], True])
    return TermWeights(
        [terms[n] for n in numbers[bounds[:-1]]], bounds, docnums.astype(np.int32), weights
    )


class TermWeights(Mapping):
    """Term -> (document numbers, weights), kept as two flat arrays and each term's bounds in
    them. A dict of a hundred thousand pairs of numpy views held 30 MB more at 10,000 entries
    than the numbers in them (#21)."""

    def __init__(self, terms: list[str], bounds: np.ndarray, docnums, weights):
        self._row = {term: i for i, term in enumerate(terms)}
        self._bounds, self._docnums, self._weights = bounds, docnums, weights

    def __getitem__(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        row = self._row[term]
        start, end = self._bounds[row], self._bounds[row + 1]
        return self._docnums[start:end], self._weights[start:end]

    def __iter__(self):
        return iter(self._row)

    def __len__(self) -> int:
        return len(self._row)


def compound_parts(catalogue: Catalogue) -> frozenset:
    """The words compounds may be split into: the catalogue's own words of four letters or more
    (once per catalogue: the index and the related entries both need them)."""
    return catalogue.memo(("delen",), lambda: _compound_parts(catalogue))


def _compound_parts(catalogue: Catalogue) -> frozenset:
    counts = Counter()
    for doc in documents(catalogue):
        counts.update(
            w for w in words(" ".join(doc[f] for f in FIELD_BOOSTS)) if len(w) >= MIN_PART
        )
    for group in catalogue.thesaurus:
        counts.update(w for term in group for w in words(term) if len(w) >= MIN_PART)
    return frozenset(counts)


def word_analyser(catalogue: Catalogue) -> engine.WordFilter:
    """The analysis of one word against the catalogue's compound parts, cached per word, once
    per catalogue: every field of the index shares it, and so do the related entries where they
    are computed in the same process (``check``, the tests)."""
    return catalogue.memo(
        ("woordanalyse",),
        lambda: engine.WordFilter(functools.partial(index_terms, parts=compound_parts(catalogue))),
    )


def build_index(catalogue: Catalogue, kept=None) -> SearchIndex:
    """The Whoosh index of the catalogue; ``kept`` (``incremental.SegmentMemory``) holds the
    segments of the last build, of which those whose records did not change are taken over."""
    parts = compound_parts(catalogue)
    schema = engine.make_schema(FIELD_BOOSTS, WORD, word_analyser(catalogue), term_counts)
    ix = engine.create_index(schema, documents(catalogue), FIELD_BOOSTS, kept)
    return _search_index(catalogue, ix, parts)


def _search_index(catalogue: Catalogue, ix, parts: frozenset) -> SearchIndex:
    return SearchIndex(
        ix,
        catalogue,
        parts,
        documents(catalogue),
        thesaurus_map(catalogue.thesaurus + glossary_pairs(catalogue)),
    )


def portable_index(index: SearchIndex) -> tuple:
    """What another process needs to have the same index without building it (``reopened``):
    Whoosh's files, the compound parts and the term weights."""
    return (*engine.index_files(index.ix), index.parts, index.arrays)


def reopened_index(catalogue: Catalogue, portable: tuple) -> SearchIndex:
    """The index of ``portable_index``, for the same catalogue."""
    name, files, parts, arrays = portable
    index = _search_index(catalogue, engine.open_index_files(name, files), parts)
    index.__dict__["arrays"] = arrays  # the cached property, as computed over there
    return index


def records_index(catalogue: Catalogue) -> SearchIndex:
    """What frozen pages read of the index (the records, for the question pages' filters),
    without Whoosh: the build makes the full index in a helper process beside the pages."""
    return SearchIndex(None, catalogue, frozenset(), documents(catalogue))


def whoosh_query(groups):
    """The Whoosh query for the groups: an Or of every alternative in every field, boosted."""
    return engine.boosted_or(groups, FIELD_BOOSTS)


def baseline_search(catalogue: Catalogue):
    """Return a function query -> ranked slugs using plain Whoosh (the benchmark's yardstick)."""
    from .query import clean_query

    return engine.plain_whoosh(documents(catalogue), FIELD_BOOSTS, clean_query)
