"""Where things live on the site: one definition for the pages (their routes), the exports, HSDS,
the feed, the sitemap and the review, so that a link in an export always names a built page; and
the one way the exports write a file there."""

from __future__ import annotations

import json
from collections.abc import Iterator
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
    """Write one JSON file of the site (UTF-8, a line break at the end). A list or an
    iterator, at the top or as a value of the top object (the exports' shapes), is written an
    item per line: readable and diffable, streamed rather than held as one string (the HSDS
    services of 50,000 entries are hundreds of megabytes), and each item encoded by json's C
    encoder. An indent would rule that encoder out: the pure-Python one took three quarters of
    the exports' time (#21)."""
    if isinstance(data, dict):  # before anything is written: no half file
        for key in data:
            if not isinstance(key, str):
                raise TypeError(f"{path.name}: a key must be text, not {key!r}")
    path.parent.mkdir(parents=True, exist_ok=True)
    encode = json.JSONEncoder(ensure_ascii=False).encode
    with path.open("w", encoding="utf-8") as handle:
        if isinstance(data, dict) and data:
            for n, (key, value) in enumerate(data.items()):
                handle.write(("{" if n == 0 else ",\n") + encode(key) + ": ")
                _write_items(handle, value, encode)
            handle.write("}\n")
        else:
            _write_items(handle, data, encode)
            handle.write("\n")
    return path


def _write_items(handle, value, encode):
    """A list, or an iterator of items made one at a time, an item per line; anything else in
    one piece."""
    if not isinstance(value, list | Iterator):
        handle.write(encode(value))
        return
    n = -1
    for n, item in enumerate(value):
        handle.write(("[\n" if n == 0 else ",\n") + encode(item))
    handle.write("[]" if n < 0 else "\n]")


def site_root(base_url: str) -> str:
    """The path the site is served under: "/" or "/voorveld/"."""
    path = urlsplit(base_url).path if base_url else "/"
    return path if path.endswith("/") else path + "/"
