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
import shutil
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
    kind = _KINDS.get(type(value)) or _kind_of(type(value))
    if kind == "plain":
        parts.append(f"{type(value).__name__}:{value}")
    elif kind == "file":
        parts.append(f"{type(value).__name__}:{value.slug}:{value.source_hash}")
    elif kind == "dict":
        parts.append(f"dict{len(value)}")
        for key, item in value.items():
            _add(key, parts)
            _add(item, parts)
    elif kind == "list":
        parts.append(f"list{len(value)}")
        for item in value:
            _add(item, parts)
    elif kind == "set":
        parts.append(f"set{len(value)}")
        for item in sorted(value, key=repr):
            _add(item, parts)
    else:  # a dataclass: its fields, in order
        parts.append(type(value).__name__)
        for name in kind:
            _add(getattr(value, name), parts)


_KINDS: dict[type, object] = {}


def _kind_of(cls: type):
    """How values of a type are fingerprinted, found once per type."""
    if cls is type(None) or issubclass(cls, (str, int, float, bool)):
        kind = "plain"
    elif hasattr(cls, "source_hash"):
        kind = "file"
    elif issubclass(cls, dict):
        kind = "dict"
    elif issubclass(cls, (list, tuple)):
        kind = "list"
    elif issubclass(cls, (set, frozenset)):
        kind = "set"
    elif dataclasses.is_dataclass(cls):
        kind = tuple(field.name for field in dataclasses.fields(cls))
    else:
        raise Unfingerprintable(f"{cls.__name__} in the context of a page")
    _KINDS[cls] = kind
    return kind


LINK = re.compile(rb'="(/[^"#?]*)')  # an attribute whose value is a path on this host


def links_in(page: bytes, script_name: str = "", seen: set | None = None) -> list[str]:
    """The site-internal paths a page links to, without the base URL's path; those in ``seen``
    (raw, as in the page) are passed over, and the others added to it."""
    seen = set() if seen is None else seen
    found = []
    for raw in LINK.findall(page):
        if raw in seen or raw.startswith(b"//"):  # "//host/...": another site
            continue
        seen.add(raw)
        path = unquote(html.unescape(raw.decode("utf-8", "replace")))
        if script_name and path.startswith(script_name):
            path = path[len(script_name) :] or "/"
        found.append(path)
    return found


class Unchanged:
    """What a page answers while the freezer asks whether it must be made again: it need not,
    and this is the previous build's file."""

    def __init__(self, path: Path):
        self.path = path


MUST_RENDER = object()  # ... and this, when it must


class PageMemory:
    """The fingerprint of every page of the previous build, and of this one as it is made.

    The freezer first asks each page with ``probing`` set: the view runs and hands its context to
    ``page``, which answers ``Unchanged`` or ``MUST_RENDER`` without rendering. An unchanged page
    is linked from the previous site (``copy``); any other is then made as usual."""

    def __init__(self, previous_site: Path | None, key: str):
        self.previous_site = previous_site
        self.key = key
        self.previous: dict[str, str] = {}
        self.made: dict[str, str] = {}
        self.rendered = 0
        self.copied = 0
        self.probing = False
        self.links_seen: set[bytes] = set()
        if previous_site is not None:
            try:
                stored = json.loads((previous_site / PAGES_FILE).read_text(encoding="utf-8"))
                if stored.get("sleutel") == key:
                    self.previous = stored["paginas"]
            except (OSError, ValueError, AttributeError, KeyError):
                self.previous = {}

    def page(self, url: str, template: str, context: dict, render):
        try:
            digest = fingerprint(template, url, context)
        except Unfingerprintable:
            digest = None
        if self.probing:
            if digest is not None and self.previous.get(url) == digest:
                relative = url.lstrip("/") + ("index.html" if url.endswith("/") else "")
                path = self.previous_site / relative
                if path.is_file():
                    self.made[url] = digest
                    return Unchanged(path)
            return MUST_RENDER
        if digest is not None:
            self.made[url] = digest
        self.rendered += 1
        return render()

    def copy(self, unchanged: Unchanged, destination: Path, script_name: str = "") -> list[str]:
        """Put the previous build's file in place (a hard link where the file system allows:
        nothing writes into a built page afterwards) and return the links it holds."""
        destination.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(unchanged.path, destination)
        except OSError:
            shutil.copyfile(unchanged.path, destination)
        self.copied += 1
        return links_in(unchanged.path.read_bytes(), script_name, self.links_seen)

    def write(self, site: Path):
        data = json.dumps({"sleutel": self.key, "paginas": self.made}, sort_keys=True)
        (site / PAGES_FILE).write_text(data, encoding="utf-8")
