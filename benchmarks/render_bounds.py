#!/usr/bin/env python3
"""Markdown render time at the limits the check allows (``render.MARKDOWN_LIMITS``): the worst of
generated hostile texts, each as large as a description or article may be and every block at its
bound. Prints seconds per shape; the target is that no text the check accepts takes more than 2 s.

Usage: python benchmarks/render_bounds.py [--random N]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from directory.render import MARKDOWN_LIMITS, markdown, markdown_shape_problem

BLOCKS = {  # one block at its bound; repeated up to the size limit
    "runs of [": "[" * MARKDOWN_LIMITS["["] + " tekst",
    "[x links": "[x" * MARKDOWN_LIMITS["["] + " tekst",
    "images ![": "![" * (MARKDOWN_LIMITS["["] // 2),
    "backticks": ("`" * (MARKDOWN_LIMITS["`"] // 4) + " ") * 4,
    "emphasis *_": "*_" * (MARKDOWN_LIMITS["nadruk"] // 2) + " a",
    "nested quotes": ">" * MARKDOWN_LIMITS["diepte"] + " citaat",
    "nested lists": "\n".join("  " * i + "- punt" for i in range(MARKDOWN_LIMITS["diepte"])),
    "long lines": "woord " * (MARKDOWN_LIMITS["regel"] // 6),
}


def at_limit(block: str) -> str:
    unit = block + "\n\n"
    return unit * (MARKDOWN_LIMITS["tekens"] // len(unit))


def timed(text: str) -> float:
    start = time.perf_counter()
    markdown(text)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--random", type=int, default=200, help="random texts of Markdown punctuation"
    )
    args = parser.parse_args()
    worst = 0.0
    for name, block in BLOCKS.items():
        text = at_limit(block)
        # the check accepts it
        assert markdown_shape_problem(text) is None, (
            name,
            markdown_shape_problem(text),
        )
        seconds = timed(text)
        worst = max(worst, seconds)
        print(f"{name:<16} {len(text):>8} tekens  {seconds:6.2f} s")
    rng = random.Random(1)
    alphabet = "[]()`*_<>!\\#-> \nabc"
    slowest = 0.0
    for _ in range(args.random):
        text = "".join(rng.choice(alphabet) for _ in range(20_000))
        if markdown_shape_problem(text) is None:
            slowest = max(slowest, timed(text))
    print(
        f"{'random (20 KB)':<16} {args.random:>8} teksten  {slowest:6.2f} s "
        "(traagste die de check toelaat)"
    )
    print(f"slechtste: {max(worst, slowest):.2f} s (doel: onder 2 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
