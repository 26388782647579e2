"""Turning entry text into safe HTML and small formatted values for the templates.

Markdown from partners is rendered and then sanitised with nh3 (the Rust ammonia sanitiser): a
whitelist of tags, links only to http, https, mailto and tel. Writing our own sanitiser would be
the classic way to let a script through.
"""

from __future__ import annotations

import functools
import html
import re
import threading
from urllib.parse import quote

import markdown as markdown_lib
import nh3

from .catalogue import organisation_slug
from .sources import MONTHS, dutch_date  # noqa: F401  (templates use render.dutch_date)

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "a",
    "h2",
    "h3",
    "h4",
    "blockquote",
    "code",
    "pre",
    "abbr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


_converters = threading.local()
LIST_ITEM = re.compile(r"[ \t]*(?:[-*+]|\d+\.)[ \t]")


def markdown(text: str) -> str:
    """Markdown to sanitised HTML. Raw HTML in the source is escaped, not passed through."""
    converter = getattr(_converters, "markdown", None)
    if converter is None:  # one per thread: building a converter costs more than using it
        converter = markdown_lib.Markdown(extensions=["sane_lists", "tables"], output_format="html")
        converter.preprocessors.deregister("html_block")  # raw HTML is text, escaped like any other
        converter.inlinePatterns.deregister("html")
        _converters.markdown = converter
    rendered = converter.reset().convert(blank_line_before_lists(text))
    return sanitise(rendered)


def blank_line_before_lists(text: str) -> str:
    """Partners write a list straight under a line of text; Markdown needs a blank line there."""
    lines = text.split("\n")
    out = []
    for number, line in enumerate(lines):
        previous = lines[number - 1] if number else ""
        if previous.strip() and LIST_ITEM.match(line) and not LIST_ITEM.match(previous):
            out.append("")
        out.append(line)
    return "\n".join(out)


def sanitise(fragment: str) -> str:
    return nh3.clean(
        fragment,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


def tel_href(number: str) -> str:
    digits = re.sub(r"[^\d+]", "", number)
    return "tel:" + (
        digits
        if digits.startswith("+")
        else "+31" + digits[1:]
        if digits.startswith("0")
        else digits
    )


# Python-Markdown is super-linear in some input shapes (runs of "[", backticks and emphasis
# markers, deep nesting). Bounding them per block, and the whole text, makes rendering time grow
# linearly with the file; benchmarks/render_bounds.py prints the worst time at the limits and
# docs/security.md says why these numbers.
MARKDOWN_LIMITS = {
    "tekens": 100_000,  # a description or an article body
    "regel": 10_000,  # characters on one line
    "[": 32,  # per block (paragraph): link and image openers
    "`": 32,  # per block: code spans
    "nadruk": 64,  # per block: "*" and "_" together
    "diepte": 8,  # nesting: ">" at the start of a line, or list indentation in steps of two spaces
}


def markdown_shape_problem(text: str) -> tuple[int, str] | None:
    """(line, message) of the first shape beyond ``MARKDOWN_LIMITS``, or None."""
    limits = MARKDOWN_LIMITS
    if len(text) > limits["tekens"]:
        return 1, f"tekst is te lang ({len(text):,} tekens; maximaal {limits['tekens']:,})".replace(
            ",", "."
        )
    line_number, block_start, counts = 0, 1, {"[": 0, "`": 0, "nadruk": 0}
    for line_number, line in enumerate(text.split("\n"), 1):
        if len(line) > limits["regel"]:
            return line_number, f"regel is te lang ({len(line)} tekens; maximaal {limits['regel']})"
        stripped = line.lstrip(" ")
        depth = max(len(stripped) - len(stripped.lstrip(">")), (len(line) - len(stripped)) // 2)
        if depth > limits["diepte"]:
            return line_number, f"te diep genest ({depth} niveaus; maximaal {limits['diepte']})"
        if not line.strip():
            block_start, counts = line_number + 1, {"[": 0, "`": 0, "nadruk": 0}
            continue
        counts["["] += line.count("[")
        counts["`"] += line.count("`")
        counts["nadruk"] += line.count("*") + line.count("_")
        for key, label in (("[", "'['"), ("`", "backticks"), ("nadruk", "'*' en '_'")):
            if counts[key] > limits[key]:
                return block_start, (
                    f"alinea met {counts[key]} keer {label} (maximaal {limits[key]} per alinea); "
                    "splits de alinea of haal tekens weg"
                )
    return None


def mailto_href(address: str) -> str:
    """A mail link built by encoding, never by pasting: "?", "&" or "%" in an address cannot add
    recipients or a body (the check refuses such addresses too)."""
    return "mailto:" + quote(address, safe="@")


def whatsapp_href(number: str) -> str:
    return "https://wa.me/" + tel_href(number)[len("tel:+") :]


@functools.lru_cache(maxsize=20_000)
def slugify(text: str) -> str:
    """An organisation's URL id; remembered, since every entry's page links its organisation."""
    return organisation_slug(text)


class GlossaryLinker:
    """Link the first use of each glossary term in a rendered text to its place on /begrippen/,
    and write an abbreviation out at its first use on a page: "RMC (Regionaal Meld- en
    Coördinatiepunt)". ``seen`` carries what a page has already explained from one fragment to
    the next (summary, description, cards)."""

    def __init__(self, glossary: list[dict]):
        terms = sorted((t for t in glossary if len(t["term"]) >= 2), key=lambda t: -len(t["term"]))
        self.ids = {t["term"]: t["id"] for t in terms}
        self.titles = {t["term"]: t.get("voluit") or t.get("uitleg", "") for t in terms}
        self.written_out = {t["term"]: t["voluit"] for t in terms if t.get("voluit")}
        self.written_out.update(
            {
                html.escape(t, quote=False): html.escape(v, quote=False)
                for t, v in list(self.written_out.items())
            }
        )
        # Terms are matched in rendered HTML, where "W&I" reads "W&amp;I".
        self.ids.update({html.escape(t, quote=False): i for t, i in list(self.ids.items())})
        self.titles.update({html.escape(t, quote=False): v for t, v in list(self.titles.items())})
        alternatives = sorted(
            {html.escape(t["term"], quote=False) for t in terms}, key=len, reverse=True
        )
        self.pattern = (
            re.compile(r"(?<![\w/&;-])(" + "|".join(map(re.escape, alternatives)) + r")(?![\w-])")
            if terms
            else None
        )

    def terms_in(self, escaped_text: str) -> frozenset:
        """The abbreviations ``expand`` could write out in this text."""
        if not self.pattern:
            return frozenset()
        return frozenset(m.group(1) for m in self.pattern.finditer(escaped_text))

    def expand(self, escaped_text: str, seen: set[str]) -> str:
        """Plain (already escaped) text with each abbreviation written out at its first use."""
        if not self.pattern:
            return escaped_text
        return self.pattern.sub(lambda m: self._write_out(m, seen), escaped_text)

    def _write_out(self, match, seen) -> str:
        term = match.group(1)
        full = self.written_out.get(term)
        if term in seen or not full:
            return term
        seen.add(term)
        rest = match.string[match.end() : match.end() + len(full) + 3]
        if rest.lstrip(" (").startswith(full) or full.casefold() == term.casefold():
            return term  # the text writes it out itself
        return f"{term} ({full})"

    def link(self, fragment: str, glossary_url: str, seen: set[str] | None = None) -> str:
        """Works on text between tags only, never inside a tag or an existing link."""
        if not self.pattern:
            return fragment
        seen = set() if seen is None else seen
        linked: set[str] = set()
        out, inside_link = [], False
        for part in re.split(r"(<[^>]+>)", fragment):
            if part.startswith("<"):
                inside_link = (inside_link or part.startswith("<a ")) and not part.startswith("</a")
                out.append(part)
            elif inside_link:
                out.append(part)
            else:
                out.append(
                    self.pattern.sub(lambda m: self._replace(m, linked, seen, glossary_url), part)
                )
        return "".join(out)

    def _replace(self, match, linked, seen, glossary_url):
        term = match.group(1)
        if term in linked:
            return self._write_out(match, seen)
        linked.add(term)
        title = html.escape(self.titles[term], quote=True)
        shown = self._write_out(match, seen)
        anchor = html.escape(self.ids[term])
        link = f'<a class="begrip" href="{glossary_url}#{anchor}" title="{title}">{term}</a>'
        return link + shown[len(term) :]


def json_ld(entry, vocab, absolute_url: str) -> dict:
    """schema.org description of an entry, for search engines and national portals."""
    government = entry["organisatie"].lower().startswith(("gemeente", "uwv", "rmc"))
    data = {
        "@context": "https://schema.org",
        "@type": "GovernmentService" if government else "Service",
        "name": entry["naam"],
        "description": entry["samenvatting"],
        "url": absolute_url,
        "provider": {"@type": "Organization", "name": entry["organisatie"]},
        "areaServed": [vocab["gemeenten"].label(g) for g in entry.ids("gemeenten")]
        or vocab["regios"].label(entry["regio"]),
        "audience": {
            "@type": "PeopleAudience",
            "audienceType": ", ".join(
                vocab["doelgroepen"].label(d) for d in entry.ids("doelgroepen")
            )
            or "Jongeren",
        },
        "serviceType": ", ".join(vocab["categorieen"].label(c) for c in entry.ids("categorieen")),
    }
    age = entry.get("leeftijd") or {}
    if age.get("van") is not None:
        data["audience"]["suggestedMinAge"] = age["van"]
    if age.get("tot") is not None:
        data["audience"]["suggestedMaxAge"] = age["tot"]
    contact = entry.get("contact") or {}
    if contact.get("website"):
        data["provider"]["url"] = contact["website"]
    if contact.get("telefoon"):
        data["provider"]["telephone"] = contact["telefoon"]
    if contact.get("email"):
        data["provider"]["email"] = contact["email"]
    return data
