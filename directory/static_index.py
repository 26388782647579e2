"""Export the search index for the static site, so the browser can search without a server.

The Sphinx way: at build time we write what the query side needs, and a small script
(``static/zoeken.js``) analyses and ranks exactly as ``search.py`` does. The files are split so a
query loads only what it needs, and named by content hash so browsers may cache them for ever:

    manifest.<hash>.json     what every query needs, in one file (named and preloaded by the
                             /zoeken/ page): the names of the other files, and
      "meta"                 stopwords, facet labels, constants
      "basis"                per document, one character each: kind, ended, and per facet whether
                             it counts towards that facet (which facet headings a result shows);
                             area and age range as rows of small tables, or for an index of more
                             than LAZY_BASIS_DOCS documents in b- files named under "los"
    b-<column>.<hash>.json   the basis's place ("gebied") or age ("leeftijd") column of a large
                             index, loaded only by a query that names a place or an age
    unicode.<hash>.json      the code points Python's Unicode does not know; read only for a query
                             with characters beyond Latin (the browser's Unicode may be newer)
    f-<facet>.<hash>.json    per document: that facet's values (for the municipality: where it
                             applies); loaded when a filter uses the facet or its heading is opened
    t-<letter>.<hash>.json   what starts with <letter>: indexed terms (df, postings bucket, written
                             forms), compound parts, thesaurus entries, how the catalogue's long
                             words split, and the entries of their synonym and part terms that
                             start with another letter ("leen")
    p-<n>.<hash>.json        postings: term -> [document numbers (delta coded), weights x 1000];
                             a term's bucket n is a hash of the term (postings_bucket), so a
                             query fetches its words' postings beside their t- shards
    u-<crc>.<hash>.json      per word with synonyms or compound parts ("uit" in its t- shard): the
                             postings of the terms it expands to, in one file instead of a p-
                             bucket each (terms in at most EXPANSION_MAX_DF documents), and the
                             cards of the word's first page when searched on its own
    a-<crc>.<hash>.json      per one-word query that would read at least ANSWER_MIN_READ
                             document numbers ("antwoord" in its t- shard): its first page as
                             search.search gives it, with the cards, so it needs no postings;
                             for the PLACE_ANSWER_WORDS of these whose terms hold the most
                             postings ("plaatsantwoord"), the first page with each municipality
                             of the catalogue, named or chosen ("<word>@<municipality>")
    d-<n>.<hash>.json        result card and snippet text of document n
    k-<crc>.<hash>.json      card bundles (bundles.py), so a page of hits comes in one or a
                             few files: per term in two or more documents, the cards of its
                             BUNDLE_CARDS best documents (term weight times the document's
                             static factor), and for queries with a place of the catalogue the
                             best there ("kaarten": "plaats_df" in the manifest); <crc> is the
                             CRC-32 of the bundle's key, and zoeken.js works out from the
                             postings it holds which documents a bundle has

A first query of one costly word loads the manifest, its t- shard and its a- file. Any other
query loads the manifest, the t- shards of its words' letters, the p- buckets
of its terms, and the cards it shows: the k- bundles that hold two or more of them, and a d- card
for each of the rest; facet values are the largest part of the index after the
postings (about 60 KB gzip at 10,000 entries), and a result list needs none of them. A family of
many small files (t-, p-, d-, f-) shares one hash, of all its files together, so the manifest names
a family in one entry however many files it has (the manifest grows with the catalogue only by
"basis", a few characters per document).
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import os
import sys
import unicodedata
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np

from . import search
from .bundles import (
    BUNDLE_CARDS,
    LOCAL_BUNDLE_LIMIT,
    PlaceBundles,
    exported_weights,
    term_bundles,
)

FOLDER = "zoekindex"
SINGLE_VALUED = {"regio", "status", "vorm"}
KIND_LETTERS = {"dienst": "a", "voorbeeld": "v", "netwerk": "n"}  # per document in "basis"
MAX_MASK_BITS = 52  # facet values per facet: bit masks must stay exact in a JavaScript number
EXPANSION_MAX_DF = 1000  # a term in more documents stays in its p- bucket only (u- files)
# a one-word query whose search reads at least this many document numbers (postings, and the
# place column for a place) gets its first page made by the build (a- files)
ANSWER_MIN_READ = 2000
# the words (readings) whose terms hold the most postings have made first pages with each
# municipality too: a page of such a word and a place otherwise loads the postings of the word
# and its synonyms whole (at 50,000 entries 204 KB for "werk lelystad"); each costs a file per
# municipality on the host (about 11 KB before compression)
PLACE_ANSWER_WORDS = 50
# with more documents than this, the place and age columns leave the manifest for files of
# their own (b-), loaded only by a query that names a place or an age
LAZY_BASIS_DOCS = 5000


class StaticIndex:
    """The files of the static search index, made in memory; ``write`` puts them in place."""

    def __init__(
        self,
        index: search.SearchIndex,
        headings: dict | None = None,
        *,
        answer_min_read: int = ANSWER_MIN_READ,
        place_answer_words: int = PLACE_ANSWER_WORDS,
        lazy_basis_docs: int = LAZY_BASIS_DOCS,
        local_bundle_limit: int = LOCAL_BUNDLE_LIMIT,
    ):
        self.index = index
        self.headings = headings or {}
        self.answer_min_read = answer_min_read
        self.place_answer_words = place_answer_words
        self.lazy_basis_docs = lazy_basis_docs
        self.local_bundle_limit = local_bundle_limit
        self.files: dict[str, bytes] = {}
        # families made again as they are written, not held: the card bundles are as large as
        # all the other files together; (prefix, family hash, function yielding (key, body))
        self.streamed: list[tuple[str, str, Callable[[], Iterator[tuple[str, bytes]]]]] = []
        self.manifest_name = self._build()

    def _add(self, stem: str, data) -> str:
        body = _encode(data)
        name = f"{stem}.{hashlib.sha256(body).hexdigest()[:10]}.json"
        self.files[name] = body
        return name

    def _add_family(self, prefix: str, members: dict) -> str:
        """Write ``prefix-<key>.<hash>.json`` for every member, one hash for the family."""
        return self._add_encoded_family(
            prefix, {key: _encode(data) for key, data in members.items()}
        )

    def _add_encoded_family(self, prefix: str, bodies: dict[str, bytes]) -> str:
        family_hash = _family_hash((key, bodies[key]) for key in sorted(bodies))
        for key, body in bodies.items():
            self.files[f"{prefix}-{key}.{family_hash}.json"] = body
        return family_hash

    def _build(self) -> str:
        index = self.index
        # postings buckets grow with the index, but slower than it
        self.bucket_count = max(1, math.ceil(math.sqrt(sum(index.lexicon.values()))))
        buckets = self._bucket_of_term()
        manifest = {
            "versie": 2,  # 2: meta and basis inline
            "documenten": len(index.records),
            # inline rather than files of their own: every query needs both, and a phone on
            # HTTP/1.1 opens six connections at a time (docs/zoeken.md)
            "meta": self._meta(),
            "basis": self._basis(),
            "unicode": self._add("unicode", unknown_code_points()),
            # every Dutch municipality, loaded only for a query with a word the index lacks
            "plaatsen": self._add(
                "plaatsen",
                [
                    [list(words), name]
                    for words, name in sorted(search.dutch_municipalities().items())
                ],
            ),
            "facetten": self._add_family("f", self._facet_columns()),
            "termen": self._initial_shards(buckets),
            "uitbreidingen": self._expansion_family(),  # after the shards, which name the words
            "antwoorden": self._stream_family("a", self._answer_bodies),  # named in the shards too
            "postings": self._postings(buckets),
            "emmers": self.bucket_count,  # every bucket from 0 to emmers - 1 has a p- file
            "docs": self._stream_family("d", self._card_bodies),
            "kaarten": {
                "hash": self._bundles(),
                "aantal": BUNDLE_CARDS,
                "plaats_df": self._place_bundles.local_min_df,  # <term>@<place> from this many
            },
        }
        return self._add("manifest", manifest)

    def _meta(self) -> dict:
        index = self.index
        vocab = index.catalogue.vocabularies
        labels = {
            name: {term.id: term.label for term in vocab.for_field(field)}
            for name, field in search.FACETS.items()
            if name != "status"
        }
        labels["status"] = {
            "actief": "Actief",
            "gepauzeerd": "Gepauzeerd",
            "beeindigd": "Beëindigd",
            "onbekend": "Status onbekend",
        }
        return {
            "stopwoorden": sorted(search.STOPWORDS),
            "zoekregels": {  # search.query_rules, for queryWords in zoeken.js
                "algemeen": sorted(search.query_rules()["generic"]),
                "nooit": sorted(search.query_rules()["never"]),
                "voorbeelden": sorted(search.query_rules()["examples"]),
                "behoeften": [
                    [list(phrase), replacement]
                    for phrase, replacement in sorted(search.query_rules()["needs"].items())
                ],
                "leeftijd": list(search.query_rules()["ages"]),
            },
            "labels": labels,
            "koppen": self.headings,
            "gemeenten": vocab["gemeenten"].ids,
            "gemeenteRegio": {t.id: t.get("regio") for t in vocab["gemeenten"]},
            "plaatsnamen": [
                [list(key), term.id] for key, term in sorted(index.place_names.items())
            ],
            "constanten": {
                "WEIGHT_SYNONYM": search.WEIGHT_SYNONYM,
                "WEIGHT_PART": search.WEIGHT_PART,
                "WEIGHT_PREFIX": search.WEIGHT_PREFIX,
                "WEIGHT_FUZZY": search.WEIGHT_FUZZY,
                "PREFIX_LIMIT": search.PREFIX_LIMIT,
                "MIN_PREFIX": search.MIN_PREFIX,
                "MIN_COMPOUND": search.MIN_COMPOUND,
                "MIN_PART": search.MIN_PART,
                "LINKERS": list(search.LINKERS),
                "ENDED_FACTOR": search.ENDED_FACTOR,
                "KIND_FACTOR": search.KIND_FACTOR,
                "MIN_SYNONYM_WORD": search.MIN_SYNONYM_WORD,
                "RELATIVE_CUTOFF": search.RELATIVE_CUTOFF,
                "AGE_MISMATCH_FACTOR": search.AGE_MISMATCH_FACTOR,
                "PLACE_FACTORS": search.PLACE_FACTORS,
                "UNKNOWN_PLACE_FACTORS": search.UNKNOWN_PLACE_FACTORS,
                "ARTICLE_FACTOR_QUESTION": search.ARTICLE_FACTOR[True],
                "ARTICLE_FACTOR": search.ARTICLE_FACTOR[False],
                "MAX_QUERY_CHARS": search.MAX_QUERY_CHARS,
                "MAX_QUERY_WORDS": search.MAX_QUERY_WORDS,
                "QUESTION_WORDS": sorted(search.QUESTION_WORDS),
                "MAX_COMPOUND": search.MAX_COMPOUND,
                "SNIPPET_CHARS": search.SNIPPET_CHARS,
                "FACETS": list(search.FACETS),
            },
        }

    def _basis(self) -> dict:
        """What ranking every query needs, per document, one character each: kind (k for an
        article; for an entry by its vorm: a dienst, v voorbeeld, n netwerk), ended
        (1/0), and per facet whether the document counts towards it at all (1/0), so the page can
        show which facets a result list has before it loads any facet's values; the place and
        age columns inline, or for a large index in b- files named under "los"."""
        records = self.index.record_of_docnum
        municipalities = self.index.catalogue.vocabularies["gemeenten"].ids

        def counts_for(record: dict, name: str) -> bool:
            if record["soort"] == "kennis":
                return False
            if name == "gemeente":
                return bool(search.municipalities_applying(record, municipalities))
            return bool(record["facets"][name])

        basis = {
            "soort": "".join(
                "k" if r["soort"] == "kennis" else KIND_LETTERS[r["facets"]["vorm"][0]]
                for r in records
            ),
            "beeindigd": "".join("1" if r["status"] == "beeindigd" else "0" for r in records),
            "aanwezig": {
                name: "".join("1" if counts_for(r, name) else "0" for r in records)
                for name in search.FACETS
            },
        }
        # for the place rule and the age factor: a table of the distinct values, and per document
        # its row in base 36 (search.place_tier; the age range [from, to], 0 where open)
        columns = {
            "gebied": _table("gebied", [r["gebied"] for r in records]),
            "leeftijd": _table(
                "leeftijd",
                [
                    [r["leeftijd"][0] or 0, r["leeftijd"][1] or 0]
                    if r["soort"] != "kennis" and r["leeftijd"] != [None, None]
                    else 0
                    for r in records
                ],
            ),
        }
        if len(records) > self.lazy_basis_docs:  # most queries name neither: files of their own
            basis["los"] = {name: self._add(f"b-{name}", part) for name, part in columns.items()}
        else:  # small: inline saves the request
            for part in columns.values():
                basis.update(part)
        return basis

    def _facet_columns(self) -> dict[str, dict]:
        """Per facet, per document, compactly: the facet's values as indices into its sorted value
        list; for the municipality, where the document applies. Loaded only for a facet whose
        counts are shown or that filters."""
        records = self.index.record_of_docnum
        municipalities = {
            m: i for i, m in enumerate(self.index.catalogue.vocabularies["gemeenten"].ids)
        }
        columns = {}
        for name in search.FACETS:
            if name == "gemeente":
                columns[name] = {
                    "geldt": [
                        [-1]
                        if "landelijk" in r["geldt_in"]
                        else [municipalities[k] for k in r["geldt_in"] if k in municipalities]
                        for r in records
                    ]
                }
                continue
            values = sorted({v for r in records for v in r["facets"][name]})
            if len(values) > MAX_MASK_BITS:
                raise ValueError(
                    f"facet {name} has {len(values)} values; the static index packs at most "
                    f"{MAX_MASK_BITS}"
                )
            position = {v: i for i, v in enumerate(values)}
            single = name in SINGLE_VALUED
            columns[name] = {
                "waarden": values,
                "enkelvoudig": single,
                # per document: a bit mask of its values in hexadecimal (compresses best); for a
                # facet with one value per document (regio, status) just that value's number
                "kolom": ",".join(
                    _encode_values([position[v] for v in r["facets"][name]], single)
                    for r in records
                ),
            }
        return columns

    def _bucket_of_term(self) -> dict[str, int]:
        lexicon = self.index.lexicon
        return {term: postings_bucket(term, self.bucket_count) for term in lexicon}

    def _initial_shards(self, buckets: dict[str, int]) -> dict[str, str]:
        """Per first character: indexed terms, compound parts, thesaurus entries, and how each of
        the catalogue's own long words splits into parts ("splitsing", [] where it does not). A
        query loads the shards of its words' letters; only a long word the catalogue does not have
        needs the shards of the letters where a part can start, to split it itself."""
        index = self.index
        shards: dict[str, dict] = {}

        def shard(key: str) -> dict:
            return shards.setdefault(
                key[0],
                {
                    "termen": {},
                    "delen": [],
                    "thesaurus": {},
                    "leen": {},
                    "splitsing": {},
                    "uit": {},
                    "antwoord": [],
                    "plaatsantwoord": [],
                },
            )

        for term in index.sorted_terms:
            forms = [[form, n] for form, n in index.surface_forms.get(term, [])]
            entry = [index.lexicon[term], buckets[term]]
            if forms and forms != [[term, forms[0][1]]]:
                entry.append(forms)
            shard(term)["termen"][term] = entry
        for part in sorted(index.parts):
            shard(part)["delen"].append(part)
        for key, synonyms in sorted(index.thesaurus.items()):
            if key:
                shard(key)["thesaurus"][key] = synonyms
                shard(key)["leen"].update(self._borrowed(key, synonyms, shards))
        for word in sorted(index.parts):  # the catalogue's own words, split here
            if search.MIN_COMPOUND <= len(word) <= search.MAX_COMPOUND:
                parts = search.split_compound(word, index.parts)
                shard(word)["splitsing"][word] = parts
                shard(word)["leen"].update(self._borrowed(word, parts, shards))
        self.expansions = self._expansion_terms(shards)
        for word, terms in self.expansions.items():
            shard(word)["uit"][word] = terms
        self.answers, with_places = self._answers()
        for key in self.answers:
            if "@" not in key:
                shard(key)["antwoord"].append(key)
        for word in with_places:
            shard(word)["plaatsantwoord"].append(word)
        names = {initial: _safe(initial) for initial in shards}
        return {
            "hash": self._add_family("t", {names[i]: content for i, content in shards.items()}),
            "namen": names,
        }

    def _expansion_terms(self, shards: dict[str, dict]) -> dict[str, list[str]]:
        """Per word with synonyms or compound parts in the index: the terms it expands to besides
        its own stem that are found in at most EXPANSION_MAX_DF documents (maybe none). Their
        postings come in one u- file (``_expansion_bodies``) instead of a p- bucket each, with the
        cards of the word's first page; the terms of very common words stay in their buckets,
        which every query shares."""
        lexicon = self.index.lexicon
        expansions = {}
        for content in shards.values():
            words = {w for w in content["thesaurus"] if " " not in w} | set(content["splitsing"])
            for word in sorted(words):
                found = set(_synonym_terms(content["thesaurus"].get(word, [])))
                found.update(_synonym_terms(content["splitsing"].get(word, [])))
                found.discard(search.stem(word))
                found &= lexicon.keys()
                if found:  # its page is not its own term's bundle
                    expansions[word] = sorted(t for t in found if lexicon[t] <= EXPANSION_MAX_DF)
        return expansions

    def _expansion_family(self) -> str:
        """The u- family: per word of ``expansions``, {word: {"termen": {term: postings},
        "kaarten": {document number: card}}}, in the file named by the CRC-32 of the word (words
        with the same CRC share it); hashed now, made again by ``write``. The cards are the
        first page of the word searched on its own, which a term's bundle does not hold when the
        word's synonyms and parts reorder it."""
        docnum = {r["slug"]: n for n, r in enumerate(self.index.record_of_docnum)}
        self.first_pages = {  # a word with a made first page (_answers) was searched already
            word: sorted(
                self.answers[word]["treffers"]
                if word in self.answers
                else (
                    docnum[hit.slug]
                    for hit in search.search(
                        self.index, word, limit=BUNDLE_CARDS, snippets=False
                    ).hits
                )
            )
            for word in self.expansions
        }
        return self._stream_family("u", self._expansion_bodies)

    def _expansion_bodies(self) -> Iterator[tuple[str, bytes]]:
        for key, words in _by_crc(self.expansions):
            members = {}
            for word in words:
                terms = _encode({term: self._posting(term) for term in self.expansions[word]})
                cards = self._cards_of(self.first_pages[word])
                members[word] = f'{{"termen":{terms.decode()},"kaarten":{cards}}}'
            yield key, _json_object(members)

    def _answers(self) -> tuple[dict[str, dict], list[str]]:
        """The first page of every one-word query that would read at least ``answer_min_read``
        document numbers (``_answer_candidates``), as search.search gives it: the hits in order,
        the total, the facets the list has, the place, the suggestion, and the terms that mark
        the snippets. zoeken.js shows it without loading postings or the basis, and loads them
        only for more hits or a facet's counts; the cards come with it (``_answer_bodies``).
        Also the pages of the broadest of these words with each municipality (``_place_pages``),
        under "<word>@<municipality>", and the words that have them."""
        docnum = {r["slug"]: n for n, r in enumerate(self.index.record_of_docnum)}
        candidates = list(self._answer_candidates())
        words_only = {  # read as words alone: no place, age, examples or question
            analysis: cost for _, analysis, _, cost in candidates if not any(analysis[1:])
        }
        broadest = sorted(words_only, key=lambda analysis: (-words_only[analysis], analysis[0]))
        broad = set(broadest[: self.place_answer_words])
        answers, made, with_places = {}, {}, []
        for word, analysis, groups, _ in candidates:
            if analysis not in made:  # words read the same way (forms of one stem) search alike
                result = search.search(self.index, word, limit=BUNDLE_CARDS, snippets=False)
                made[analysis] = {
                    "treffers": [docnum[hit.slug] for hit in result.hits],
                    "totaal": result.total,
                    "filters": [name for name in search.FACETS if result.facets.get(name)],
                    "plaats": result.as_json(limit=0)["plaats"],
                    "termen": sorted({t for group in analysis[0] for t, _ in group}),
                }
                made[analysis, "@"] = (
                    self._place_pages(word, made[analysis]["termen"]) if analysis in broad else {}
                )
            # the suggestion writes the typed word itself: its own, not that of a word read alike
            suggestion = search.suggestion(self.index, groups)
            answers[word] = {**made[analysis], "suggestie": suggestion}
            if made[analysis, "@"]:
                with_places.append(word)
                for place, page in made[analysis, "@"].items():
                    answers[f"{word}@{place}"] = {**page, "suggestie": suggestion}
        return answers, with_places

    def _place_pages(self, word: str, terms: list[str]) -> dict[str, dict]:
        """Per municipality of the catalogue: the first page of the word with it named or chosen
        (the same page either way), as ``_answers`` writes one (without the suggestion)."""
        index = self.index
        municipalities = index.catalogue.vocabularies["gemeenten"]
        places = [search.chosen_place(index, term.id) for term in municipalities]
        return {
            page.place.id: {
                "treffers": page.docs,
                "totaal": page.total,
                "filters": page.facets,
                "plaats": search.place_json(page.place),
                "termen": terms,
            }
            for page in search.pages_by_place(index, word, places, BUNDLE_CARDS) or []
        }

    def _answer_candidates(self) -> Iterator[tuple[str, tuple, list, int]]:
        """(word, how search.py reads it, its groups, the document numbers its terms hold) for
        each word a young person may type on its own that costs a search many document numbers:
        the catalogue's written words, thesaurus keys and place names. Two words with the same
        reading have the same results (not the same suggestion, which writes the typed word)."""
        index = self.index
        words = {form for forms in index.surface_forms.values() for form, _ in forms}
        words.update(key for key in index.thesaurus if " " not in key)
        words.update(key[0] for key in index.place_names if len(key) == 1)
        lexicon, size = index.lexicon, len(index.records)
        for word in sorted(words):
            read = search.query_words(word)
            rest, place = search.find_place(index, read.words)
            groups = search.analyse_words(index, rest)
            cost = sum(lexicon.get(t, 0) for g in groups for t in g.alternatives)
            if cost + (size if place else 0) < self.answer_min_read:
                continue
            reading = tuple(tuple(sorted(g.alternatives.items())) for g in groups)
            analysis = (reading, place, read.age, read.wants_examples, search.is_question(word))
            yield word, analysis, groups, cost

    def _answer_bodies(self) -> Iterator[tuple[str, bytes]]:
        for key, words in _by_crc(self.answers):
            members = {}
            for word in words:
                answer = {k: _encode(v).decode() for k, v in self.answers[word].items()}
                answer["kaarten"] = self._cards_of(sorted(self.answers[word]["treffers"]))
                members[word] = _json_object(answer).decode()
            yield key, _json_object(members)

    def _posting(self, term: str) -> list:
        """A term's postings as the p- files hold them: [document number deltas, weights]."""
        docnums, weights = self.index.arrays[term]
        return [np.diff(docnums, prepend=0).tolist(), exported_weights(weights).tolist()]

    def _stream_family(self, prefix: str, bodies: Callable[[], Iterator[tuple[str, bytes]]]) -> str:
        """Hash a family made by ``bodies`` (sorted keys) now; ``write`` makes it again."""
        family_hash = _family_hash(bodies())
        self.streamed.append((prefix, family_hash, bodies))
        return family_hash

    def _borrowed(self, key: str, synonyms: list[str], shards: dict[str, dict]) -> dict:
        """The lexicon entries of a thesaurus entry's synonym terms (or of a word's compound
        parts) that live in other shards, carried beside it ("leen"), or null for a term the index
        does not have: a query then needs no second round of shards for them. The words are
        stemmed as search.query.analyse_words does."""
        borrowed = {}
        for term in _synonym_terms(synonyms):
            if term[0] != key[0]:
                known = term in self.index.lexicon
                # df and postings bucket; the written forms serve only corrections of a typed
                # word, which come from its own (loaded) shard
                borrowed[term] = shards[term[0]]["termen"][term][:2] if known else None
        return borrowed

    def _postings(self, buckets: dict[str, int]) -> str:
        """The p- family, a bucket's file encoded as soon as its terms are known: the postings
        as Python lists of all buckets at once were the index helper's peak of memory (300 MB
        at 50,000 entries, #21)."""
        terms_in: dict[int, list[str]] = {}
        for term in self.index.lexicon:  # document numbers ascend
            terms_in.setdefault(buckets[term], []).append(term)
        bodies = {}
        for bucket in range(self.bucket_count):  # a guessed bucket (zoeken.js) always exists
            terms = terms_in.pop(bucket, [])
            bodies[str(bucket)] = _encode({term: self._posting(term) for term in terms})
        return self._add_encoded_family("p", bodies)

    def _bundles(self) -> str:
        """The k- family: the bundles ``bundles`` describes, as {key: {document number: card}};
        keys whose CRC-32 is the same share a file. Hashed now and made again by ``write``, one
        file at a time."""
        return self._stream_family("k", self._bundle_bodies)

    @functools.cached_property
    def _term_bundles(self) -> dict[str, np.ndarray]:
        return term_bundles(self.index)  # small (ten numbers a term): made once, not per pass

    @functools.cached_property
    def _place_bundles(self) -> PlaceBundles:
        return PlaceBundles(self.index, self.local_bundle_limit, own=self._term_bundles)

    def _bundle_bodies(self) -> Iterator[tuple[str, bytes]]:
        held = {**self._term_bundles, **self._place_bundles.members}
        for key, group in _by_crc(held):
            cards = {name: self._cards_of(sorted(held[name].tolist())) for name in group}
            yield key, _json_object(cards)

    def _card_bodies(self) -> Iterator[tuple[str, bytes]]:
        """The d- family, one card per file, in the order of their keys (as text)."""
        for key in sorted(map(str, range(len(self._cards)))):
            yield key, self._cards[int(key)].encode("utf-8")

    def _cards_of(self, docs: list[int]) -> str:
        """{document number: card} as JSON text, from the cards encoded once."""
        return "{" + ",".join(f'"{doc}":{self._cards[doc]}' for doc in docs) + "}"

    @functools.cached_property
    def _cards(self) -> list[str]:
        """Each document's card as JSON text, made once for its d- file and every bundle."""
        return [_encode(self._card(r)).decode("utf-8") for r in self.index.record_of_docnum]

    @staticmethod
    def _card(record: dict) -> dict:
        return {
            "slug": record["slug"],
            "soort": record["soort"],
            "naam": record["naam"],
            "organisatie": record["organisatie"],
            "samenvatting": record["samenvatting"],
            "status": record["status"],
            "tekst": search.snippet_source(record),
            "waar": record["waar"],
            "snel": record["snel"],
        }

    def first_files(self) -> list[str]:
        """The files every query needs before any other (the search page preloads them)."""
        return [self.manifest_name]

    def write(self, site: Path, previous: Path | None = None) -> list[Path]:
        """Write every file into ``site``. A file whose bytes equal the same file of the
        ``previous`` site (its name without the hash: a family's hash changes with any member)
        is hard-linked from there instead: after a change to one entry most files are the same,
        and a link costs neither the writing nor, when the old site goes, the freeing."""
        folder = site / FOLDER
        folder.mkdir(parents=True, exist_ok=True)
        earlier = _files_by_stem(previous / FOLDER) if previous else {}
        written = []
        for name, body in self.bodies():
            path = folder / name
            _write_or_link(path, body, earlier.get(_stem(name)))
            written.append(path)
        return written

    def bodies(self) -> Iterator[tuple[str, bytes]]:
        """Every file, name and body: those held, then the streamed families, made again."""
        yield from self.files.items()
        for prefix, family_hash, bodies in self.streamed:
            for key, body in bodies():
                yield f"{prefix}-{key}.{family_hash}.json", body


def _stem(name: str) -> str:
    """A file's name without its content hash and suffix: "d-17.0a1b2c3d4e.json" -> "d-17"."""
    return name.split(".", 1)[0]


def _files_by_stem(folder: Path) -> dict[str, Path]:
    try:
        return {
            _stem(entry.name): Path(entry.path)
            for entry in os.scandir(folder)
            if entry.is_file(follow_symlinks=False)  # a link could lead out of the site
        }
    except OSError:  # no previous index
        return {}


def _write_or_link(path: Path, body: bytes, earlier: Path | None):
    try:
        if earlier is not None and earlier.stat().st_size == len(body):
            if earlier.read_bytes() == body:
                os.link(earlier, path)
                return
    except OSError:  # gone, or a file system without hard links: write it
        pass
    path.write_bytes(body)


def postings_bucket(term: str, count: int) -> int:
    """The postings file of a term: CRC-32 of its UTF-8 bytes modulo the number of buckets.
    zoeken.js computes the same (postingsBucket), so it can fetch the file before it has read
    the term's lexicon entry."""
    return zlib.crc32(term.encode("utf-8")) % count


def _family_hash(bodies) -> str:
    """The hash a family of files shares: of every (key, body), in the order given (sorted)."""
    digest = hashlib.sha256()
    for key, body in bodies:
        digest.update(key.encode("utf-8") + b"\0" + body)
    return digest.hexdigest()[:10]


def _by_crc(names) -> list[tuple[str, list[str]]]:
    """Names grouped by the CRC-32 of their UTF-8 bytes in hexadecimal, the file name zoeken.js
    computes (crc32); the groups in key order, each name in the order given."""
    groups: dict[str, list[str]] = {}
    for name in names:
        groups.setdefault(format(zlib.crc32(name.encode("utf-8")), "x"), []).append(name)
    return sorted(groups.items())


def _json_object(members: dict[str, str]) -> bytes:
    """A JSON object from keys and values that are JSON text already."""
    return ("{" + ",".join(f"{_encode(k).decode()}:{v}" for k, v in members.items()) + "}").encode()


def _synonym_terms(synonyms: list[str]) -> list[str]:
    """The terms of synonyms (or compound parts) as the query analyses them: each word of at
    least MIN_SYNONYM_WORD characters, stemmed (search.query.analyse_words, analyseTokens)."""
    return [
        search.stem(word)
        for synonym in synonyms
        for word in synonym.split()
        if len(word) >= search.MIN_SYNONYM_WORD
    ]


def _table(name: str, values: list) -> dict:
    """{name + "en": distinct values, name: "i,i,..."}: each document's value as a row number in
    base 36, which is far smaller than repeating the values."""
    table, rows = search.distinct_rows(values)
    return {name + "en": table, name: ",".join(map(_base36, rows))}


def _base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
        if not number:
            return out


def _encode_values(indices: list[int], single: bool) -> str:
    if single:
        return format(indices[0], "x") if indices else ""
    return format(sum(1 << i for i in indices), "x")


UNKNOWN_CODE_POINTS_FILE = Path(__file__).parent / "data" / "unicode-onbekend.json"


@functools.lru_cache(maxsize=1)
def unknown_code_points() -> dict:
    """The code points this Python's Unicode tables do not know (category Cn), as ranges: delta
    from the previous range's end, then length. The browser's tables may be newer; for search.py
    these are not printable, so zoeken.js treats them the same way (about 1 KB gzip, loaded only
    for queries with characters beyond Latin). Read from data/unicode-onbekend.json when it was
    made for this Python's Unicode version: working them out takes 0.4 s of every build."""
    try:
        stored = json.loads(UNKNOWN_CODE_POINTS_FILE.read_text(encoding="utf-8"))
        if stored.get("unicode") == unicodedata.unidata_version:
            return stored
    except (OSError, ValueError):
        pass
    return find_unknown_code_points()


def find_unknown_code_points() -> dict:
    """What ``unknown_code_points`` returns, worked out (``python -m directory.static_index``
    writes it to its file)."""
    flat, start, previous_end = [], None, 0
    for code in range(sys.maxunicode + 2):
        unknown = code <= sys.maxunicode and unicodedata.category(chr(code)) == "Cn"
        if unknown and start is None:
            start = code
        elif not unknown and start is not None:
            flat += [start - previous_end, code - start]
            start, previous_end = None, code
    return {"unicode": unicodedata.unidata_version, "onbekend": flat}


def _encode(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _safe(initial: str) -> str:
    """A file-name-safe form of a term's first character (terms may start with any letter)."""
    return initial if initial.isascii() and initial.isalnum() else f"u{ord(initial):x}"


if __name__ == "__main__":  # python -m directory.static_index: refresh the stored code points
    UNKNOWN_CODE_POINTS_FILE.write_text(
        json.dumps(find_unknown_code_points(), separators=(",", ":")) + "\n", encoding="utf-8"
    )
