"""Where things live on the site: one definition for the pages (their routes), the exports, HSDS,
the feed, the sitemap and the review, so that a link in an export always names a built page; and
the one way the exports write a file there."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

ENTRY = "aanbod/{slug}/"
ORGANISATION = "organisatie/{slug}/"


def route(pattern: str, **converters: str) -> str:
    """A Flask route for a path pattern: route(ENTRY, slug="<slug>") is "/aanbod/<slug>/"."""
    return "/" + pattern.format(**converters)


def entry_path(slug: str) -> str:
    return ENTRY.format(slug=slug)


def entry_url(base_url: str, slug: str) -> str:
    """The entry's page: absolute under a base URL, else relative to the site's root."""
    return f"{base_url}{entry_path(slug)}"


def organisation_url(base_url: str, slug: str) -> str:
    return f"{base_url}{ORGANISATION.format(slug=slug)}"


def write_file(path: Path, text: str) -> Path:
    """Write one file of the site (UTF-8), making its folder; returns the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def write_json(path: Path, data) -> Path:
    """Write one JSON file of the site (UTF-8, indented by one space, a line break at the end)
    as it is encoded, a megabyte at a time: ``json.dumps`` with an indent first gathers every
    piece of the text in a list, which for the HSDS services of 50,000 entries (350 MB of JSON)
    is tens of millions of small strings."""
    path.parent.mkdir(parents=True, exist_ok=True)
    encoder = json.JSONEncoder(ensure_ascii=False, indent=1)
    with path.open("w", encoding="utf-8") as handle:
        pieces: list[str] = []
        size = 0
        for piece in encoder.iterencode(data):
            pieces.append(piece)
            size += len(piece)
            if size >= 1 << 20:
                handle.write("".join(pieces))
                pieces.clear()
                size = 0
        handle.write("".join(pieces) + "\n")
    return path


def site_root(base_url: str) -> str:
    """The path the site is served under: "/" or "/voorveld/"."""
    path = urlsplit(base_url).path if base_url else "/"
    return path if path.endswith("/") else path + "/"
