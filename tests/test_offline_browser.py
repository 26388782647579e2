"""Offline in a real browser: the service worker keeps visited pages and the search index, and a
new build is picked up once the network is back (docs/offline.md)."""

from __future__ import annotations

import re

import pytest
from browser import serve_folder

from directory.builder import build_site

pytestmark = pytest.mark.browser

TIMEOUT = "new Promise(r => setTimeout(() => r(false), 20000))"  # a test fails, it does not hang
WAIT_FOR_WORKER = f"""Promise.race([{TIMEOUT}, navigator.serviceWorker.ready.then(() =>
    !!navigator.serviceWorker.controller
    || new Promise(r => navigator.serviceWorker.addEventListener('controllerchange', () => r(true))))])"""  # noqa: E501 - JavaScript, kept as written
WAIT_FOR_SEARCH_INDEX = f"""Promise.race([{TIMEOUT}, new Promise(resolve => {{
    navigator.serviceWorker.addEventListener('message', e => {{ if (e.data && e.data.type === 'zoekindex-bewaard') resolve(true); }});
    navigator.serviceWorker.ready.then(r => r.active.postMessage({{type: 'bewaar-zoekindex'}}));
}})])"""  # noqa: E501 - JavaScript, kept as written


def rewrite_summary(project, slug: str, text: str):
    path = project / "entries" / f"{slug}.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    start = lines.index("samenvatting: >-")
    end = start + 1
    while lines[end].startswith("  "):
        end += 1
    lines[start:end] = [f"samenvatting: {text}"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def open_with_worker(page, url: str, first_page: str):
    """Visit a page, wait until the worker controls it, then open /zoeken/ and let the worker
    store the search index: what a person does on a first visit with a network."""
    page.goto(url + first_page)
    assert page.evaluate(WAIT_FOR_WORKER)
    page.goto(url + "/zoeken/")
    assert page.evaluate(WAIT_FOR_SEARCH_INDEX)


def test_visited_pages_and_search_work_offline_and_a_new_build_arrives(chromium, demo_project):
    site = demo_project / "site"
    build_site(demo_project, log=lambda line: None)
    with serve_folder(site) as url:
        context = chromium.new_context()
        page = context.new_page()
        open_with_worker(page, url, "/aanbod/uwv/")
        extras = []  # the worker refuses card bundles and expansion files once it stores the index
        page.on(
            "response",
            lambda r: extras.append(r.status) if re.search(r"/zoekindex/[ku]-", r.url) else None,
        )
        page.goto(url + "/zoeken/?q=werk")
        page.wait_for_selector("#zoekresultaten .card")
        assert extras and set(extras) == {410}, extras
        page.goto(url + "/aanbod/uwv/")  # now under the worker: stored for offline

        context.set_offline(True)
        page.reload()
        assert "landelijke organisatie voor werk" in page.locator("main").inner_text()
        page.goto(url + "/zoeken/?q=leerplicht")
        page.wait_for_selector("#zoekresultaten .card")
        assert "Leerplicht" in page.locator("#zoekresultaten").inner_text()
        stored = page.evaluate(
            "caches.keys().then(names => Promise.all(names.map(n => caches.open(n)"
            ".then(c => c.keys())))).then(lists => lists.flat().map(r => r.url))"
        )
        assert any("/zoekindex/d-" in u for u in stored)
        assert not any(f"/zoekindex/{x}-" in u for u in stored for x in "kua"), "refused, not kept"
        # never visited: the offline page, not the browser's error
        page.goto(url + "/organisatie/uwv/")
        assert "geen internet" in page.locator("h1").inner_text()

        rewrite_summary(demo_project, "uwv", "Een nieuwe tekst uit de tweede build.")
        build_site(demo_project, log=lambda line: None)
        context.set_offline(False)
        page.goto(url + "/aanbod/uwv/")
        assert "Een nieuwe tekst uit de tweede build." in page.locator("main").inner_text()
        context.set_offline(True)  # and the new page is what is kept
        page.reload()
        assert "Een nieuwe tekst uit de tweede build." in page.locator("main").inner_text()
        context.close()


def test_caches_carry_the_scope_so_another_base_url_never_shares_them(chromium, demo_project):
    build_site(demo_project, base_url="https://example.org/voorveld/", log=lambda line: None)
    with serve_folder(demo_project / "site", prefix="/voorveld") as url:
        context = chromium.new_context()
        page = context.new_page()
        open_with_worker(page, url, "/")
        names = page.evaluate("caches.keys()")
        assert names and all(name.endswith(url + "/") for name in names), names
        context.close()
