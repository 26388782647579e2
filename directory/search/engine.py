"""Whoosh: the one module that imports it. It knows nothing of the catalogue; the rest of the
package hands it what to analyse and what to index (the word analysis, the records, the field
boosts) and gets back a Whoosh index, its BM25F statistics and queries.

Whoosh gives the Dutch stopwords and the original Snowball Dutch stemmer, the index writer, the
postings and the BM25 formula.
"""

from __future__ import annotations

import ctypes
import functools
import hashlib
import os
import shutil
import sys
import tempfile
import uuid
import zlib
from array import array
from pathlib import Path

import numpy as np
from whoosh import analysis, fields, scoring
from whoosh.codec.whoosh3 import W3LeafMatcher, W3TermsReader
from whoosh.filedb.filestore import RamStorage
from whoosh.filedb.structfile import BufferFile
from whoosh.index import TOC, clean_files
from whoosh.lang import stemmer_for_language, stopwords_for_language
from whoosh.query import Or, Term
from whoosh.system import pack_uint

STOPWORDS = frozenset(stopwords_for_language("nl"))

# The Snowball stemmer is pure Python and words repeat (every snippet stems its text): remember.
stem = functools.lru_cache(maxsize=200_000)(stemmer_for_language("nl"))


class WordFilter(analysis.Filter):
    """One word at a time through the package's analysis (``text.index_terms``: fold, drop
    stopwords, split compounds, stem); cached, because words repeat."""

    def __init__(self, analyse):
        self.analyse = analyse  # word -> its index terms; picklable (Whoosh pickles the schema)
        self.cache: dict[str, tuple[str, ...]] = {}

    def __getstate__(self):  # the cache need not travel with the schema
        return {"analyse": self.analyse, "cache": {}}

    def terms_of(self, word: str) -> tuple[str, ...]:
        terms = self.cache.get(word)
        if terms is None:
            terms = self.cache[word] = self.analyse(word)
        return terms

    def __call__(self, tokens):
        for token in tokens:
            for term in self.terms_of(token.text):
                token.text = term
                yield token


def make_analyzer(word_pattern, word_filter: WordFilter):
    return analysis.RegexTokenizer(word_pattern) | word_filter


class AnalysedText(fields.TEXT):
    """A text field that counts its terms in one pass instead of token by token: the same terms
    and frequencies as its analyzer gives (a test holds them equal), at a fraction of the cost,
    because a word that occurs five times is analysed once. No positions: nothing here needs
    phrase queries, and Whoosh writes positions slowly."""

    def __init__(self, word_pattern, word_filter: WordFilter, count_terms):
        super().__init__(analyzer=make_analyzer(word_pattern, word_filter), phrase=False)
        self.count_terms = count_terms  # (text, terms_of) -> Counter of terms
        self._shared: dict = {}

    def __getstate__(self):  # Whoosh pickles the schema; the shared objects stay here
        return {**self.__dict__, "_shared": {}}

    def forget_shared(self):
        self._shared = {}

    def index(self, value, **kwargs):
        # Whoosh's writer keeps every posting as a tuple until it commits, and its pool counts
        # about 190 bytes for each, so at 10,000 entries it never spills. The same term's bytes and
        # the same frequency's value bytes are one object each, not one per posting (the weight
        # Whoosh multiplies by the field boost again, a new float each time): with small
        # segments the writer holds a fraction of the memory it did (docs/benchmarks.md, #21).
        shared = self._shared
        if len(shared) > 500_000:
            shared.clear()
        for term, freq in self.count_terms(value, self.analyzer.items[-1].terms_of).items():
            term_bytes = shared.get(term)
            if term_bytes is None:
                term_bytes = shared[term] = term.encode("utf-8")
            weight_value = shared.get(freq)
            if weight_value is None:
                weight_value = shared[freq] = (freq * self.format.field_boost, pack_uint(freq))
            yield term_bytes, freq, *weight_value


def make_schema(field_names, word_pattern, word_filter: WordFilter, count_terms) -> fields.Schema:
    """Only what is scored lives in Whoosh; facets, filters and result cards read the records.
    The fields share one word filter, so a word is analysed once whichever field it is in."""
    text_fields = {
        name: AnalysedText(word_pattern, word_filter, count_terms) for name in field_names
    }
    return fields.Schema(slug=fields.ID(stored=True, unique=True), **text_fields)


# Whoosh's writer holds every posting of a segment in memory until it commits (its pool counts
# too few bytes per posting to spill at this size, and spilling costs seconds): small segments
# keep the index helper's peak low (#21, docs/benchmarks.md). Where they end is decided by the
# records themselves (a slug whose CRC-32 SEGMENT_SPLIT divides ends one), not by counting, so
# that an entry added or removed changes one segment and an incremental build can take the
# others from the last build (``kept``).
SEGMENT_SPLIT = 1000  # records per segment on average
SEGMENT_RECORDS = 5000  # at most


class _RamStorage(RamStorage):
    """Whoosh's RAM storage, opening a file without copying it. Its own hands the reader a
    memoryview, which ``BufferFile``'s BytesIO copies whole, while BytesIO shares a bytes object
    until it is written to: a searcher held the index twice more, 120 MB at 50,000 entries (#21);
    now once more (the compound file's parts are still copied out of it)."""

    def open_file(self, name, **kwargs):
        if name not in self.files:
            raise NameError(name)
        return BufferFile(self.files[name], name=name, **kwargs)


def segment_batches(records: list[dict]) -> list[list[dict]]:
    """The records in consecutive batches, one segment each (at least one, maybe empty)."""
    batches, batch = [], []
    for record in records:
        batch.append(record)
        ends = zlib.crc32(record["slug"].encode("utf-8")) % SEGMENT_SPLIT == 0
        if ends or len(batch) >= SEGMENT_RECORDS:
            batches.append(batch)
            batch = []
    if batch or not batches:
        batches.append(batch)
    return batches


def create_index(schema, records: list[dict], field_names, kept=None):
    """A RAM index of the records. Its segments are written in order and never merged, so
    document numbers follow the records' order. ``kept`` (``incremental.SegmentMemory``)
    remembers segments by what went into them: a batch it has is not indexed again."""
    ix = _RamStorage().create_index(schema, indexname=private_name())
    for batch in segment_batches(records):
        keeping = kept is not None and bool(batch)  # an empty batch makes no segment
        fingerprint = _batch_fingerprint(batch, field_names) if keeping else None
        text = functools.partial(_batch_text, batch, field_names)  # read only if parts changed
        earlier = kept.get(fingerprint, text) if keeping else None
        if earlier is not None:
            _append_segment(ix, *earlier)
            continue
        writer = ix.writer(limitmb=256)
        for record in batch:
            fields_of_record = {name: record[name] for name in field_names}
            writer.add_document(slug=record["slug"], **fields_of_record)
        writer.commit(merge=False)
        give_back_freed_memory()
        if keeping:
            segment = ix._read_toc().segments[-1]
            kept.put(fingerprint, segment, ix.storage.files[segment.make_filename(".seg")])
    for _, field in schema.items():
        if isinstance(field, AnalysedText):
            field.forget_shared()  # the index lives on (the live server); the writer is done
    return ix


def _batch_fingerprint(batch: list[dict], field_names) -> bytes:
    """What goes into a batch's segment: each record's slug and its text per field. The terms
    Whoosh writes follow from these, the code (in the memory's key) and the compound parts (which
    the memory checks); hashing the text, not its terms, spares analysing every record again."""
    digest = hashlib.sha1(usedforsecurity=False)
    for record in batch:
        digest.update(record["slug"].encode("utf-8") + b"\0")
        for name in field_names:
            text = record[name]
            digest.update(f"{len(text)}\0{text}".encode("utf-8", "surrogatepass"))
    return digest.digest()


def _batch_text(batch: list[dict], field_names) -> str:
    return "\n".join(record[name] for record in batch for name in field_names)


def _append_segment(ix, segment, data: bytes):
    """Add a segment of an earlier index after the last one. It keeps its own index name, under
    which its compound file holds its parts."""
    ix.storage.files[segment.make_filename(".seg")] = data
    toc = ix._read_toc()
    TOC(ix.schema, [*toc.segments, segment], toc.generation + 1).write(ix.storage, ix.indexname)
    clean_files(ix.storage, ix.indexname, toc.generation + 1, [*toc.segments, segment])


def give_back_freed_memory():
    """Return the heap that Whoosh's writer freed to the system (glibc's ``malloc_trim``): its
    pool of small tuples leaves tens of megabytes that the allocator would otherwise keep for the
    rest of the process, or for the next segment's pool only (#21). Elsewhere a no-op."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL("libc.so.6").malloc_trim(0)
        except (OSError, AttributeError):  # not glibc (musl has no malloc_trim)
            pass


def index_files(ix) -> tuple[str, dict[str, bytes]]:
    """The index's name and files: what another process needs to open it again."""
    return ix.indexname, dict(ix.storage.files)


def open_index_files(name: str, files: dict[str, bytes]):
    """An index from ``index_files`` (its schema travels inside the files)."""
    storage = _RamStorage()
    storage.files.update(files)
    return storage.open_index(name)


def bm25_searcher(ix):
    return ix.searcher(weighting=scoring.BM25F())


def bm25_postings(searcher, size: int, field_boosts: dict) -> tuple[list[tuple], list[str]]:
    """Per field, (term numbers, document numbers, boost times Whoosh's BM25F score), and the
    terms by number (in field order, then term order). Whoosh gives the postings, the statistics
    and the formula; numpy applies the formula to a segment's postings of a field at once. The
    postings are read segment by segment, each from its own terms: asking every segment for every
    term of the index costs as many lookups as segments times terms."""
    reader = searcher.reader()
    weighting = searcher.weighting
    leaves = reader.leaf_readers()
    term_ids: dict[str, int] = {}
    parts = []
    for name, boost in field_boosts.items():
        lengths = np.array(
            [searcher.doc_field_length(d, name, 1) for d in range(size)], dtype=np.float64
        )
        read = [_leaf_postings(leaf, base, name) for leaf, base in leaves]
        frequencies_of = _DocumentFrequencies(searcher.doc_count_all())
        for terms, counts, *_ in read:
            for term_bytes, count in zip(terms, counts, strict=True):
                frequencies_of.add(term_bytes, count)
        field_terms = sorted(frequencies_of.found)
        if not field_terms:
            continue
        scorer = weighting.scorer(searcher, name, field_terms[0].decode("utf-8"))
        statistics = (scorer.avgfl, scorer.B, scorer.K1)  # the same for every term of the field
        idf = {}
        for term_bytes in field_terms:
            idf[term_bytes] = weighting.idf(frequencies_of, name, term_bytes)
            term_ids.setdefault(term_bytes.decode("utf-8"), len(term_ids))
        numbers, docnums, scores = [], [], []
        while read:  # a segment at a time, each let go once scored: the field's peak stays low
            terms, counts, leaf_docnums, leaf_frequencies = read.pop(0)
            ids = [term_ids[term.decode("utf-8")] for term in terms]
            numbers.append(np.repeat(np.array(ids, dtype=np.int32), counts))
            idfs = np.repeat(np.array([idf[t] for t in terms], dtype=np.float64), counts)
            docnums.append(np.frombuffer(leaf_docnums, dtype=np.int32))
            frequencies = np.frombuffer(leaf_frequencies, dtype=np.float64)
            score = scoring.bm25(idfs, frequencies, lengths[docnums[-1]], *statistics)
            scores.append(boost * score)  # element by element: the same numbers as all at once
        parts.append((np.concatenate(numbers), np.concatenate(docnums), np.concatenate(scores)))
    return parts, list(term_ids)


class _DocumentFrequencies:
    """What Whoosh's idf formula (``WeightingModel.idf``) asks of a searcher, from the postings
    counted segment by segment: asking the searcher looks the term up in every segment."""

    def __init__(self, documents: int):
        self.documents = documents
        self.found: dict[bytes, int] = {}

    def add(self, term_bytes: bytes, count: int):
        self.found[term_bytes] = self.found.get(term_bytes, 0) + count

    def get_parent(self):
        return self

    def doc_count_all(self) -> int:
        return self.documents

    def doc_frequency(self, fieldname: str, term_bytes: bytes) -> int:
        return self.found[term_bytes]


def _leaf_postings(leaf, base: int, name: str) -> tuple[list[bytes], list[int], array, array]:
    """One segment's terms in a field, how many postings each has, and their document numbers
    (counted from ``base``, the segment's first) and frequencies."""
    terms, counts = [], []
    docnums, frequencies = array("i"), array("d")
    for term_bytes, postings in _field_postings(leaf, name):
        start = len(docnums)
        _read_postings(postings, docnums, frequencies)
        terms.append(term_bytes)
        counts.append(len(docnums) - start)
    if base:
        docnums = array("i", (np.frombuffer(docnums, dtype=np.int32) + base).tobytes())
    return terms, counts, docnums, frequencies


def _field_postings(leaf, name: str):
    """(term, its postings) for each term of a field in a segment, in term order: a matcher, or
    (ids, weights) where Whoosh inlined them in the term's info. The segment's term table is
    walked once, through Whoosh's private attributes (whoosh 2.7's codec, which whoosh-reloaded
    keeps): looking each term up again and wrapping it in a matcher cost 2 s at 10,000 entries,
    more than reading the postings. A segment with deleted documents (which we never make) is
    read the public way; a test holds both ways equal."""
    terms_reader = getattr(leaf, "_terms", None)
    if leaf.has_deletions() or not isinstance(terms_reader, W3TermsReader):
        for term_bytes in leaf.lexicon(name):
            yield term_bytes, leaf.postings(name, term_bytes)
        return
    field_format = leaf.schema[name].format
    for (field, term_bytes), info in terms_reader.items_from(name, b""):
        if field != name:
            break
        if info.is_inlined():
            yield term_bytes, info.inlined_postings()[:2]
        else:
            yield term_bytes, W3LeafMatcher(terms_reader._postfile, *info.extent(), field_format)


def _read_postings(postings, docnums: array, frequencies: array):
    """Append a term's postings (document numbers within the segment, frequencies): a block at
    a time from Whoosh's block matcher (``W3LeafMatcher``, through its private attributes), a
    posting at a time from any other. A posting at a time through ``id``, ``weight`` and
    ``next`` is the public way, and was the slow half of reading the index's weights."""
    if isinstance(postings, tuple):  # inlined: (ids, weights)
        docnums.fromlist(list(postings[0]))
        frequencies.fromlist([float(w) for w in postings[1]])
        return
    if type(postings) is W3LeafMatcher:
        while postings.is_active():
            if postings._ids is None:
                postings._read_ids()
            if postings._weights is None:
                postings._read_weights()
            docnums.fromlist(list(postings._ids))
            frequencies.fromlist(list(postings._weights))  # the floats ``weight`` returns
            postings._next_block()
        return
    while postings.is_active():
        docnums.append(postings.id())
        frequencies.append(postings.weight())
        postings.next()


def private_name() -> str:
    """A unique index name. Whoosh's RAM index spills columns to $TMPDIR/<indexname>.tmp; with the
    default name two builds at once (a test and a benchmark) delete each other's files. Spill
    folders of processes that were killed are removed here."""
    for folder in Path(tempfile.gettempdir()).glob("voorveld-*-*.tmp"):
        pid = folder.name.split("-")[1]
        if pid.isdigit() and not Path(f"/proc/{pid}").exists():
            shutil.rmtree(folder, ignore_errors=True)
    return f"voorveld-{os.getpid()}-{uuid.uuid4().hex}"


def boosted_or(groups, field_boosts: dict):
    """The Whoosh query for the groups: an Or of every alternative in every field, boosted."""
    terms = []
    for group in groups:
        for term, weight in group.alternatives.items():
            for name, boost in field_boosts.items():
                terms.append(Term(name, term, boost=weight * boost))
    return Or(terms)


def plain_whoosh(records: list[dict], field_boosts: dict, clean_query):
    """A function query -> ranked slugs using plain Whoosh (the benchmark's yardstick)."""
    from whoosh.qparser import MultifieldParser, OrGroup

    schema = fields.Schema(
        slug=fields.ID(stored=True),
        **{name: fields.TEXT(analyzer=analysis.StandardAnalyzer()) for name in field_boosts},
    )
    ix = _RamStorage().create_index(schema, indexname=private_name())
    writer = ix.writer()
    for record in records:
        writer.add_document(slug=record["slug"], **{name: record[name] for name in field_boosts})
    writer.commit()
    parser = MultifieldParser(
        list(field_boosts), ix.schema, fieldboosts=field_boosts, group=OrGroup
    )
    searcher = ix.searcher()

    def run(query: str, limit: int = 10) -> list[str]:
        return [
            hit["slug"] for hit in searcher.search(parser.parse(clean_query(query)), limit=limit)
        ]

    return run
