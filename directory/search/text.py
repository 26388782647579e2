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
# anything but Latin letters, their accents, punctuation and currency signs: none of these
# combines with a letter or lowercases by its neighbours (a test checks every code point)
BEYOND_LATIN = re.compile(
    "[^\x00-\u024f\u0300-\u036f\u1e00-\u1eff\u2000-\u206f\u20a0-\u20cf\u2100-\u214f]"
)


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


class PartChange:
    """The compound parts that came or went between two builds, and whether they change the
    index terms of a text: a word's terms depend on the parts found inside it
    (``index_terms``), so a text keeps its terms unless one of its words splits differently.
    What a build kept of a text (its terms, a Whoosh segment) serves while that holds."""

    MAX = 100  # beyond this many changed parts, checking costs more than doing the work again

    def __init__(self, previous: frozenset, current: frozenset):
        self.previous, self.current = previous, current
        self.parts = sorted(previous ^ current)
        self._differs: dict[str, bool] = {}

    def changes_terms_of(self, text: str) -> bool:
        if not self.parts:
            return False
        if len(self.parts) > self.MAX:
            return True
        # a screen first: folding the whole text holds every word folded alone, except where
        # lowercasing looks at the next letter (Python's lower(): only the Greek capital sigma)
        # or NFD reorders a combining mark that follows a word into its last letter (only marks
        # that fold keeps, outside U+0300-U+036F); Latin text has neither
        if not BEYOND_LATIN.search(text):
            folded = fold(text)
            if not any(part in folded for part in self.parts):
                return False
        return any(self._word_differs(word) for word in set(WORD.findall(text)))

    def _word_differs(self, word: str) -> bool:
        differs = self._differs.get(word)
        if differs is None:
            folded = fold(word)
            differs = self._differs[word] = any(p in folded for p in self.parts) and (
                split_compound(folded, self.previous) != split_compound(folded, self.current)
            )
        return differs
