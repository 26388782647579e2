#!/usr/bin/env python3
"""Lighthouse scores (performance, accessibility, best practices, SEO) of the home, an entry and
the search page (empty and with a query), mobile and desktop, on the real catalogue built as for
the web (with a base URL). Target: 100 on all four, everywhere.

Needs Node and Debian's Chromium; installs Lighthouse 12 (the last line for Node 20) into
benchmarks/lighthouse/ on first use. Serves the site on 127.0.0.1 in one of two ways:

  --server nginx   as a host serves it: nginx with docs/deploy/nginx.conf over HTTP/2 and TLS
                   (a certificate made for the run); the default where nginx and openssl exist
  --server python  Python's http.server with gzip: HTTP/1.0, a new connection per request, which
                   no host does; Lighthouse then simulates six connections, each opened anew

Usage: python benchmarks/lighthouse.py [--runs 1] [--server nginx|python] [--pages ...]
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from nginx import nginx, nginx_binary  # noqa: E402

from directory import builder  # noqa: E402

TOOL = ROOT / "benchmarks" / "lighthouse"
PAGES = {
    "home": "/",
    "aanbod": "/aanbod/rmc-urk/",
    "zoeken": "/zoeken/",
    "zoeken?q": "/zoeken/?q=werk+urk",
}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run "
    "--disable-background-networking --disable-component-update --disable-sync"
)


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files with gzip and a day's caching for content-hashed files, like a plain host."""

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file() or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        if "/zoekindex/" in self.path or "/static/" in self.path:
            self.send_header("Cache-Control", "public, max-age=31536000")
        self.end_headers()
        return io.BytesIO(body)


@contextlib.contextmanager
def python_server(site: Path):
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(site))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()


def install_lighthouse() -> Path:
    binary = TOOL / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "--silent"], cwd=TOOL, check=True
        )
    return binary


def audit(binary: Path, url: str, desktop: bool) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        command = [
            str(binary),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            f"--only-categories={','.join(CATEGORIES)}",
            # the nginx server's certificate is made for the run
            f"--chrome-flags={CHROME_FLAGS} --ignore-certificate-errors",
        ]
        if desktop:
            command.append("--preset=desktop")
        subprocess.run(
            command,
            check=True,
            env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=300,
        )
        data = json.loads(report.read_text(encoding="utf-8"))
    scores = {name: round(data["categories"][name]["score"] * 100) for name in CATEGORIES}
    scores["cls"] = data["audits"]["cumulative-layout-shift"]["numericValue"]
    scores["why"] = [
        f"{ref['id']} {data['audits'][ref['id']].get('displayValue', '')}".strip()
        for category in CATEGORIES
        for ref in data["categories"][category]["auditRefs"]
        if ref["weight"] > 0 and (data["audits"][ref["id"]].get("score") or 1) < 1
    ]
    return scores


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--runs", type=int, default=1, help="runs per page and device; the median is shown"
    )
    parser.add_argument("--pages", nargs="*", choices=list(PAGES), default=list(PAGES))
    parser.add_argument(
        "--server",
        choices=["nginx", "python"],
        default="nginx" if nginx_binary() and shutil.which("openssl") else "python",
        help="nginx: HTTP/2 and TLS as a host serves (default where installed); "
        "python: HTTP/1.0, a connection per request",
    )
    args = parser.parse_args()
    if not shutil.which("node") or not Path("/usr/bin/chromium").exists():
        print(
            "Lighthouse needs Node and /usr/bin/chromium (apt-get install chromium)",
            file=sys.stderr,
        )
        return 1
    binary = install_lighthouse()
    with tempfile.TemporaryDirectory() as tmp:
        site = builder.build_site(
            ROOT,
            output=Path(tmp) / "site",
            base_url="https://voorveld.example.nl/",
            log=lambda line: None,
        )
        serve = functools.partial(nginx, tls=True) if args.server == "nginx" else python_server
        with serve(site) as base:
            report(binary, base, args)
    return 0


def report(binary: Path, base: str, args) -> None:
    print(
        f"load average {os.getloadavg()[0]:.2f}; Lighthouse 12, Chromium {chromium_version()}; "
        f"server {args.server} ({'HTTP/2, TLS' if args.server == 'nginx' else 'HTTP/1.0'})"
    )
    print(
        f"{'pagina':<10} {'apparaat':<8} "
        + " ".join(f"{c[:14]:>14}" for c in CATEGORIES)
        + "      CLS"
    )
    for name, path in ((n, PAGES[n]) for n in args.pages):
        for desktop in (False, True):
            runs = [audit(binary, base + path, desktop) for _ in range(args.runs)]
            median = {
                key: statistics.median(run[key] for run in runs) for key in runs[0] if key != "why"
            }
            print(
                f"{name:<10} {'desktop' if desktop else 'mobiel':<8} "
                + " ".join(f"{median[c]:>14.0f}" for c in CATEGORIES)
                + f" {median['cls']:>8.3f}"
            )
            for reason in sorted({r for run in runs for r in run["why"]}):
                print(f"{'':<20}below 100: {reason}")


def chromium_version() -> str:
    result = subprocess.run(["/usr/bin/chromium", "--version"], capture_output=True, text=True)
    return (
        result.stdout.split()[1]
        if result.returncode == 0 and len(result.stdout.split()) > 1
        else "?"
    )


if __name__ == "__main__":
    sys.exit(main())
