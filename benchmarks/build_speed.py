#!/usr/bin/env python3
"""Time check, index and freeze on the real catalogue and on synthetic ones of 1,000 and 10,000 entries.

Targets (2-core machine): check of 1,000 entries under 1 s; full build of 10,000 under 60 s; full
build of the real catalogue under 5 s. Usage: python benchmarks/build_speed.py [--sizes 1000 10000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.synthetic import generate  # noqa: E402
from directory import builder  # noqa: E402
from directory.catalogue import load_catalogue  # noqa: E402
from directory.search import possible_duplicates, similar_entries  # noqa: E402


def measure(project: Path, label: str) -> dict:
    start = time.perf_counter()
    result = load_catalogue(project)
    check = time.perf_counter() - start
    possible_duplicates(similar_entries(result.catalogue))  # `build.py check` also looks for duplicates
    check_with_duplicates = time.perf_counter() - start
    assert not result.errors, result.errors[:3]
    phases: dict[str, float] = {}

    def log(line: str):
        name, seconds = line.split()[:2]
        phases[name] = float(seconds)

    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as out:
        builder.build_site(project, output=Path(out) / "site", log=log)
    total = time.perf_counter() - start
    row = {"catalogus": label, "aanbod": len(result.catalogue.entries), "check_s": round(check, 2), "check_met_dubbelingen_s": round(check_with_duplicates, 2),
           **{f"{k}_s": v for k, v in phases.items()}, "totaal_s": round(total, 2)}
    print("  ".join(f"{k}={v}" for k, v in row.items()), flush=True)
    return row


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000])
    args = parser.parse_args()
    measure(ROOT, "echt")
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            project = generate(size, Path(tmp) / f"synth-{size}")
            measure(project, f"synthetisch-{size}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
