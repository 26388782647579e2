#!/usr/bin/env python3
"""Page weight: bytes (gzip) per kind of page, with the CSS and JavaScript it loads, on the built
site; and the full build time of the real catalogue and of a synthetic one.
Targets: an entry page at most 30 KB, the home page at most 50 KB; builds under 5 s and 60 s.

Usage: python benchmarks/page_weight.py [--synthetic 10000]
"""

from __future__ import annotations

import argparse
import gzip
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.synthetic import generate  # noqa: E402
from directory import builder  # noqa: E402

PAGES = {
    "home": "index.html",
    "aanbod": "aanbod/rmc-regio-flevoland/index.html",
    "bladeren (gemeente)": "gemeente/urk/index.html",
    "kennisbank-artikel": "kennisbank/startkwalificatie/index.html",
    "zoeken (zonder index)": "zoeken/index.html",
    "embed": "embed/gemeente/urk/index.html",
}


def gz(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), 6))


def weight(site: Path, page: str) -> tuple[int, int]:
    html = (site / page).read_text(encoding="utf-8")
    assets = set(re.findall(r'(?:href|src)="/(static/[^"]+\.(?:css|js))"', html))
    return gz(site / page), sum(gz(site / a) for a in assets)


def timed_build(project: Path) -> float:
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        builder.build_site(project, output=Path(out) / "site", log=lambda line: None)
        return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--synthetic", type=int, default=10000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        start = time.perf_counter()
        builder.build_site(ROOT, output=site, log=lambda line: None)
        real_seconds = time.perf_counter() - start
        print(f"{'pagina':<24}{'html':>10}{'css+js':>10}{'totaal':>10}  (KB, gzip)")
        for name, page in PAGES.items():
            html, assets = weight(site, page)
            print(
                f"{name:<24}{html / 1024:>10.1f}{assets / 1024:>10.1f}"
                f"{(html + assets) / 1024:>10.1f}"
            )
        print(f"volledige build, echte catalogus: {real_seconds:.1f} s")
        if args.synthetic:
            project = generate(args.synthetic, Path(tmp) / "synth")
            print(
                f"volledige build, {args.synthetic} synthetische aanbiedingen: "
                f"{timed_build(project):.1f} s"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
