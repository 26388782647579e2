"""Incremental builds: remember what the last build made, so that the next one redoes only what
changed. Both memories are pure caches: a build with them writes exactly what a build without
them writes (``tests/test_incremental.py`` compares the two file by file).

- ``CheckCache`` keeps each entry file's checked result under the hash of the file's bytes, in
  ``.voorveld-cache/`` of the project. A file whose bytes did not change is not parsed or checked
  again; the rules across files run every time.
- ``PageMemory`` keeps each page's fingerprint (its template and everything its view hands the
  template) inside the built site, in ``.voorveld-paginas.json``. A page whose fingerprint did not
  change is copied from the previous site instead of rendered; the links in the copy are handed to
  the freezer, so that the pages only it links to are still found.

A fingerprint holds an entry or article as its slug and the hash of its file, so the rule that
makes this work is: templates read only what the view hands them, plus what ``build_key`` covers
(the package's code, templates and data, the libraries, the settings, the articles and today's
date, which pages and checks show). ``tests/test_incremental.py`` holds the templates to it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import html
import importlib.metadata
import json
import os
import pickle
import re
import sys
import tempfile
from pathlib import Path
from urllib.parse import unquote

PACKAGE_DIR = Path(__file__).resolve().parent
CACHE_DIR = ".voorveld-cache"
PAGES_FILE = ".voorveld-paginas.json"


def content_hash(data: bytes) -> str:
    return hashlib.sha1(data, usedforsecurity=False).hexdigest()


def build_key(*parts) -> str:
    """What every cached result depends on besides its own inputs: this package's files, the
    installed libraries and Python, and whatever the caller adds (today's date, the settings)."""
    digest = hashlib.sha1(usedforsecurity=False)
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode())
            digest.update(hashlib.sha1(path.read_bytes(), usedforsecurity=False).digest())
    libraries = sorted(
        f"{dist.metadata['Name']}=={dist.version}" for dist in importlib.metadata.distributions()
    )
    digest.update(json.dumps([sys.version, libraries, *map(str, parts)]).encode())
    return digest.hexdigest()


def _write_atomically(path: Path, data: bytes):
    """Write beside the file, then rename: a reader (or a killed build) sees old or new, whole."""
    folder = path.parent
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}-", dir=folder)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


# ----------------------------------------------------------------------------------------------
# The check of each entry file


class CheckCache:
    """Checked entries by (display path, hash of the file's bytes). Only entries without problems
    are kept: a file with a problem is read again, so its messages are always fresh. The cache is
    a pickle in the project's own folder, trusted as the project's code is."""

    FILE = "controle.pickle"

    def __init__(self, project_dir: Path, key: str, *, fresh: bool = False):
        self.path = Path(project_dir) / CACHE_DIR / self.FILE
        self.key = key
        self.previous: dict = {}
        self.kept: dict = {}
        self.hits = 0
        if fresh:  # check everything, and keep the result for the next build
            return
        try:
            stored = pickle.loads(self.path.read_bytes())
            if stored.get("sleutel") == key:
                self.previous = stored["aanbod"]
        except Exception:  # noqa: BLE001 - no cache, an old one or a damaged one: check everything
            self.previous = {}

    def get(self, display: str, raw: bytes):
        entry = self.previous.get((display, content_hash(raw)))
        if entry is not None:
            self.hits += 1
            self.kept[(display, entry.source_hash)] = entry
        return entry

    def put(self, display: str, entry):
        self.kept[(display, entry.source_hash)] = entry

    def save(self):
        """Keep what this check saw (files that were removed drop out). A cache that cannot be
        written is no error: the next build checks everything again."""
        try:
            self.path.parent.mkdir(exist_ok=True)
            data = pickle.dumps({"sleutel": self.key, "aanbod": self.kept}, protocol=5)
            _write_atomically(self.path, data)
        except OSError:
            pass


# ----------------------------------------------------------------------------------------------
# Pages


class Unfingerprintable(TypeError):
    """A value whose content a fingerprint cannot capture: its page is always rendered."""


def fingerprint(template: str, url: str, context: dict) -> str:
    parts: list[str] = [template, url]
    _add(context, parts)
    return hashlib.sha1("\x1f".join(parts).encode(), usedforsecurity=False).hexdigest()


def _add(value, parts: list[str]):
    """Append what decides how ``value`` renders. Entries and articles count as their file."""
    if value is None or isinstance(value, (str, int, float, bool)):
        parts.append(f"{type(value).__name__}:{value}")
    elif hasattr(value, "source_hash") and hasattr(value, "slug"):
        parts.append(f"{type(value).__name__}:{value.slug}:{value.source_hash}")
    elif isinstance(value, dict):
        parts.append(f"dict{len(value)}")
        for key, item in value.items():
            _add(key, parts)
            _add(item, parts)
    elif isinstance(value, (list, tuple)):
        parts.append(f"list{len(value)}")
        for item in value:
            _add(item, parts)
    elif isinstance(value, (set, frozenset)):
        parts.append(f"set{len(value)}")
        for item in sorted(value, key=repr):
            _add(item, parts)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        parts.append(type(value).__name__)
        for item in dataclasses.fields(value):
            _add(getattr(value, item.name), parts)
    else:
        raise Unfingerprintable(f"{type(value).__name__} in the context of a page")


LINK = re.compile(rb'(?:href|src|action|data-[a-z-]+)="(/[^"/][^"#?]*|/)["#?]')


def links_in(page: bytes, script_name: str = "") -> list[str]:
    """The site-internal paths a page links to, without the base URL's path."""
    found = []
    for match in LINK.finditer(page):
        path = unquote(html.unescape(match.group(1).decode("utf-8", "replace")))
        if script_name and path.startswith(script_name):
            path = path[len(script_name) :] or "/"
        found.append(path)
    return found


class PageMemory:
    """The fingerprint of every page of the previous build, and of this one as it is made."""

    def __init__(self, previous_site: Path | None, key: str):
        self.previous_site = previous_site
        self.key = key
        self.previous: dict[str, str] = {}
        self.made: dict[str, str] = {}
        self.rendered = 0
        self.copied = 0
        self.on_link = None  # set by the freezer: called with every link of a copied page
        self.script_name = ""
        if previous_site is not None:
            try:
                stored = json.loads((previous_site / PAGES_FILE).read_text(encoding="utf-8"))
                if stored.get("sleutel") == key:
                    self.previous = stored["paginas"]
            except (OSError, ValueError, AttributeError, KeyError):
                self.previous = {}

    def page(self, url: str, template: str, context: dict, render):
        """The page at ``url``: copied from the previous site if its fingerprint is unchanged,
        otherwise ``render()``."""
        try:
            digest = fingerprint(template, url, context)
        except Unfingerprintable:
            self.rendered += 1
            return render()
        self.made[url] = digest
        if self.previous.get(url) == digest:
            previous = self._previous_file(url)
            if previous is not None:
                self.copied += 1
                if self.on_link is not None:
                    for link in links_in(previous, self.script_name):
                        self.on_link(link)
                return previous
        self.rendered += 1
        return render()

    def _previous_file(self, url: str) -> bytes | None:
        relative = url.lstrip("/") + ("index.html" if url.endswith("/") else "")
        try:
            return (self.previous_site / relative).read_bytes()
        except OSError:
            return None

    def write(self, site: Path):
        data = json.dumps({"sleutel": self.key, "paginas": self.made}, sort_keys=True)
        (site / PAGES_FILE).write_text(data, encoding="utf-8")
