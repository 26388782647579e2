"""Search: the Whoosh index of the catalogue, and the query side that reads it.

This is the only module that imports ``whoosh``. It is written so that the static search (a small
script in the browser, fed by ``static_index.StaticIndex``) can do exactly the same: every step of the analysis
and of the ranking is a plain rule that is easy to repeat in another language.

Analysis (index and query): words are runs of letters and digits; lowercased; accents folded
("financiën" -> "financien"); Dutch stopwords dropped; compounds split against the catalogue's own
words ("schuldhulpverlening" -> also "schuld", "hulp", "verlening"); stemmed with the original
Snowball Dutch stemmer.

Query (``query_words``, rules in ``data/zoekregels.yaml``, explained in docs/zoeken.md): needs such
as "zonder diploma" become their own words, an age ("ik ben 19") is taken out and halves provision
for other ages, words without a topic and one-letter words are dropped. Each remaining query word
becomes a *group* of weighted alternatives: its stem (1.0), the
stems of its thesaurus synonyms (0.7), its compound parts (0.3), for the last word while typing the
indexed terms it is a prefix of (0.6), and for a word the index does not know, the closest indexed
terms (0.8; that is also where "Bedoelde je ...?" comes from). A document's score is Whoosh's BM25F
score of the boosted Or of all alternatives over all fields, times the share of groups a document
matches (a factor, not a sort key: a generic word missing must not bury the best match); ended
provision, and examples and networks (``vorm`` other than ``dienst``), count half; hits under a
tenth of the best score are cut off.
"""

from __future__ import annotations

import bisect
import functools
import html
import math
import os
import re
import shutil
import tempfile
import unicodedata
import uuid
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
import yaml
from whoosh import analysis, fields, scoring
from whoosh.filedb.filestore import RamStorage
from whoosh.lang import stemmer_for_language, stopwords_for_language
from whoosh.query import Or, Term
from whoosh.system import pack_uint

from . import doors
from .catalogue import Catalogue
from .vocabularies import DATA_DIR

WORD = re.compile(r"[^\W_]+")
AGE_WORD = re.compile(r"[0-9]{1,2}")  # ASCII digits only, as in the browser
COMBINING_MARKS = re.compile("[\u0300-\u036f]")
STOPWORDS = frozenset(stopwords_for_language("nl"))
# The Snowball stemmer is pure Python and words repeat (every snippet stems its text): remember.
stem = functools.lru_cache(maxsize=200_000)(stemmer_for_language("nl"))

# Field -> boost: the name weighs most, then summary and organisation, then the rest.
FIELD_BOOSTS = {
    "naam": 4.0,
    "samenvatting": 2.0,
    "organisatie": 2.0,
    "trefwoorden": 1.5,
    "plaats": 1.5,
    "beschrijving": 1.0,
}
WEIGHT_SYNONYM = 0.7
WEIGHT_PART = 0.3
WEIGHT_PREFIX = 0.6
WEIGHT_FUZZY = 0.8
PREFIX_LIMIT = 12
MIN_PREFIX = 3
MIN_COMPOUND = 8  # only words this long are split ...
MAX_COMPOUND = 40  # ... and not longer than this
MIN_PART = 4  # into parts at least this long
LINKERS = ("s", "en", "e")  # Dutch linking sounds: arbeid-s-markt, jongere-n-loket
WEIGHT_DECIMALS = 3
ENDED_FACTOR = 0.5
# A door (dienst) comes before an example or a network about the same words: they count half, as
# ended provision does. A professional who wants examples filters on the facet vorm.
KIND_FACTOR = 0.5
# Knowledge articles answer questions ("wat is een startkwalificatie?"); for other queries the
# provision itself should come first. A question starts with a question word or ends in "?".
QUESTION_WORDS = frozenset({"wat", "wie", "hoe", "waarom", "wanneer", "welke", "waar"})
ARTICLE_FACTOR = {True: 1.5, False: 0.5}
RELATED_COUNT = 4
DUPLICATE_SIMILARITY = 0.8
RELATED_TERMS = 20  # an entry's most characteristic terms ...
RELATED_POSTINGS_CAP = 60  # ... that occur in at most this many entries (common words say little)
FACETS = {  # facet name (URL parameter) -> entry field
    "categorie": "categorieen",
    "doelgroep": "doelgroepen",
    "fase": "fasen",
    "leefgebied": "leefgebieden",
    "regio": "regio",
    "gemeente": "gemeenten",
    "status": "status",
    "vorm": "vorm",
}
MAX_QUERY_CHARS = 500
MAX_QUERY_WORDS = 12
MIN_SYNONYM_WORD = 3  # a thesaurus variant's word shorter than this ("vmbo-k" -> "k") is noise
RELATIVE_CUTOFF = 0.1  # a hit scoring under this share of the best one is not shown
AGE_MISMATCH_FACTOR = 0.5  # provision whose age range excludes the age in the query counts half
# A municipality named in the query is a place, not a word that must match: provision there counts
# double, the region's one and a half, national provision a little more, the rest half. For a
# municipality the catalogue does not know, national provision counts one and a half.
PLACE_FACTORS = {"gemeente": 2.0, "regio": 1.5, "landelijk": 1.2, "elders": 0.5}
UNKNOWN_PLACE_FACTORS = {"gemeente": 0.5, "regio": 0.5, "landelijk": 1.5, "elders": 0.5}


@functools.lru_cache(maxsize=None)
def dutch_municipalities() -> dict[tuple, str]:
    """Folded words of every current Dutch municipality -> its name (``data/gemeenten-nl.yaml``),
    for queries about a place the catalogue does not know; never shown as a vocabulary."""
    path = DATA_DIR / "gemeenten-nl.yaml"
    if not path.exists():
        return {}
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    names = {}
    for municipality in data["gemeenten"]:
        for spelling in [municipality["naam"], *municipality.get("ook", [])]:
            names.setdefault(place_key(spelling), municipality["naam"])
    names.pop((), None)
    return names


def place_key(name: str) -> tuple:
    """A place name as the query words that can name it: folded, without the words a query drops
    ("Alphen aan den Rijn" -> alphen rijn, "Oud-Beijerland" -> beijerland)."""
    rules = query_rules()
    return tuple(w for w in WORD.findall(fold(name))
                 if w not in STOPWORDS and w not in rules["generic"] and w not in rules["never"] and len(w) > 1)


@functools.lru_cache(maxsize=None)
def query_rules() -> dict:
    """The query's rules from ``data/zoekregels.yaml`` (shared with the static search)."""
    data = yaml.load((DATA_DIR / "zoekregels.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    needs = {}
    for need in data["behoeften"]:
        for phrase in need["zinnen"]:
            needs[tuple(WORD.findall(fold(phrase)))] = [w for word in need["woorden"] for w in WORD.findall(fold(word))]
    return {"generic": frozenset(data["woorden_zonder_onderwerp"]), "never": frozenset(data["nooit_zoekwoord"]), "needs": needs,
            "exclusions": tuple(fold(opener) for opener in data["uitsluiting_begint_met"]),
            "ages": (data["leeftijd"]["van"], data["leeftijd"]["tot"])}


# ----------------------------------------------------------------------------------------------
# Analysis


def fold(text: str) -> str:
    """Lowercase and strip accents, the same way the browser does (NFD, drop combining marks)."""
    text = text.lower()
    if text.isascii():
        return text
    return COMBINING_MARKS.sub("", unicodedata.normalize("NFD", text))


def words(text: str) -> list[str]:
    """Folded words without stopwords."""
    return [w for w in WORD.findall(fold(text)) if w not in STOPWORDS]


def query_words(text: str) -> tuple[list[str], int | None]:
    """The words a query searches for, and the age it names: needs ("zonder diploma") become
    their own words before stopwords go, an age ("ik ben 19") is taken out, and words without a
    topic (question words, generic verbs) are dropped."""
    rules = query_rules()
    folded = WORD.findall(fold(text))
    rewritten, position = [], 0
    while position < len(folded):
        for length in (3, 2, 1):
            phrase = tuple(folded[position:position + length])
            if len(phrase) == length and phrase in rules["needs"]:
                rewritten += rules["needs"][phrase]
                position += length
                break
        else:
            rewritten.append(folded[position])
            position += 1
    low, high = rules["ages"]

    def is_age(word: str) -> bool:
        return bool(AGE_WORD.fullmatch(word)) and low <= int(word) <= high

    ages = [int(w) for w in rewritten if is_age(w)]
    topical = [w for w in rewritten if w not in STOPWORDS and w not in rules["never"] and not is_age(w) and len(w) > 1]  # "vmbo-k": no "k"
    kept = [w for w in topical if w not in rules["generic"]]
    return (kept or topical), (ages[0] if ages else None)  # only generic words: search for them


@dataclass(frozen=True)
class Place:
    """A municipality named in a query: one of the catalogue's (id and region) or another one."""
    name: str
    id: str | None = None
    region: str | None = None


def find_place(index: "SearchIndex", tokens: list[str]) -> tuple[list[str], Place | None]:
    """Take the first municipality named in the query words out of them. The catalogue's own
    municipalities first; another Dutch municipality only where one of its words is not in the
    index (so a place the catalogue describes, such as an example's town, stays a word)."""
    for names, known in ((index.place_names, True), (dutch_municipalities(), False)):
        for start in range(len(tokens)):
            for length in (3, 2, 1):
                phrase = tuple(tokens[start:start + length])
                if len(phrase) != length or phrase not in names:
                    continue
                if not known and all(stem(w) in index.lexicon for w in phrase):
                    continue
                rest = tokens[:start] + tokens[start + length:]
                if known:
                    term = names[phrase]
                    return rest, Place(term.label, term.id, term.get("regio"))
                return rest, Place(names[phrase])
    return tokens, None


def split_compound(word: str, parts: frozenset) -> list[str]:
    """Split a long word into known parts, longest first part first; [] if it does not split."""
    if not MIN_COMPOUND <= len(word) <= MAX_COMPOUND:
        return []
    return _split(word, parts, True, {}) or []


def _split(rest: str, parts: frozenset, first: bool, memo: dict):
    """Remembers what each tail splits into: without that, backtracking is exponential."""
    key = (rest, first)
    if key in memo:
        return memo[key]
    result = None
    if not first and rest in parts:
        result = [rest]
    else:
        for end in range(len(rest) - MIN_PART, MIN_PART - 1, -1):
            head = rest[:end]
            if head not in parts:
                continue
            tail = rest[end:]
            for linker in ("",) + LINKERS:
                if linker and not tail.startswith(linker):
                    continue
                split = _split(tail[len(linker):], parts, False, memo) if len(tail) - len(linker) >= MIN_PART else None
                if split:
                    result = [head] + split
                    break
            if result:
                break
    memo[key] = result
    return result


class WordFilter(analysis.Filter):
    """Fold, drop stopwords, split compounds and stem, one word at a time (cached: words repeat)."""

    def __init__(self, parts: frozenset):
        self.parts = parts
        self.cache: dict[str, tuple[str, ...]] = {}

    def __getstate__(self):  # Whoosh pickles the schema; the cache need not travel with it
        return {"parts": self.parts, "cache": {}}

    def terms_of(self, word: str) -> tuple[str, ...]:
        terms = self.cache.get(word)
        if terms is None:
            terms = self.cache[word] = index_terms(word, self.parts)
        return terms

    def __call__(self, tokens):
        for token in tokens:
            for term in self.terms_of(token.text):
                token.text = term
                yield token


def index_terms(word: str, parts: frozenset) -> tuple[str, ...]:
    """The index terms of one raw word: its stem, then the stems of its compound parts."""
    folded = fold(word)
    if folded in STOPWORDS:
        return ()
    return (stem(folded),) + tuple(stem(part) for part in split_compound(folded, parts))


def make_analyzer(parts: frozenset):
    return analysis.RegexTokenizer(WORD) | WordFilter(parts)


def compound_parts(catalogue: Catalogue) -> frozenset:
    """The words compounds may be split into: the catalogue's own words of four letters or more."""
    counts = Counter()
    for doc in documents(catalogue):
        counts.update(w for w in words(" ".join(doc[f] for f in FIELD_BOOSTS)) if len(w) >= MIN_PART)
    for group in catalogue.thesaurus:
        counts.update(w for term in group for w in words(term) if len(w) >= MIN_PART)
    return frozenset(counts)


# ----------------------------------------------------------------------------------------------
# Documents and the index


def documents(catalogue: Catalogue) -> list[dict]:
    """One flat text record per entry and per article, the unit of indexing and of export."""
    vocab = catalogue.vocabularies
    records = []
    for entry in catalogue.entries:
        labels = [vocab.for_field(f).label(i) for f in ("categorieen", "doelgroepen", "fasen", "leefgebieden", "wettelijk_kader") for i in entry.ids(f)]
        aanmelden = entry.get("aanmelden") or {}
        places = [vocab["regios"].label(entry["regio"])] + [vocab["gemeenten"].label(g) for g in entry.ids("gemeenten")]
        if not entry.get("gemeenten"):
            places += [vocab["gemeenten"].label(g) for g in vocab.municipalities_by_region.get(entry["regio"], [])]
        records.append({
            "slug": entry.slug,
            "soort": "aanbod",
            "naam": entry["naam"],
            "samenvatting": entry["samenvatting"],
            "organisatie": entry["organisatie"],
            "trefwoorden": " ".join(labels + inclusive(entry.get("voorwaarden") or []) + aanmelden.get("verwijzers", [])),
            "plaats": " ".join(places),
            "beschrijving": " ".join(filter(None, [entry.get("beschrijving"), aanmelden.get("hoe"), entry.get("kosten")])),
            "status": entry["status"],
            "leeftijd": [(entry.get("leeftijd") or {}).get("van"), (entry.get("leeftijd") or {}).get("tot")],
            "waar": doors.place_label(entry, vocab),
            "snel": [] if entry["status"] == "beeindigd" else doors.quick_contact(entry),
            "facets": {name: entry.ids(field_name) for name, field_name in FACETS.items()},
            "geldt_in": applies_in_keys(entry, vocab),
            "gebied": area(entry),
        })
    for article in catalogue.articles:
        labels = [vocab["wetten"].label(i) for i in article.get("wetten", [])] + [vocab["doelgroepen"].label(i) for i in article.get("doelgroepen", [])]
        records.append({
            "slug": article.slug,
            "soort": "kennis",
            "naam": article["titel"],
            "samenvatting": article["samenvatting"],
            "organisatie": "",
            "trefwoorden": " ".join(labels + article.get("begrippen", [])),
            "plaats": "",
            "beschrijving": article.body,
            "status": "actief",
            "leeftijd": [None, None],
            "waar": "",
            "snel": [],
            "facets": {name: [] for name in FACETS},
            "geldt_in": [],
            "gebied": "",
        })
    return records


def inclusive(conditions: list[str]) -> list[str]:
    """The conditions that say who may come; one that excludes ("Niet voor jongeren met een
    Wajong-uitkering") would make the entry a hit for exactly those it turns away."""
    return [c for c in conditions if not fold(c).lstrip().startswith(query_rules()["exclusions"])]


def area(entry) -> str | list[str]:
    """Where an entry applies, for the place rule: "L" national, "R:<region>" the whole region, or
    its own municipalities."""
    if entry["regio"] == "landelijk":
        return "L"
    return list(entry["gemeenten"]) if entry.get("gemeenten") else f"R:{entry['regio']}"


def place_tier(record_area, place_id: str | None, place_region: str | None) -> str:
    """A record seen from a place: gemeente, regio, landelijk or elders (articles: '')."""
    if record_area == "":
        return ""
    if record_area == "L":
        return "landelijk"
    if isinstance(record_area, list):
        return "gemeente" if place_id in record_area else "elders"
    return "regio" if place_region and record_area == f"R:{place_region}" else "elders"


def applies_in_keys(entry, vocab) -> list[str]:
    """Keys for the municipality rule: the entry's own municipalities, else its region's, or 'landelijk'."""
    if entry["regio"] == "landelijk":
        return ["landelijk"]
    if entry.get("gemeenten"):
        return list(entry["gemeenten"])
    return list(vocab.municipalities_by_region.get(entry["regio"], [])) + [f"regio:{entry['regio']}"]


class AnalysedText(fields.TEXT):
    """A text field that counts its terms in one pass instead of token by token: the same terms
    and frequencies as its analyzer gives (a test holds them equal), at a fraction of the cost,
    because a word that occurs five times is analysed once. No positions: nothing here needs
    phrase queries, and Whoosh writes positions slowly."""

    def __init__(self, parts: frozenset):
        super().__init__(analyzer=make_analyzer(parts), phrase=False)

    def index(self, value, **kwargs):
        boost = self.format.field_boost
        for term, freq in _term_counts(value, self.analyzer.items[-1].terms_of).items():
            yield term.encode("utf-8"), freq, freq * boost, pack_uint(freq)


def make_schema(parts: frozenset) -> fields.Schema:
    """Only what is scored lives in Whoosh; facets, filters and result cards read the records."""
    text_fields = {name: AnalysedText(parts) for name in FIELD_BOOSTS}
    return fields.Schema(slug=fields.ID(stored=True, unique=True), **text_fields)


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
        return self.ix.searcher(weighting=scoring.BM25F())

    @cached_property
    def arrays(self) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """Term -> (document numbers, weights): per document the sum over fields of field boost
        times Whoosh's BM25F score of the term in that field. Summing these is what Whoosh does
        for an Or of boosted Terms (``whoosh_query``), and it is what the static search does in
        the browser. Whoosh gives the postings, the statistics and the formula; numpy applies
        the formula to all postings of a field at once."""
        searcher = self.searcher
        reader = searcher.reader()
        weighting = searcher.weighting
        size = len(self.records)
        term_ids: dict[str, int] = {}
        parts = []  # per field: (term numbers, document numbers, weights)
        for name, boost in FIELD_BOOSTS.items():
            lengths = np.array([searcher.doc_field_length(d, name, 1) for d in range(size)], dtype=np.float64)
            numbers, docnums, frequencies, idfs = [], [], [], []
            for term_bytes in reader.lexicon(name):
                term = term_bytes.decode("utf-8")
                scorer = weighting.scorer(searcher, name, term)
                field_statistics = (scorer.avgfl, scorer.B, scorer.K1)  # the same for every term of the field
                number = term_ids.setdefault(term, len(term_ids))
                matcher = reader.postings(name, term_bytes)
                start = len(docnums)
                while matcher.is_active():
                    docnums.append(matcher.id())
                    frequencies.append(matcher.weight())
                    matcher.next()
                numbers.extend([number] * (len(docnums) - start))
                idfs.extend([scorer.idf] * (len(docnums) - start))
            if not docnums:
                continue
            docnums = np.array(docnums, dtype=np.int32)
            score = scoring.bm25(np.array(idfs), np.array(frequencies, dtype=np.float64), lengths[docnums], *field_statistics)
            parts.append((np.array(numbers, dtype=np.int32), docnums, boost * score))
        return _sum_per_term(parts, list(term_ids))

    @cached_property
    def place_names(self) -> dict[tuple, object]:
        """Folded words of each catalogue municipality -> its vocabulary term."""
        return {place_key(t.label): t for t in self.catalogue.vocabularies["gemeenten"]}

    @cached_property
    def areas(self) -> list:
        return [r["gebied"] for r in self.record_of_docnum]

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
        not_a_door = np.array([r["facets"]["vorm"] not in ([], ["dienst"]) for r in records], dtype=bool)
        status = np.where(ended, ENDED_FACTOR, 1.0)
        kind = np.where(not_a_door, KIND_FACTOR, 1.0)
        return {
            "is_entry": ~article,
            "age_from": np.array([r["leeftijd"][0] if r["leeftijd"][0] is not None else -1 for r in records]),
            "age_to": np.array([r["leeftijd"][1] if r["leeftijd"][1] is not None else 999 for r in records]),
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
        return {name: dict(sorted(values.items())) if name != "gemeente" else {m: values[m] for m in municipalities}
                for name, values in masks.items()}

    @property
    def word_filter(self) -> "WordFilter":
        return self.ix.schema["naam"].analyzer.items[-1]

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
        """Document number -> record: one segment, so numbers follow the order of adding."""
        return self.records

    @cached_property
    def records_by_slug(self) -> dict[str, dict]:
        return {record["slug"]: record for record in self.records}


def _sum_per_term(parts: list[tuple], terms: list[str]) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Add up the weights a term has in each field of a document; document numbers ascending.
    Rounded, so that the browser, which reads them from JSON, sums exactly the same numbers."""
    if not parts:
        return {}
    numbers, docnums, weights = (np.concatenate(column) for column in zip(*parts))
    order = np.lexsort((docnums, numbers))
    numbers, docnums, weights = numbers[order], docnums[order], weights[order]
    first = np.flatnonzero(np.r_[True, (numbers[1:] != numbers[:-1]) | (docnums[1:] != docnums[:-1])])
    numbers, docnums, weights = numbers[first], docnums[first], np.round(np.add.reduceat(weights, first), WEIGHT_DECIMALS)
    bounds = np.flatnonzero(np.r_[True, numbers[1:] != numbers[:-1], True])
    return {terms[numbers[start]]: (docnums[start:end], weights[start:end]) for start, end in zip(bounds[:-1], bounds[1:])}


def private_name() -> str:
    """A unique index name. Whoosh's RAM index spills columns to $TMPDIR/<indexname>.tmp; with the
    default name two builds at once (a test and a benchmark) delete each other's files. Spill
    folders of processes that were killed are removed here."""
    for folder in Path(tempfile.gettempdir()).glob("voorveld-*-*.tmp"):
        pid = folder.name.split("-")[1]
        if pid.isdigit() and not Path(f"/proc/{pid}").exists():
            shutil.rmtree(folder, ignore_errors=True)
    return f"voorveld-{os.getpid()}-{uuid.uuid4().hex}"


def build_index(catalogue: Catalogue) -> SearchIndex:
    parts = compound_parts(catalogue)
    ix = RamStorage().create_index(make_schema(parts), indexname=private_name())
    records = documents(catalogue)
    writer = ix.writer(limitmb=1024)
    for record in records:
        writer.add_document(slug=record["slug"], **{name: record[name] for name in FIELD_BOOSTS})
    writer.commit()
    return SearchIndex(ix, catalogue, parts, records, thesaurus_map(catalogue.thesaurus + glossary_pairs(catalogue)))


def glossary_pairs(catalogue: Catalogue) -> list[list[str]]:
    """Each glossary abbreviation with its full form, as a thesaurus group: "OCD" finds what the
    catalogue writes out, and the other way round."""
    return [[term["term"].lower(), term["voluit"].lower()] for term in catalogue.glossary if term.get("voluit")]


def thesaurus_map(groups: list[list[str]]) -> dict[str, list[str]]:
    """Folded term -> the other terms of its groups (a term may stand in two groups)."""
    result: dict[str, list[str]] = {}
    for group in groups:
        folded = [" ".join(words(term)) or fold(term) for term in group]
        for term in folded:
            result.setdefault(term, [])
            result[term] += [other for other in folded if other != term and other not in result[term]]
    return result


# ----------------------------------------------------------------------------------------------
# Queries


@dataclass
class Group:
    """One query word with its weighted alternatives (term -> weight)."""

    word: str
    alternatives: dict
    correction: str | None = None


def analyse_query(index: SearchIndex, query: str, typing: bool = False) -> list[Group]:
    """Turn a query into groups of weighted index terms (see the module docstring)."""
    tokens = find_place(index, query_words(query)[0])[0][:MAX_QUERY_WORDS]
    if not tokens:
        return []
    phrase_synonyms = _phrase_synonyms(index, tokens)
    groups = []
    for position, word in enumerate(tokens):
        alternatives: dict[str, float] = {}

        def add(term, weight):
            if weight > alternatives.get(term, 0):
                alternatives[term] = weight

        own = stem(word)
        add(own, 1.0)
        for synonym in index.thesaurus.get(word, []) + phrase_synonyms.get(position, []):
            synonym_words = synonym.split()  # a phrase spreads its weight over its words
            for synonym_word in synonym_words:
                if len(synonym_word) >= MIN_SYNONYM_WORD:
                    add(stem(synonym_word), WEIGHT_SYNONYM / len(synonym_words))
        for part in split_compound(word, index.parts):
            add(stem(part), WEIGHT_PART)
        if typing and position == len(tokens) - 1 and len(word) >= MIN_PREFIX:
            for term in prefix_terms(index, word):
                add(term, WEIGHT_PREFIX)
        correction = None
        if not any(term in index.lexicon for term in alternatives):
            for term in fuzzy_terms(index, own):
                add(term, WEIGHT_FUZZY)
                correction = correction or term
        groups.append(Group(word, alternatives, correction))
    return groups


def _phrase_synonyms(index: SearchIndex, tokens: list[str]) -> dict[int, list[str]]:
    """Synonyms of multi-word thesaurus terms ("gestopt met school"), attached to their first word."""
    found: dict[int, list[str]] = {}
    for length in (3, 2):
        for start in range(len(tokens) - length + 1):
            phrase = " ".join(tokens[start:start + length])
            if phrase in index.thesaurus:
                found.setdefault(start, []).extend(index.thesaurus[phrase])
    return found


def prefix_terms(index: SearchIndex, word: str) -> list[str]:
    terms = index.sorted_terms
    start = bisect.bisect_left(terms, word)
    matches = []
    for term in terms[start:]:
        if not term.startswith(word):
            break
        if term != word:
            matches.append(term)
    matches.sort(key=lambda t: (-index.lexicon[t], t))
    return matches[:PREFIX_LIMIT]


def max_distance(word: str) -> int:
    return 1 if len(word) <= 5 else 2


def fuzzy_terms(index: SearchIndex, word: str, limit: int = 2) -> list[str]:
    """The closest indexed terms that start with the same letter, nearest and most common first."""
    if len(word) < 4:
        return []
    limit_distance = max_distance(word)
    scored = []
    for term in index.terms_by_initial.get(word[0], []):
        if abs(len(term) - len(word)) > limit_distance:
            continue
        distance = edit_distance(word, term, limit_distance)
        if distance <= limit_distance:
            scored.append((distance, -index.lexicon[term], term))
    scored.sort()
    return [term for _, _, term in scored[:limit]]


def edit_distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein (optimal string alignment) distance, giving up above ``limit``."""
    previous2, previous = None, list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = ca != cb
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def whoosh_query(groups: list[Group]):
    """The Whoosh query for the groups: an Or of every alternative in every field, boosted."""
    terms = []
    for group in groups:
        for term, weight in group.alternatives.items():
            for name, boost in FIELD_BOOSTS.items():
                terms.append(Term(name, term, boost=weight * boost))
    return Or(terms)


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
            "plaats": {"naam": self.place.name, "bekend": self.place.id is not None} if self.place else None,
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
                for hit in self.hits[offset:offset + limit]
            ],
        }


def search(index: SearchIndex, query: str, filters: dict | None = None, typing: bool = False,
           limit: int | None = 20, snippets: bool = True) -> SearchResult:
    """Answer a query; ``filters`` maps facet name -> list of ids (OR within, AND across)."""
    query = clean_query(query)
    filters = {name: list(values) for name, values in (filters or {}).items() if name in FACETS and values}
    groups = analyse_query(index, query, typing)
    words, age = query_words(query)
    place = find_place(index, words)[1]
    columns = index.columns
    size = len(index.records)
    places = place_factors(index, place)
    if groups:
        scores, coverage, every_word = _score(index, groups, is_question=is_question(query), age=age, places=places)
        candidates = coverage > 0
    elif place:  # only a place: the entries that apply there, local first, doors first
        applies = columns["is_entry"] & (places > PLACE_FACTORS["elders"])
        scores, coverage = np.where(applies, places * columns["factor"], 0.0), np.zeros(size, dtype=np.int64)
        candidates = applies
    else:
        scores, coverage = np.zeros(size), np.zeros(size, dtype=np.int64)
        candidates = np.full(size, bool(filters))
    candidates &= filter_mask(index, filters)
    if groups and candidates.any():  # the list ends where relevance ends; a document with every word itself stays
        candidates &= (scores >= RELATIVE_CUTOFF * scores[candidates].max()) | every_word
    found = np.flatnonzero(candidates)
    if groups or place:
        order = np.lexsort((found, -scores[found]))  # ties: catalogue order
    else:
        order = np.arange(len(found))  # catalogue order: entries by name
    ranked = found[order] if limit is None else found[order][:limit]
    records = index.record_of_docnum
    hits = [Hit(records[d]["slug"], float(scores[d]), int(coverage[d]), records[d]) for d in ranked]
    if snippets and groups:
        _add_snippets(index, hits, groups)
    facets = facet_counts(index, candidates & columns["is_entry"])
    return SearchResult(query, hits, len(found), facets, suggestion(index, groups), place)


def place_factors(index: SearchIndex, place: Place | None) -> np.ndarray:
    """Per document, the factor of the place rule (1 where the query names no place)."""
    if place is None:
        return np.ones(len(index.records))
    table = PLACE_FACTORS if place.id else UNKNOWN_PLACE_FACTORS
    return np.array([table.get(place_tier(a, place.id, place.region), 1.0) for a in index.areas])


def _score(index: SearchIndex, groups: list[Group], is_question: bool, age: int | None = None, places=None):
    """Per document: the summed weights (Whoosh's score, times the status, article, age and place
    factors and the share of groups matched), how many groups it matched, and whether it holds
    every query word itself."""
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
    if age is not None:  # provision for other ages counts half
        outside = (index.columns["age_from"] > age) | (index.columns["age_to"] < age)
        scores *= np.where(outside, AGE_MISMATCH_FACTOR, 1.0)
    if places is not None:
        scores *= places
    scores *= coverage / len(groups)  # the share of query words matched is a factor, not a sort key
    return scores, coverage, literal == len(groups)


def filter_mask(index: SearchIndex, filters: dict) -> np.ndarray:
    mask = np.ones(len(index.records), dtype=bool)
    for name, values in filters.items():
        masks = index.facet_masks[name]
        either = np.zeros(len(index.records), dtype=bool)
        for value in values:
            if value in masks:
                either |= masks[value]
        mask &= either
    return mask


def is_question(query: str) -> bool:
    first = WORD.findall(fold(query))[:1]
    return bool(first and first[0] in QUESTION_WORDS) or query.rstrip().endswith("?")


def clean_query(query: str) -> str:
    """Drop control characters and cut very long input; anything else is just text to us."""
    query = "".join(ch if ch.isprintable() else " " for ch in (query or "")[:MAX_QUERY_CHARS * 4])
    return " ".join(query.split())[:MAX_QUERY_CHARS]


def municipalities_applying(record: dict, municipalities) -> list[str]:
    """Of the given municipalities, those where a record applies (the municipality rule, with the
    keys of ``applies_in_keys``): all of them for national provision."""
    keys = record["geldt_in"]
    return list(municipalities) if "landelijk" in keys else [m for m in municipalities if m in keys]


def matches_filters(record: dict, filters: dict) -> bool:
    for name, values in filters.items():
        if name == "gemeente":
            if not municipalities_applying(record, values):
                return False
        elif not set(values) & set(record["facets"].get(name, [])):
            return False
    return True


def facet_counts(index: SearchIndex, entries: np.ndarray) -> dict:
    """Counts per facet value among the entries found; a municipality counts what applies there."""
    counts = {}
    for name, masks in index.facet_masks.items():
        found = {value: int(np.count_nonzero(mask & entries)) for value, mask in masks.items()}
        counts[name] = dict(sorted(((v, n) for v, n in found.items() if n), key=lambda kv: (-kv[1], kv[0])))
    return counts


def suggestion(index: SearchIndex, groups: list[Group]) -> str | None:
    if not any(group.correction for group in groups):
        return None
    return " ".join(index.written_form(g.correction, g.word) if g.correction else g.word for g in groups)


SNIPPET_CHARS = 180
SNIPPET_SOURCE_CHARS = 700


def snippet_source(record: dict) -> str:
    """The text snippets are cut from: summary and the start of the description, spaces folded."""
    return " ".join((record["samenvatting"] + " " + record["beschrijving"]).split())[:SNIPPET_SOURCE_CHARS]


def snippet(index: SearchIndex, text: str, terms: set) -> str:
    """A window of the text around the first matched word, matched words in <mark>, all escaped.
    A word matches when its stem is a query term or contains one (compounds). The same rule runs
    in the browser, so both searches show the same snippet."""
    long_terms = [t for t in terms if len(t) >= MIN_PART]

    def matches_query(word: str) -> bool:
        folded = fold(word)
        return folded not in STOPWORDS and (stem(folded) in terms or any(t in folded for t in long_terms))

    matches = [m for m in WORD.finditer(text) if matches_query(m.group())]
    if not matches:
        return ""
    start = max(0, matches[0].start() - 40)
    start = text.rfind(" ", 0, start) + 1 if start else 0
    end = min(len(text), start + SNIPPET_CHARS)
    out, position = [], start
    for match in matches:
        if match.start() < start or match.end() > end:
            continue
        out.append(html.escape(text[position:match.start()]))
        out.append(f"<mark>{html.escape(match.group())}</mark>")
        position = match.end()
    out.append(html.escape(text[position:end]))
    return ("…" if start else "") + "".join(out).strip() + ("…" if end < len(text) else "")


def _add_snippets(index: SearchIndex, hits: list[Hit], groups: list[Group]):
    terms = {term for group in groups for term in group.alternatives}
    for hit in hits:
        hit.snippet = snippet(index, snippet_source(hit.record), terms)


# ----------------------------------------------------------------------------------------------
# Related entries


def related_entries(index: SearchIndex, count: int = RELATED_COUNT) -> dict[str, list[tuple[str, float]]]:
    """For every entry, the most similar other entries (cosine of tf-idf vectors of all its text,
    analysed as the index analyses it, over its characteristic terms)."""
    return _related(index.records, index.word_filter.terms_of, count)


def similar_entries(catalogue: Catalogue, count: int = RELATED_COUNT) -> dict[str, list[tuple[str, float]]]:
    """The same as ``related_entries`` without building the Whoosh index (fast, for `check`)."""
    return _related(documents(catalogue), WordFilter(compound_parts(catalogue)).terms_of, count)


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
        for term, weight in sorted(vector.items(), key=lambda kv: -kv[1])[:RELATED_TERMS]:
            if len(postings[term]) <= RELATED_POSTINGS_CAP:
                candidates.update(postings[term])  # a whole list at once: counted in C
        candidates.pop(slug, None)
        exact = [(other, _cosine(vector, vectors[other])) for other, _ in candidates.most_common(count * 2)]
        exact.sort(key=lambda pair: (-pair[1], pair[0]))
        result[slug] = [(other, round(score, 3)) for other, score in exact[:count]]
    return result


def _term_counts(text: str, terms_of) -> Counter:
    counts: Counter = Counter()
    for word, n in Counter(WORD.findall(text)).items():
        for term in terms_of(word):
            counts[term] += n
    return counts


def _cosine(a: dict, b: dict) -> float:
    """Over the shared terms only; fsum, so the (set) order of the terms cannot change the result."""
    return math.fsum(a[term] * b[term] for term in a.keys() & b.keys())


def _tfidf_vectors(records, terms_of) -> dict[str, dict[str, float]]:
    """Unit tf-idf vectors of each entry's text."""
    counts = {r["slug"]: _term_counts(" ".join(r[f] for f in FIELD_BOOSTS), terms_of) for r in records if r["soort"] == "aanbod"}
    document_frequency = Counter(t for c in counts.values() for t in c)
    total = len(counts)
    vectors = {}
    for slug, terms in counts.items():
        vector = {t: (1 + math.log(tf)) * math.log(1 + total / document_frequency[t]) for t, tf in terms.items()}
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        vectors[slug] = {t: v / norm for t, v in vector.items()}
    return vectors


def possible_duplicates(related: dict[str, list[tuple[str, float]]], threshold: float = DUPLICATE_SIMILARITY) -> list[tuple[str, str, float]]:
    pairs = set()
    for slug, others in related.items():
        for other, score in others:
            if score >= threshold:
                pairs.add((min(slug, other), max(slug, other), score))
    return sorted(pairs)


# ----------------------------------------------------------------------------------------------
# Baseline, for the quality benchmark: Whoosh's StandardAnalyzer, no thesaurus, no compounds.


def baseline_search(catalogue: Catalogue):
    """Return a function query -> ranked slugs using plain Whoosh (the benchmark's yardstick)."""
    from whoosh.qparser import MultifieldParser, OrGroup

    schema = fields.Schema(slug=fields.ID(stored=True), **{name: fields.TEXT(analyzer=analysis.StandardAnalyzer()) for name in FIELD_BOOSTS})
    ix = RamStorage().create_index(schema, indexname=private_name())
    writer = ix.writer()
    for record in documents(catalogue):
        writer.add_document(slug=record["slug"], **{name: record[name] for name in FIELD_BOOSTS})
    writer.commit()
    parser = MultifieldParser(list(FIELD_BOOSTS), ix.schema, fieldboosts=FIELD_BOOSTS, group=OrGroup)
    searcher = ix.searcher()

    def run(query: str, limit: int = 10) -> list[str]:
        return [hit["slug"] for hit in searcher.search(parser.parse(clean_query(query)), limit=limit)]

    return run
