"""Incremental builds: remember what the last build made, so that the next one redoes only what
changed. The four memories are pure caches: a build with them writes exactly what a build without
them writes (``tests/test_incremental.py`` compares the two file by file).

- ``CheckCache`` keeps each entry file's checked result under the hash of the file's bytes, in
  ``.voorveld-cache/`` of the project. A file whose bytes did not change is not parsed or checked
  again; the rules across files run every time.
- ``SegmentMemory`` keeps the Whoosh segments of the last build in ``.voorveld-cache/segmenten/``,
  by what went into each (its records' slugs and terms): only a segment whose records changed is
  indexed again. The search weights are computed over all segments every time.
- ``CountMemory`` keeps the related entries' term counts of each entry text, while no compound
  part that came or went occurs in it; the similarities are computed from all counts every time.
- ``PageMemory`` keeps each page's fingerprint (its template and everything its view hands the
  template) inside the built site, in ``.voorveld-paginas``. A page whose fingerprint did not
  change is copied from the previous site instead of rendered; the links in the copy are handed to
  the freezer, so that the pages only it links to are still found.

A fingerprint holds an entry or article as its slug and the hash of its file, so the rule that
makes this work is: templates read only what the view hands them, plus what ``build_key`` covers
(the package's code, templates and data, the libraries, the settings, the articles and today's
date, which pages show). ``tests/test_incremental.py`` parses every template for the names it
reads. All are signed with a key of this machine (``signed``), so that a cache or a
site committed by someone else is never unpickled or copied.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import html
import importlib.metadata
import json
import os
import pickle
import re
import shutil
import stat
import sys
import tempfile
from array import array
from pathlib import Path
from urllib.parse import unquote

PACKAGE_DIR = Path(__file__).resolve().parent
CACHE_DIR = ".voorveld-cache"
PAGES_FILE = ".voorveld-paginas"


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


SECRET_FILE = "voorveld-in-beeld/sleutel"  # under $XDG_CACHE_HOME or ~/.cache


def _secret() -> bytes | None:
    """This machine's key for signing what a build remembers, made once, outside the project:
    a pull request that commits a cache or a site cannot sign it, so its files are never
    unpickled or copied. None where it can be neither read nor made (then nothing is reused)."""
    folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    path = folder / SECRET_FILE
    try:
        return path.read_bytes()
    except OSError:
        pass
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(handle, "wb") as file:
            file.write(os.urandom(32))
        return path.read_bytes()
    except OSError:
        try:  # another build made it at the same moment
            return path.read_bytes()
        except OSError:
            return None


MAX_MEMORY_BYTES = 4 << 30  # no memory file of a build is near this; a larger one is not read


def read_signed(path: Path) -> bytes | None:
    """The data of a memory file this machine signed (``signed``), or None. Not through a
    symbolic link, neither the file nor .voorveld-cache/ above it (a pull request could commit
    one to /dev/zero, which would be read for ever before the signature is checked), and only a
    regular file of a sane size."""
    try:
        if any(folder.is_symlink() for folder in _cache_folders(path.parent)):
            return None
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    with os.fdopen(handle, "rb") as file:
        status = os.fstat(file.fileno())
        if not stat.S_ISREG(status.st_mode) or status.st_size > MAX_MEMORY_BYTES:
            return None
        return verified(file.read())


def load_memory(path: Path, key: str | None = None):
    """What ``write_signed_pickle`` put in ``path``, when this machine signed it and, given a
    ``key``, it is a dict made under that key ("sleutel"); otherwise (no file, another machine's,
    an old or a damaged one) None."""
    try:
        data = read_signed(path)
        value = pickle.loads(data) if data is not None else None
    except Exception:  # noqa: BLE001 - damaged: as if there were none
        return None
    if key is not None and not (isinstance(value, dict) and value.get("sleutel") == key):
        return None
    return value


def _cache_folders(folder: Path) -> list[Path]:
    """.voorveld-cache/ and, when ``folder`` is one inside it, that one too (outer first); none
    for a folder outside a cache."""
    cache = next((p for p in (folder, *folder.parents) if p.name == CACHE_DIR), None)
    return [] if cache is None else list(dict.fromkeys((cache, folder)))


def write_signed_pickle(path: Path, value) -> bool:
    """Pickle ``value`` into ``path`` as ``signed`` would have it (signature, then data), written
    atomically and streamed through the signature: at 50,000 entries the pickled bytes, and their
    signed copy, were hundreds of megabytes at the build's peak of memory. False where this
    machine has no key."""
    secret = _secret()
    if secret is None:
        return False
    signature = hmac.new(secret, digestmod=hashlib.sha256)

    class Signing:  # what pickle writes goes to the file and through the signature
        def __init__(self, file):
            self.file = file

        def write(self, data) -> int:
            signature.update(data)
            return self.file.write(data)

    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(bytes(signature.digest_size))
            pickle.dump(value, Signing(file), protocol=5)
            file.seek(0)
            file.write(signature.digest())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return True


def signed(data: bytes) -> bytes | None:
    secret = _secret()
    if secret is None:
        return None
    return hmac.new(secret, data, hashlib.sha256).digest() + data


def verified(blob: bytes) -> bytes | None:
    """The data of ``signed``, or None when the signature is not this machine's."""
    secret = _secret()
    if secret is None or len(blob) < 32:
        return None
    signature, data = blob[:32], blob[32:]
    expected = hmac.new(secret, data, hashlib.sha256).digest()
    return data if hmac.compare_digest(signature, expected) else None


# ----------------------------------------------------------------------------------------------
# The check of each entry file


class CheckCache:
    """Checked entries by (display path, hash of the file's bytes). Only entries without problems
    are kept: a file with a problem is read again, so its messages are always fresh. The cache is
    a pickle in the project's folder, signed with this machine's key (``signed``): one that this
    machine did not write is never unpickled."""

    FILE = "controle.pickle"

    def __init__(self, project_dir: Path, key: str, *, fresh: bool = False):
        self.path = Path(project_dir) / CACHE_DIR / self.FILE
        self.key = key
        self.previous: dict = {}
        self.kept: dict = {}
        self.hits = 0
        if fresh:  # check everything, and keep the result for the next build
            return
        stored = load_memory(self.path, key)  # none, an old one or a damaged one: check all
        if stored is not None:
            self.previous = stored["aanbod"]

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
        save_memory(self.path, {"sleutel": self.key, "aanbod": self.kept})


# ----------------------------------------------------------------------------------------------
# Whoosh's segments


class SegmentMemory:
    """The Whoosh segments of the last build, one signed file each in the project's
    ``.voorveld-cache/segmenten/``, named by the hash of the build key and of what went into the
    segment (``engine.create_index``: each record's slug and its text per field). A text's terms
    also depend on the catalogue's compound parts, so each segment is kept with the hash of the
    parts it was analysed with. It serves under the same parts; or where the last build that
    saved found it valid under its parts (kept beside the segments, with what it used) and the
    parts that came or went since change none of its words' terms (``part_change``:
    ``search.PartChange``). A build that stopped after writing a segment and before saving
    leaves one that serves only under its own parts. A batch of records whose segment is here
    is not indexed again; the index is the same either way. Files this build did not use are
    removed by ``save``."""

    FOLDER = "segmenten"
    PARTS = "delen"  # the compound parts of the last build that saved
    NAME = re.compile(r"[0-9a-f]{40}")  # what _name makes: the only files save removes

    def __init__(
        self,
        project_dir: Path,
        key: str,
        parts: frozenset,
        part_change,
        *,
        fresh: bool = False,
    ):
        self.folder = Path(project_dir) / CACHE_DIR / self.FOLDER
        self.key = key
        self.parts = parts
        self.parts_hash = parts_hash(parts)
        self.fresh = fresh
        self.used: dict[str, str] = {}  # segment file -> the hash of the parts it was made with
        self.hits = 0
        self.misses = 0
        stored = None if fresh else load_memory(self.folder / self.PARTS, key)
        self.valid = stored["geldig"] if stored else {}  # what the last saved build used
        self.changed = part_change(stored["delen"], parts) if stored else None

    def _name(self, fingerprint: bytes) -> str:
        return hashlib.sha1(self.key.encode() + fingerprint, usedforsecurity=False).hexdigest()

    def get(self, fingerprint: bytes, text=lambda: ""):
        """(segment, the bytes of its compound file), or None: index the batch again.
        ``text`` gives the batch's text, read only when compound parts changed."""
        name = self._name(fingerprint)
        kept = None if self.fresh else load_memory(self.folder / name)
        if kept is not None:
            segment, data, analysed_with = kept
            valid_then = self.valid.get(name) == analysed_with and self.changed is not None
            if analysed_with == self.parts_hash or (
                valid_then and not self.changed.changes_terms_of(text())
            ):
                self.used[name] = analysed_with
                self.hits += 1
                return segment, data
        self.misses += 1
        return None

    def put(self, fingerprint: bytes, segment, data: bytes):
        name = self._name(fingerprint)
        if save_memory(self.folder / name, (segment, data, self.parts_hash)):
            self.used[name] = self.parts_hash  # if not written, indexed again next time

    def save(self):
        """Keep this build's parts, and forget the segments it did not use (only files named as
        ``put`` names them, and only in the project's own folder)."""
        kept = {"sleutel": self.key, "delen": self.parts, "geldig": self.used}
        if not save_memory(self.folder / self.PARTS, kept):
            return
        try:
            for path in self.folder.iterdir():
                if path.name not in self.used and self.NAME.fullmatch(path.name):
                    path.unlink(missing_ok=True)
        except OSError:
            pass


def parts_hash(parts: frozenset) -> str:
    return hashlib.sha1("\n".join(sorted(parts)).encode("utf-8"), usedforsecurity=False).hexdigest()


def save_memory(path: Path, value) -> bool:
    """``write_signed_pickle`` into the project's own cache folder; whether it was written. A
    memory that cannot be written is no error: the next build does the work again."""
    if not _own_folder(path.parent):
        return False
    try:
        return write_signed_pickle(path, value)
    except OSError:
        return False


def _own_folder(folder: Path) -> bool:
    """Make ``folder`` (the project's .voorveld-cache/ or a folder in it) if need be; False when
    it or .voorveld-cache/ is a symbolic link: a pull request could commit one that leads out of
    the project, and a build must neither write nor delete there."""
    try:
        for path in _cache_folders(folder):  # the cache folder, then the one in it
            if path.is_symlink():
                return False
            path.mkdir(exist_ok=True)
        return True
    except OSError:
        return False


# ----------------------------------------------------------------------------------------------
# The related entries' term counts


class CountMemory:
    """The terms and frequencies of each entry's text as the related entries count them
    (``related._counts``), kept from the last build in ``.voorveld-cache/termen.pickle`` under the
    hash of the text. A word's terms depend on the text and on the compound parts found inside
    the word (``text.index_terms``), so a kept count serves while the parts that came or went
    since change none of its words' terms (``part_change``: ``search.PartChange``); any other
    text is counted anew."""

    FILE = "termen.pickle"

    def __init__(
        self, project_dir: Path, key: str, parts: frozenset, part_change, *, fresh: bool = False
    ):
        self.path = Path(project_dir) / CACHE_DIR / self.FILE
        self.key = key
        self.parts = parts
        self.previous: dict = {}
        self.kept: dict = {}
        self.hits = 0
        stored = None if fresh else load_memory(self.path, key)  # none, old or damaged: count all
        if stored is not None:
            self.previous = stored["tellingen"]
        self.changed = part_change(stored["delen"], parts) if stored else None

    def get(self, text: str) -> tuple[list[str], array] | None:
        """The kept terms and frequencies of ``text``, or None: count it and ``put`` it."""
        digest = content_hash(text.encode("utf-8"))
        kept = self.previous.get(digest)
        if kept is None or self.changed.changes_terms_of(text):
            return None
        self.hits += 1
        self.kept[digest] = kept
        frequencies = array("i")
        frequencies.frombytes(kept[1])
        return (kept[0].split("\x1f") if kept[0] else []), frequencies

    def put(self, text: str, terms: list[str], frequencies: array):
        self.kept[content_hash(text.encode("utf-8"))] = ("\x1f".join(terms), frequencies.tobytes())

    def save(self):
        """Keep the counts of this build's texts (texts that went drop out)."""
        save_memory(self.path, {"sleutel": self.key, "delen": self.parts, "tellingen": self.kept})


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
        if not value.source_hash:  # made in code, not read from a file: its content is unknown
            raise Unfingerprintable(f"{type(value).__name__} without the hash of its file")
        parts.append(f"{type(value).__name__}:{value.slug}:{value.source_hash}")
    elif kind == "dict":
        parts.append(f"dict{len(value)}")
        for key, item in value.items():
            _add(key, parts)
            _add(item, parts)
    elif kind == "list":
        parts.append(f"{type(value).__name__}{len(value)}")
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


def links_in(page: bytes, script_name: str = "", known: dict | None = None) -> list[str]:
    """The site-internal paths a page links to, each once in the order they first occur, without
    the base URL's path. ``known`` keeps how each link as found reads, across pages."""
    known = {} if known is None else known
    found: dict[str, None] = {}
    for raw in LINK.findall(page):
        if raw not in known:
            known[raw] = _path_of(raw, script_name)
        if known[raw] is not None:
            found[known[raw]] = None
    return list(found)


def _path_of(raw: bytes, script_name: str) -> str | None:
    """A link as found in a page, as a path of this site; None for another site."""
    if raw.startswith(b"//"):  # "//host/...": another site
        return None
    path = unquote(html.unescape(raw.decode("utf-8", "replace")))
    if script_name:
        if path != script_name and not path.startswith(script_name + "/"):
            return None  # another site on the same host
        path = path[len(script_name) :] or "/"
    return path


class Unchanged:
    """What a page answers while the freezer asks whether it must be made again: it need not,
    and this is the previous build's file."""

    def __init__(self, path: Path, url: str):
        self.path = path
        self.url = url


MUST_RENDER = object()  # ... and this, when it must


class PageMemory:
    """The fingerprint of every page of the previous build, and of this one as it is made.

    The freezer first asks each page with ``probing`` set: the view runs and hands its context to
    ``page``, which answers ``Unchanged`` or ``MUST_RENDER`` without rendering. An unchanged page
    is linked from the previous site (``copy``); any other is then made as usual. The links in
    every page, copied or rendered, go to ``follow`` (set by the freezer), so that a full and an
    incremental build find the same pages. The memory keeps each page's links too: a copied page
    is then neither read nor searched for them (0.5 s of an incremental build at 10,000)."""

    def __init__(self, previous_site: Path | None, key: str):
        self.previous_site = previous_site
        self.key = key
        self.previous: dict[str, str] = {}
        self.previous_links: dict[str, list[str]] = {}
        self.made: dict[str, str] = {}
        self.links: dict[str, list[str]] = {}  # url -> the paths its page links to
        self.rendered = 0
        self.copied = 0
        self.probing = False
        self.follow = None  # path -> None: hands a link to the freezer
        self.script_name = ""  # the base URL's path, which links carry and pages do not
        self._paths: dict[bytes, str | None] = {}  # a link as found -> its path (_path_of)
        self._followed: set[str] = set()
        if previous_site is not None:
            try:
                data = read_signed(previous_site / PAGES_FILE)
                stored = json.loads(data) if data is not None else {}
                if stored.get("sleutel") == key:
                    self.previous = stored["paginas"]
                    self.previous_links = _unpacked(stored.get("links"))
            except (OSError, ValueError, AttributeError, KeyError, TypeError, IndexError):
                self.previous, self.previous_links = {}, {}

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
                    return Unchanged(path, url)
            return MUST_RENDER
        if digest is not None:
            self.made[url] = digest
        self.rendered += 1
        page = render()
        self._follow(url, self._links_of(page.encode("utf-8")))
        return page

    def copy(self, unchanged: Unchanged, destination: Path):
        """Put the previous build's file in place (a hard link where the file system allows:
        nothing writes into a built page afterwards) and follow the links it holds."""
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.unlink(missing_ok=True)  # never write through a link into the old site
        try:
            os.link(unchanged.path, destination)
        except OSError:
            shutil.copyfile(unchanged.path, destination)
        self.copied += 1
        links = self.previous_links.get(unchanged.url)
        if links is None:  # a memory from before links were kept
            links = self._links_of(unchanged.path.read_bytes())
        self._follow(unchanged.url, links)

    def _links_of(self, page: bytes) -> list[str]:
        return links_in(page, self.script_name, self._paths)

    def _follow(self, url: str, links: list[str]):
        self.links[url] = links
        if self.follow is not None:
            for link in links:
                if link not in self._followed:
                    self._followed.add(link)
                    self.follow(link)

    def write(self, site: Path):
        kept = {url: links for url, links in self.links.items() if url in self.made}
        data = json.dumps(
            {"sleutel": self.key, "paginas": self.made, "links": _packed(kept)}, sort_keys=True
        )
        blob = signed(data.encode("utf-8"))
        if blob is not None:
            (site / PAGES_FILE).write_bytes(blob)


def _packed(links: dict[str, list[str]]) -> dict:
    """Each page's links as numbers into one list of paths: most pages share most links."""
    paths: dict[str, int] = {}
    per_page = {
        url: [paths.setdefault(p, len(paths)) for p in found] for url, found in links.items()
    }
    return {"paden": list(paths), "per_pagina": per_page}


def _unpacked(packed: dict | None) -> dict[str, list[str]]:
    if not packed:
        return {}
    paths = packed["paden"]
    return {url: [paths[i] for i in found] for url, found in packed["per_pagina"].items()}
