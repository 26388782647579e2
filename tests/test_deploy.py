"""Deploying the static site: the `_headers` file the build writes, and the nginx snippet of
docs/deploy/nginx.conf serving a built site with the caching it promises (docs/deploy.md)."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest
from nginx import nginx as serve_with_nginx
from nginx import nginx_binary

YEAR = "public, max-age=31536000, immutable"


def header_rules(site) -> dict[str, dict[str, str]]:
    rules, current = {}, None
    for line in (site / "_headers").read_text(encoding="utf-8").splitlines():
        if line.startswith("  "):
            name, value = line.strip().split(": ", 1)
            rules[current][name] = value
        else:
            current = line
            rules[current] = {}
    return rules


def test_the_headers_file_caches_only_content_hashed_files_for_long(site):
    rules = header_rules(site)
    assert rules["/zoekindex/*"] == {"Cache-Control": YEAR}
    assert rules["/sw.js"] == {"Cache-Control": "no-cache"}
    # hosts add up every rule that matches a path: no header may be set twice for one path
    assert "Cache-Control" not in rules["/*"]
    assert all(
        ".json" in name and name.count(".") == 2
        for name in (p.name for p in (site / "zoekindex").iterdir())
    )


@pytest.fixture(scope="module")
def nginx(site):
    if nginx_binary() is None:
        pytest.skip(
            "nginx is not installed: `sudo apt-get install nginx-light` (.ci/run installs it)"
        )
    with serve_with_nginx(site) as url:
        yield url


def get(url: str, gzip: bool = False):
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"} if gzip else {})
    try:
        return urllib.request.urlopen(request, timeout=10)
    except urllib.error.HTTPError as error:
        return error


def test_nginx_caches_the_index_for_a_year_and_pages_briefly(nginx, site):
    index_file = next((site / "zoekindex").iterdir()).name
    answer = get(f"{nginx}/zoekindex/{index_file}", gzip=True)
    assert answer.status == 200 and answer.headers["Cache-Control"] == YEAR
    assert answer.headers["Content-Encoding"] == "gzip"
    assert answer.headers["Content-Type"].startswith("application/json")
    page = get(f"{nginx}/aanbod/rmc-urk/")
    assert page.status == 200 and page.headers["Cache-Control"] == "public, max-age=300"
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert get(f"{nginx}/sw.js").headers["Cache-Control"] == "no-cache"
    assert (
        get(f"{nginx}/manifest.webmanifest")
        .headers["Content-Type"]
        .startswith("application/manifest+json")
    )


def test_nginx_answers_a_missing_page_with_the_sites_404(nginx):
    answer = get(f"{nginx}/bestaat-niet/")
    assert answer.status == 404
    assert "Deze pagina bestaat niet" in answer.read().decode("utf-8")
