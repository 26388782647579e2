"""Snippets: the stretch of a result's text with the most query terms, escaped, the terms marked."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from .engine import STOPWORDS, stem
from .rules import MIN_PART, SNIPPET_CHARS, SNIPPET_SOURCE_CHARS
from .text import WORD, fold

if TYPE_CHECKING:
    from .index import SearchIndex
    from .query import Group
    from .ranking import Hit


def snippet_source(record: dict) -> str:
    """The text snippets are cut from: summary and the start of the description, spaces folded."""
    return " ".join((record["samenvatting"] + " " + record["beschrijving"]).split())[
        :SNIPPET_SOURCE_CHARS
    ]


def snippet(index: SearchIndex, text: str, terms: set) -> str:
    """A window of the text around the first matched word, matched words in <mark>, all escaped.
    A word matches when its stem is a query term or contains one (compounds). The same rule runs
    in the browser, so both searches show the same snippet."""
    long_terms = [t for t in terms if len(t) >= MIN_PART]

    def matches_query(word: str) -> bool:
        folded = fold(word)
        return folded not in STOPWORDS and (
            stem(folded) in terms or any(t in folded for t in long_terms)
        )

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
        out.append(html.escape(text[position : match.start()]))
        out.append(f"<mark>{html.escape(match.group())}</mark>")
        position = match.end()
    out.append(html.escape(text[position:end]))
    return ("…" if start else "") + "".join(out).strip() + ("…" if end < len(text) else "")


def _add_snippets(index: SearchIndex, hits: list[Hit], groups: list[Group]):
    terms = {term for group in groups for term in group.alternatives}
    for hit in hits:
        hit.snippet = snippet(index, snippet_source(hit.record), terms)
