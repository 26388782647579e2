"""Plain language: text for young people must be B1 and must speak about the provision, not the
documents it was found in.

Readability uses textstat's Flesch-Douma score (Dutch, with pyphen's hyphenation for syllables);
because summaries are short, long sentences and long words are also flagged one by one. The
phrases and thresholds live in ``data/taal.yaml``; docs/taal.md explains them.
"""

from __future__ import annotations

import functools
import re

import pyphen
import yaml

from .vocabularies import DATA_DIR

SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
WORD = re.compile(r"[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ'-]*")
PROFESSIONALS_HEADING = re.compile(r"^#+\s*Voor professionals", re.MULTILINE | re.IGNORECASE)


@functools.cache
def rules() -> dict:
    return yaml.load((DATA_DIR / "taal.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


@functools.cache
def _dutch() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="nl_NL")


@functools.cache
def _textstat():
    """textstat, imported when a text is first scored: it imports nltk, 0.37 s that every
    command paid at start, and only the warnings of ``check`` and the review score texts."""
    import textstat

    textstat.set_lang("nl")
    return textstat


def syllables(word: str) -> int:
    return len(_dutch().inserted(word.lower()).split("-"))


def flesch_douma(text: str) -> float:
    return _textstat().flesch_reading_ease(text)


def document_phrases(text: str) -> list[str]:
    """The phrases about source documents that a reader's text contains."""
    folded = " " + re.sub(r"\s+", " ", text.casefold()) + " "
    return [p for p in rules()["documentzinnen"] if f" {p}" in folded or folded.startswith(p)]


def readability(text: str) -> list[str]:
    """Why a youth text is harder than B1, one reason per finding (empty: fine)."""
    limits = rules()["leesbaarheid"]
    known = {w.casefold() for w in rules()["bekende_woorden"]}
    findings = []
    words = WORD.findall(text)
    if len(words) >= limits["min_woorden_voor_score"]:
        score = flesch_douma(text)
        if score < limits["min_flesch_douma"]:
            findings.append(
                f"leesbaarheid {score:.0f} (Flesch-Douma), onder {limits['min_flesch_douma']}: "
                "maak zinnen korter en woorden eenvoudiger"
            )
    for sentence in SENTENCE_END.split(text.strip()):
        count = len(WORD.findall(sentence))
        if count > limits["max_woorden_per_zin"]:
            findings.append(
                f"zin van {count} woorden (meer dan {limits['max_woorden_per_zin']}): "
                f"'{sentence[:50]}…'"
            )
    for word in dict.fromkeys(words):
        if word.casefold() in known or word[:1].isupper():
            continue  # names and known words
        if syllables(word) > limits["max_lettergrepen_per_woord"]:
            findings.append(f"lang woord '{word}' ({syllables(word)} lettergrepen)")
    return findings


def youth_part(article_body: str) -> str:
    """The part of an article for young people: everything before "Voor professionals"."""
    match = PROFESSIONALS_HEADING.search(article_body)
    return article_body[: match.start()] if match else article_body


def plain_text(markdown_text: str) -> str:
    """Markdown reduced to its words: headings, emphasis and link targets removed."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown_text)
    text = re.sub(r"^#+\s*(.*)$", r"\1.", text, flags=re.MULTILINE)
    text = re.sub(r"^\s*[-*+]\s+", "", text, flags=re.MULTILINE)
    return re.sub(r"[*_`>]", "", text)
