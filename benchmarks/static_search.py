#!/usr/bin/env python3
"""Static search: bytes transferred (gzip) and requests for the first query ("jobcoach") and a
second one of several words, and for that second query as a new visitor's first; query latency in
headless Chromium after load (p50/p95 of the search; also p95 of the search plus the counts of
all facets, which the page computes only for a facet that is opened or chosen), and export time;
on the real catalogue and on synthetic catalogues. Targets: first query at most 60 KB at 1,000
entries and 150 KB at 10,000; p95 <= 15 ms.

Usage: python benchmarks/static_search.py [--sizes 1000 10000 50000]   (needs Debian's chromium)
"""

from __future__ import annotations

import argparse
import gzip
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode, urlparse

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from browser import browser, serve_folder  # noqa: E402

from benchmarks.measure import load_average  # noqa: E402
from benchmarks.synthetic import generate  # noqa: E402
from directory import search  # noqa: E402
from directory.catalogue import load_catalogue  # noqa: E402
from directory.static_index import FOLDER, StaticIndex  # noqa: E402

SEVERAL_WORDS = "ik zoek werk in lelystad"  # the second query, and a fresh page's first
QUERIES = [
    q["query"]
    for q in yaml.safe_load(
        (ROOT / "benchmarks" / "search_queries.yaml").read_text(encoding="utf-8")
    )
]


def mini_site(
    project: Path, target: Path, page_template: str, page_template_site: Path
) -> tuple[Path, float]:
    """A site with just /zoeken/ and the exported index of ``project``'s catalogue."""
    catalogue = load_catalogue(project, warnings=False).catalogue
    index = search.build_index(catalogue)
    if target.exists():
        shutil.rmtree(target)
    (target / "zoeken").mkdir(parents=True)
    shutil.copytree(ROOT / "directory" / "static", target / "static")
    shutil.copytree(Path(page_template_site) / "js", target / "js")  # the script bundles, as built
    start = time.perf_counter()  # the export: made and written (the card bundles are made twice)
    exported = StaticIndex(index)
    exported.write(target)
    seconds = time.perf_counter() - start
    page = page_template.split('data-manifest="')
    html = page[0] + 'data-manifest="' + exported.manifest_name + page[1][page[1].index('"') :]
    # the page preloads what every query needs: this index's files, not the real site's
    html = re.sub(r'<link rel="preload" href="[^"]*/zoekindex/[^"]*"[^>]*>\n?', "", html)
    preloads = "".join(
        f'<link rel="preload" href="/zoekindex/{name}" as="fetch" crossorigin="anonymous">\n'
        for name in exported.first_files()
    )
    html = html.replace("</head>", preloads + "</head>", 1)
    (target / "zoeken" / "index.html").write_text(html, encoding="utf-8")
    return target, seconds


def gzip_size(site: Path, url: str) -> int:
    path = site / urlparse(url).path.lstrip("/")
    if path.is_dir():
        path = path / "index.html"
    return len(gzip.compress(path.read_bytes(), 6)) if path.exists() else 0


def fresh_page(site: Path, base: str, chromium, query: str) -> dict[str, int]:
    """The files (URL -> gzip bytes) a new visitor's page loads for its first query."""
    context = chromium.new_context()
    page = context.new_page()
    requested: list[str] = []
    page.on("requestfinished", lambda request: requested.append(request.url))
    page.goto(base + "/zoeken/?" + urlencode({"q": query}))
    page.wait_for_selector('#zoekresultaten[data-klaar="ja"]')
    context.close()
    return {u: gzip_size(site, u) for u in requested}


def measure(site: Path, label: str, export_seconds: float, chromium):
    with serve_folder(site) as base:
        several = fresh_page(site, base, chromium, SEVERAL_WORDS)
        context = chromium.new_context(bypass_csp=True)  # lets Playwright evaluate its own helpers
        page = context.new_page()
        requested: list[str] = []
        page.on("requestfinished", lambda request: requested.append(request.url))
        page.goto(base + "/zoeken/?q=" + "jobcoach")
        page.wait_for_selector('#zoekresultaten[data-klaar="ja"]')
        first = {u: gzip_size(site, u) for u in requested}
        script = sum(n for u, n in first.items() if u.endswith(".js"))
        index_bytes = sum(n for u, n in first.items() if f"/{FOLDER}/" in u)
        requested.clear()
        page.fill("#q", SEVERAL_WORDS)
        page.locator("#q").press("Enter")
        page.wait_for_function(
            "document.querySelector('.count-line') && "
            "document.querySelector('.count-line').textContent.includes('lelystad')"
        )
        second = sum(gzip_size(site, u) for u in requested)
        latencies = page.evaluate(
            """async (queries) => {
            const box = document.getElementById('zoekresultaten');
            const folder = box.getAttribute('data-index');
            const engine = VoorveldZoeken.createSearch(n => fetch(folder + n).then(r => r.json()), box.getAttribute('data-manifest'));
            for (const q of queries) await engine.facetCounts(await engine.search(q, {}, false));   // load what the queries need
            const times = [], withFacets = [];
            for (let round = 0; round < 3; round++) for (const q of queries) {   // a query: the search and the first page of hits
                let t = performance.now(); (await engine.search(q, {}, false)).top(20); times.push(performance.now() - t);
                t = performance.now(); const r = await engine.search(q, {}, false); r.top(20); await engine.facetCounts(r); withFacets.push(performance.now() - t);
            }
            return [times, withFacets];
        }""",  # noqa: E501 - JavaScript evaluated in the page, kept as written
            QUERIES,
        )
        context.close()
    latencies, with_facets = (sorted(times) for times in latencies)
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    p95_facets = with_facets[int(0.95 * (len(with_facets) - 1))]
    print(
        f"{label:<18} eerste zoekvraag {sum(first.values()) / 1024:6.1f} KB gzip "
        f"(script {script / 1024:.1f} KB, index {index_bytes / 1024:.1f} KB, "
        f"{len(first)} verzoeken)  tweede {second / 1024:6.1f} KB  "
        f"eerste met meer woorden {sum(several.values()) / 1024:6.1f} KB "
        f"({len(several)} verzoeken)  "
        f"p50 {statistics.median(latencies):5.1f} ms  p95 {p95:5.1f} ms  "
        f"(met alle facettellingen p95 {p95_facets:5.1f} ms)  export {export_seconds:5.2f} s",
        flush=True,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000, 50000])
    args = parser.parse_args()
    print(load_average())
    with tempfile.TemporaryDirectory() as tmp, browser() as chromium:
        tmp = Path(tmp)
        from subprocess import run

        run(
            [sys.executable, str(ROOT / "build.py"), "build", "--output", str(tmp / "echt-site")],
            check=True,
            capture_output=True,
        )
        template = (tmp / "echt-site" / "zoeken" / "index.html").read_text(encoding="utf-8")
        site, seconds = mini_site(ROOT, tmp / "echt", template, tmp / "echt-site")
        measure(tmp / "echt-site", "echt (hele site)", seconds, chromium)
        for size in args.sizes:
            project = generate(size, tmp / f"synth-{size}")
            site, seconds = mini_site(project, tmp / f"site-{size}", template, tmp / "echt-site")
            measure(site, f"synthetisch-{size}", seconds, chromium)
    return 0


if __name__ == "__main__":
    sys.exit(main())
