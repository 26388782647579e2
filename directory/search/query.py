"""The query side: what a query asks for (its words, an age, a place, needs) and the weighted
alternatives each word stands for. The rules that are data live in ``data/zoekregels.yaml``;
docs/zoeken.md explains them; ``static/zoeken.js`` repeats every rule (its functions carry the
same names in camelCase).

Each remaining query word becomes a *group* of weighted alternatives: its stem (1.0), the stems of
its thesaurus synonyms (0.7), its compound parts (0.3), for the last word while typing the indexed
terms it is a prefix of (0.6), and for a word the index does not know, the closest indexed terms
(0.8; that is also where "Bedoelde je ...?" comes from).
"""

from __future__ import annotations

import bisect
import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

import yaml

from ..catalogue import Catalogue
from ..vocabularies import DATA_DIR
from .engine import STOPWORDS, stem
from .rules import (
    MAX_QUERY_CHARS,
    MAX_QUERY_WORDS,
    MIN_PREFIX,
    MIN_SYNONYM_WORD,
    PREFIX_LIMIT,
    QUESTION_WORDS,
    WEIGHT_FUZZY,
    WEIGHT_PART,
    WEIGHT_PREFIX,
    WEIGHT_SYNONYM,
)
from .text import AGE_WORD, WORD, fold, split_compound, words

if TYPE_CHECKING:
    from .index import SearchIndex


@functools.cache
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
    return tuple(
        w
        for w in WORD.findall(fold(name))
        if w not in STOPWORDS
        and w not in rules["generic"]
        and w not in rules["never"]
        and len(w) > 1
    )


@functools.cache
def query_rules() -> dict:
    """The query's rules from ``data/zoekregels.yaml`` (shared with the static search)."""
    data = yaml.load(
        (DATA_DIR / "zoekregels.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader
    )
    needs = {}
    for need in data["behoeften"]:
        for phrase in need["zinnen"]:
            needs[tuple(WORD.findall(fold(phrase)))] = [
                w for word in need["woorden"] for w in WORD.findall(fold(word))
            ]
    return {
        "generic": frozenset(data["woorden_zonder_onderwerp"]),
        "never": frozenset(data["nooit_zoekwoord"]),
        "needs": needs,
        "exclusions": tuple(fold(opener) for opener in data["uitsluiting_begint_met"]),
        "examples": frozenset(fold(w) for w in data["vraagt_om_voorbeelden"]),
        "ages": (data["leeftijd"]["van"], data["leeftijd"]["tot"]),
    }


class ReadQuery(NamedTuple):
    words: list[str]
    age: int | None
    wants_examples: bool  # "voorbeelden van ...": a professional asks for examples, not doors


def query_words(text: str) -> ReadQuery:
    """The words a query searches for, the age it names and whether it asks for examples: needs
    ("zonder diploma") become their own words before stopwords go, an age ("ik ben 19") and the
    words that ask for examples are taken out, and words without a topic (question words, generic
    verbs) are dropped."""
    rules = query_rules()
    folded = WORD.findall(fold(text))
    rewritten, position = [], 0
    while position < len(folded):
        for length in (3, 2, 1):
            phrase = tuple(folded[position : position + length])
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
    examples = [w for w in rewritten if w in rules["examples"]]
    topical = [
        w
        for w in rewritten
        if w not in STOPWORDS
        and w not in rules["never"]
        and not is_age(w)
        and len(w) > 1  # "vmbo-k": no "k"
        and w not in rules["examples"]
    ]
    kept = [w for w in topical if w not in rules["generic"]]
    # only generic words: search for them
    return ReadQuery(
        kept or topical, ages[0] if ages else None, bool(examples) and bool(kept or topical)
    )


@dataclass(frozen=True)
class Place:
    """A municipality named in a query: one of the catalogue's (id and region) or another one."""

    name: str
    id: str | None = None
    region: str | None = None


def find_place(index: SearchIndex, tokens: list[str]) -> tuple[list[str], Place | None]:
    """Take the first municipality named in the query words out of them. The catalogue's own
    municipalities first; another Dutch municipality only where one of its words is not in the
    index (so a place the catalogue describes, such as an example's town, stays a word)."""
    for names, known in ((index.place_names, True), (dutch_municipalities(), False)):
        for start in range(len(tokens)):
            for length in (3, 2, 1):
                phrase = tuple(tokens[start : start + length])
                if len(phrase) != length or phrase not in names:
                    continue
                if not known and all(stem(w) in index.lexicon for w in phrase):
                    continue
                rest = tokens[:start] + tokens[start + length :]
                if known:
                    term = names[phrase]
                    return rest, Place(term.label, term.id, term.get("regio"))
                return rest, Place(names[phrase])
    return tokens, None


def glossary_pairs(catalogue: Catalogue) -> list[list[str]]:
    """Each glossary abbreviation with its full form, as a thesaurus group: "OCD" finds what the
    catalogue writes out, and the other way round."""
    return [
        [term["term"].lower(), term["voluit"].lower()]
        for term in catalogue.glossary
        if term.get("voluit")
    ]


def thesaurus_map(groups: list[list[str]]) -> dict[str, list[str]]:
    """Folded term -> the other terms of its groups (a term may stand in two groups)."""
    result: dict[str, list[str]] = {}
    for group in groups:
        folded = [" ".join(words(term)) or fold(term) for term in group]
        for term in folded:
            result.setdefault(term, [])
            result[term] += [
                other for other in folded if other != term and other not in result[term]
            ]
    return result


@dataclass
class Group:
    """One query word with its weighted alternatives (term -> weight)."""

    word: str
    alternatives: dict
    correction: str | None = None


def analyse_query(index: SearchIndex, query: str, typing: bool = False) -> list[Group]:
    """Turn a query into groups of weighted index terms (see the module docstring)."""
    return analyse_words(index, find_place(index, query_words(query).words)[0], typing)


def analyse_words(index: SearchIndex, words: list[str], typing: bool = False) -> list[Group]:
    """The groups of query words that are left once needs, ages and a place are taken out."""
    tokens = words[:MAX_QUERY_WORDS]
    if not tokens:
        return []
    phrase_synonyms = _phrase_synonyms(index, tokens)
    groups = []
    for position, word in enumerate(tokens):
        alternatives: dict[str, float] = {}

        def add(term, weight):  # used only within this iteration, so its own `alternatives`
            if weight > alternatives.get(term, 0):  # noqa: B023
                alternatives[term] = weight  # noqa: B023

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
    """Synonyms of multi-word thesaurus terms ("gestopt met school"), attached to their first
    word."""
    found: dict[int, list[str]] = {}
    for length in (3, 2):
        for start in range(len(tokens) - length + 1):
            phrase = " ".join(tokens[start : start + length])
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


def is_question(query: str) -> bool:
    first = WORD.findall(fold(query))[:1]
    return bool(first and first[0] in QUESTION_WORDS) or query.rstrip().endswith("?")


def clean_query(query: str) -> str:
    """Drop control characters and cut very long input; anything else is just text to us."""
    query = "".join(ch if ch.isprintable() else " " for ch in (query or "")[: MAX_QUERY_CHARS * 4])
    return " ".join(query.split())[:MAX_QUERY_CHARS]
