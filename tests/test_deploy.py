"""Deploying the static site: the `_headers` file the build writes, and the nginx snippet of
docs/deploy/nginx.conf serving a built site with the caching it promises (docs/deploy.md)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import PROJECT

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
SNIPPET = PROJECT / "docs" / "deploy" / "nginx.conf"
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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def nginx(site, tmp_path_factory):
    if not Path(NGINX).exists():
        pytest.skip(
            "nginx is not installed: `sudo apt-get install nginx-light` (.ci/run installs it)"
        )
    folder = tmp_path_factory.mktemp("nginx")
    port = free_port()
    (folder / "nginx.conf").write_text(
        f"""
user root;
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {folder}/body; proxy_temp_path {folder}/proxy; fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi; scgi_temp_path {folder}/scgi;
    server {{
        listen 127.0.0.1:{port};
        root {site};
        include {SNIPPET};
    }}
}}
""",  # noqa: E501 - an nginx configuration, kept as written
        encoding="utf-8",
    )
    process = subprocess.Popen(
        [NGINX, "-p", str(folder), "-c", str(folder / "nginx.conf"), "-g", "daemon off;"],
        stderr=subprocess.PIPE,
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            break
        except OSError:
            if process.poll() is not None:
                pytest.fail(f"nginx did not start: {process.stderr.read().decode()}")
            time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=10)


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
