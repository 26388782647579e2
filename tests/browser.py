"""Helpers for browser tests: Debian's Chromium driven by Playwright, and a static file server
that behaves like a plain web host (GitHub Pages: 404.html for missing pages)."""

from __future__ import annotations

import functools
import http.server
import sys
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"


def require_chromium():
    if not CHROMIUM.exists():
        pytest.skip(
            "Chromium is not installed: `sudo apt-get install chromium` (Debian) "
            "to run the browser tests"
        )
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        pytest.skip("Playwright is not installed: `make test` installs it")


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code == 404 and page.exists():
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return
        super().send_error(code, message, explain)


class QuietServer(http.server.ThreadingHTTPServer):
    """A page that moves on while a file is still being sent closes its connection: not an
    error worth a traceback in a test's or benchmark's output."""

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def serve_folder(folder: Path, prefix: str = ""):
    """Serve a folder on 127.0.0.1 (optionally under a sub-path); yields the base URL."""
    root = folder
    if prefix:
        root = folder.parent / f"{folder.name}-root"
        (root / prefix.strip("/")).parent.mkdir(parents=True, exist_ok=True)
        target = root / prefix.strip("/")
        if not target.exists():
            target.symlink_to(folder, target_is_directory=True)
    handler = functools.partial(SiteHandler, directory=str(root))
    server = QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}{prefix}"
    finally:
        server.shutdown()


@contextmanager
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield instance
        finally:
            instance.close()
