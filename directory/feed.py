"""An Atom feed (RFC 4287) of new and changed entries, newest check date first.

The build writes it to ``/data/aanbod.atom``. Each entry's ``updated`` is its ``gecontroleerd``
date, so the feed only changes when an entry is checked again or added; nothing depends on the
time of the build.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from . import paths, sources
from .catalogue import Catalogue, Entry

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
FEED_TITLE = "Voorveld in beeld: nieuw en gewijzigd aanbod"
FEED_PATH = "data/aanbod.atom"
MAX_ENTRIES = 50
# Entry fields given as <category>, with the site's browse page of each vocabulary as scheme.
CATEGORY_FIELDS = {
    "categorieen": ("categorieen", "categorie"),
    "doelgroepen": ("doelgroepen", "doelgroep"),
    "fasen": ("fasen", "fase"),
    "leefgebieden": ("leefgebieden", "leefgebied"),
}
EPOCH = "1970-01-01T00:00:00Z"  # "updated" of a feed without entries

ET.register_namespace("", ATOM)


def rfc3339(value) -> str:
    """A check date (``JJJJ-MM-DD`` or a date) as an RFC 3339 date-time at midnight UTC."""
    date = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    return f"{date.isoformat()}T00:00:00Z"


def newest_entries(catalogue: Catalogue, limit: int = MAX_ENTRIES) -> list[Entry]:
    """Entries by check date, newest first (ties by name, so the order is stable)."""
    by_name = sorted(catalogue.entries, key=lambda e: e["naam"].casefold())
    return sorted(by_name, key=lambda e: updated(e), reverse=True)[:limit]


def updated(entry) -> str:
    """When an entry last changed as far as we know: its check, or its newest source."""
    day = sources.last_update(entry)
    return rfc3339(day) if day else EPOCH


def atom_feed(catalogue: Catalogue, base_url: str) -> str:
    """The feed as an XML document (UTF-8, with declaration)."""
    base_url = base_url.rstrip("/") + "/"
    entries = newest_entries(catalogue)
    feed = ET.Element(_q("feed"), {XML_LANG: "nl"})
    _text(feed, "id", base_url + FEED_PATH)
    _text(feed, "title", FEED_TITLE)
    _text(
        feed,
        "subtitle",
        "Aanbod voor jongeren van 16 tot 27 jaar, van school naar werk, dat nieuw is of "
        "is bijgewerkt.",
    )
    _text(feed, "updated", updated(entries[0]) if entries else EPOCH)
    ET.SubElement(
        feed,
        _q("link"),
        {"rel": "self", "type": "application/atom+xml", "href": base_url + FEED_PATH},
    )
    ET.SubElement(feed, _q("link"), {"rel": "alternate", "type": "text/html", "href": base_url})
    author = ET.SubElement(feed, _q("author"))
    _text(author, "name", "Voorveld in beeld")
    _text(author, "uri", base_url)
    vocab = catalogue.vocabularies
    for entry in entries:
        url = paths.entry_url(base_url, entry.slug)
        item = ET.SubElement(feed, _q("entry"))
        _text(item, "id", url)
        _text(item, "title", entry["naam"])
        ET.SubElement(item, _q("link"), {"rel": "alternate", "type": "text/html", "href": url})
        _text(item, "updated", updated(entry))
        _text(item, "summary", entry["samenvatting"].strip())
        author = ET.SubElement(item, _q("author"))
        _text(author, "name", entry["organisatie"])
        for field_name, (vocabulary, dimension) in CATEGORY_FIELDS.items():
            for term_id in entry.ids(field_name):
                ET.SubElement(
                    item,
                    _q("category"),
                    {
                        "term": term_id,
                        "scheme": f"{base_url}{dimension}/",
                        "label": vocab[vocabulary].label(term_id),
                    },
                )
    ET.indent(feed, space=" ")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def _q(tag: str) -> str:
    return f"{{{ATOM}}}{tag}"


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, _q(tag))
    element.text = text
    return element
