"""The service worker the build writes, and the scripts it minifies (docs/offline.md)."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from directory import offline


def worker_constant(site, name: str):
    text = (site / "sw.js").read_text(encoding="utf-8")
    return json.loads(re.search(rf"^var {name} = (.*);$", text, re.M).group(1))


def test_the_shell_is_every_static_file_and_the_shell_pages_under_their_content_hash(site):
    shell = {item["url"]: item["revision"] for item in worker_constant(site, "SHELL")}
    for path in (site / "static").rglob("*"):
        if path.is_file() and not path.name.startswith("LICENSE"):
            url = path.relative_to(site).as_posix()
            assert shell[url] == hashlib.sha256(path.read_bytes()).hexdigest()[:16], url
    for page in ("./", "zoeken/", "verwijslijst/", "offline/", "manifest.webmanifest"):
        assert page in shell


def test_the_whole_search_index_of_the_real_catalogue_fits_the_budget(site):
    files = worker_constant(site, "SEARCH_FILES")
    on_disk = {
        p.name: p.stat().st_size
        for p in (site / "zoekindex").iterdir()
        if not p.name.startswith(("k-", "u-", "a-"))  # repeat cards and postings: online only
    }
    assert dict((name, size) for name, size in files) == on_disk
    assert sum(on_disk.values()) <= offline.SEARCH_BUDGET
    assert files[0][0].startswith("manifest.") and files[1][0].startswith("t-")


def test_a_small_budget_keeps_what_a_first_query_needs(tmp_path):
    folder = tmp_path / "zoekindex"
    folder.mkdir()
    for name in (
        "d-1.aa.json",
        "f-regio.aa.json",
        "k-1f.aa.json",
        "u-2e.aa.json",
        "a-3d.aa.json",
        "b-gebied.aa.json",
        "manifest.aa.json",
        "p-0.aa.json",
        "t-w.aa.json",
        "unicode.aa.json",
    ):
        (folder / name).write_text("{}")
    assert [name for name, _ in offline.search_files(tmp_path)] == [
        "manifest.aa.json",
        "b-gebied.aa.json",
        "t-w.aa.json",
        "p-0.aa.json",
        "d-1.aa.json",
        "f-regio.aa.json",
        "unicode.aa.json",
    ]


def test_the_site_is_an_installable_web_app(site):
    manifest = json.loads((site / "manifest.webmanifest").read_text(encoding="utf-8"))
    assert manifest["lang"] == "nl" and manifest["start_url"] == "/" and manifest["icons"]
    home = (site / "index.html").read_text(encoding="utf-8")
    assert '<link rel="manifest" href="/manifest.webmanifest">' in home
    assert 'data-sw="/sw.js"' in home


def test_scripts_and_styles_are_minified_and_still_run(site):
    node = shutil.which("node")
    if not node:
        pytest.skip("Node.js is not installed")
    for path in (site / "static").glob("*.js"):
        source = (Path(offline.__file__).parent / "static" / path.name).read_text(encoding="utf-8")
        assert len(path.read_bytes()) < len(source.encode()), path.name
        assert subprocess.run([node, "--check", str(path)], capture_output=True).returncode == 0, (
            path.name
        )
    css = (site / "static" / "style.css").read_text(encoding="utf-8")
    assert "\n" not in css.strip() and "/*" not in css
