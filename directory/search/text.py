"""Words: how text becomes index terms, the same for the catalogue and for queries.

Words are runs of letters and digits; lowercased; accents folded ("financiën" -> "financien");
Dutch stopwords dropped; compounds split against the catalogue's own words
("schuldhulpverlening" -> also "schuld", "hulp", "verlening"); stemmed with the original Snowball
Dutch stemmer.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from .engine import STOPWORDS, stem
from .rules import LINKERS, MAX_COMPOUND, MIN_COMPOUND, MIN_PART

WORD = re.compile(r"[^\W_]+")
AGE_WORD = re.compile(r"[0-9]{1,2}")  # ASCII digits only, as in the browser
COMBINING_MARKS = re.compile("[\u0300-\u036f]")


def fold(text: str) -> str:
    """Lowercase and strip accents, the same way the browser does (NFD, drop combining marks)."""
    text = text.lower()
    if text.isascii():
        return text
    return COMBINING_MARKS.sub("", unicodedata.normalize("NFD", text))


def words(text: str) -> list[str]:
    """Folded words without stopwords."""
    return [w for w in WORD.findall(fold(text)) if w not in STOPWORDS]


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
                split = (
                    _split(tail[len(linker) :], parts, False, memo)
                    if len(tail) - len(linker) >= MIN_PART
                    else None
                )
                if split:
                    result = [head] + split
                    break
            if result:
                break
    memo[key] = result
    return result


def index_terms(word: str, parts: frozenset) -> tuple[str, ...]:
    """The index terms of one raw word: its stem, then the stems of its compound parts."""
    folded = fold(word)
    if folded in STOPWORDS:
        return ()
    return (stem(folded),) + tuple(stem(part) for part in split_compound(folded, parts))


def term_counts(text: str, terms_of) -> Counter:
    """Terms and their frequencies in a text, analysing each distinct word once."""
    counts: Counter = Counter()
    for word, n in Counter(WORD.findall(text)).items():
        for term in terms_of(word):
            counts[term] += n
    return counts
