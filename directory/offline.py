"""Offline and on a host: the service worker that keeps the site's shell, the pages a person
visited and the search index in the browser; the minified scripts and styles it keeps; and the
``_headers`` file that tells a CDN what it may cache for how long (docs/deploy.md).

Runs after freezing, on the finished files, because what it writes depends on them: the shell is
precached under the SHA-256 of each file (Workbox's precache revisions), so a new build that
changes a file is picked up on the next visit with a network, and one that changes nothing costs
no download. The Workbox modules are vendored (``static/vendor/workbox/``): no request leaves the
site. Workbox names its caches after the service worker's scope, and so do we, so a site moved
to another base URL never reads the caches of the old one. See docs/offline.md.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from urllib.parse import urlsplit

import rcssmin
import rjsmin
import yaml
from flask import Flask, render_template

from .static_index import FOLDER as SEARCH_FOLDER
from .vocabularies import DATA_DIR

SERVICE_WORKER = "sw.js"
SHELL_PAGES = ("", "zoeken/", "verwijslijst/", "offline/")  # pages that work before any visit
SEARCH_BUDGET = 8_000_000  # bytes of search index stored when /zoeken/ is first visited
# What a first query needs comes first, so a budget that runs out cuts what is needed least.
SEARCH_ORDER = ("manifest.", "b-", "t-", "p-", "d-", "f-", "unicode.")
# Card bundles, expansion files and made first pages repeat the d- cards and the p- postings to
# save requests online; offline those serve (sw.js).
NOT_KEPT_OFFLINE = ("k-", "u-", "a-")


def minify_assets(site: Path) -> int:
    """Minify the site's own scripts and styles in place (rjsmin, rcssmin); returns bytes saved."""
    saved = 0
    for path in sorted([*(site / "static").rglob("*"), *(site / "js").glob("*.js")]):
        if path.suffix not in (".js", ".css") or path.name.endswith(".prod.js"):
            continue
        text = path.read_text(encoding="utf-8")
        small = rjsmin.jsmin(text) if path.suffix == ".js" else rcssmin.cssmin(text)
        if len(small) < len(text):
            path.write_text(small, encoding="utf-8")
            saved += len(text.encode()) - len(small.encode())
    return saved


def shell_entries(site: Path) -> list[dict]:
    """Workbox precache entries: every static file and the shell pages, with content hashes."""
    files = [
        p
        for p in sorted([*(site / "static").rglob("*"), *(site / "js").glob("*.js")])
        if p.is_file() and not p.name.startswith("LICENSE")
    ]
    entries = [{"url": p.relative_to(site).as_posix(), "revision": _digest(p)} for p in files]
    for page in SHELL_PAGES:
        path = site / page / "index.html"
        if path.is_file():
            entries.append({"url": page or "./", "revision": _digest(path)})
    manifest = site / "manifest.webmanifest"
    if manifest.is_file():
        entries.append({"url": manifest.name, "revision": _digest(manifest)})
    return entries


def search_files(site: Path) -> list[list]:
    """[name, bytes] of every search index file, in the order a budget should keep them."""
    folder = site / SEARCH_FOLDER
    if not folder.is_dir():
        return []

    def rank(path: Path) -> tuple:
        order = next(
            (i for i, prefix in enumerate(SEARCH_ORDER) if path.name.startswith(prefix)),
            len(SEARCH_ORDER),
        )
        return order, path.name

    return [
        [p.name, p.stat().st_size]
        for p in sorted(folder.iterdir(), key=rank)
        if p.is_file() and not p.name.startswith(NOT_KEPT_OFFLINE)
    ]


def write_service_worker(app: Flask, site: Path) -> Path:
    """Write ``sw.js`` at the site's root, so that its scope is the whole site."""
    with app.test_request_context():
        text = render_template(
            "sw.js",
            shell=json.dumps(shell_entries(site), separators=(",", ":")),
            search_files=json.dumps(search_files(site), separators=(",", ":")),
            search_folder=json.dumps(SEARCH_FOLDER + "/"),
            search_budget=SEARCH_BUDGET,
        )
    path = site / SERVICE_WORKER
    path.write_text(text, encoding="utf-8")
    return path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def write_headers_file(site: Path, base_url: str) -> Path:
    """``_headers`` for hosts that read one (Netlify, Cloudflare Pages), from data/caching.yaml,
    with the site's path in front of every rule."""
    rules = yaml.load(
        (DATA_DIR / "caching.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader
    )
    prefix = urlsplit(base_url).path.rstrip("/") if base_url else ""
    lines = []
    for rule in rules:
        lines.append(prefix + rule["pad"])
        lines += [f"  {name}: {value}" for name, value in rule["headers"].items()]
    path = site / "_headers"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
