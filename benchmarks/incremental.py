#!/usr/bin/env python3
"""An incremental build after a change to one entry, against a full build of the same catalogue,
each run as its own process: time, peak memory and the ratio of the two, per run (median and
minimum over the runs), with the machine's load average.

Each run builds the synthetic catalogue in full (``build --volledig``), changes the summary of one
entry, and builds again as a maintainer does (``build``, which reuses the previous build). Each
build starts once the old site the previous one left to a process of its own is removed.
Target (2-core machine, 10,000 entries): the incremental build under a third of the full one.
Usage: python benchmarks/incremental.py [--sizes 10000] [--runs 3]
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.build_speed import phase_minima  # noqa: E402
from benchmarks.measure import (  # noqa: E402
    after_old_site_removal,
    load_average,
    median_min,
    run_measured,
)
from benchmarks.synthetic import generate  # noqa: E402

BUILD_PY = [sys.executable, str(ROOT / "build.py")]


def change_one_entry(project: Path, run: int) -> Path:
    """Give one entry in the middle of the catalogue a different first word in its summary."""
    entries = sorted((project / "entries").glob("*.yaml"))
    entry = entries[len(entries) // 2]
    text = entry.read_text(encoding="utf-8")
    text = re.sub(r"^samenvatting: \S+", f"samenvatting: Wijziging{run}", text, count=1, flags=re.M)
    entry.write_text(text, encoding="utf-8")
    return entry


def measure(project: Path, label: str, runs: int):
    full, incremental = [], []
    with tempfile.TemporaryDirectory() as out:
        build = [*BUILD_PY, "--project", str(project), "build", "--output", f"{out}/site"]
        for run in range(runs):
            after_old_site_removal(Path(out))
            full.append(run_measured([*build, "--volledig"]))
            change_one_entry(project, run)
            after_old_site_removal(Path(out))
            incremental.append(run_measured(build))
    ratios = [i["seconds"] / f["seconds"] for f, i in zip(full, incremental, strict=True)]
    print(f"{label}: {load_average()}")
    for name, results in (("volledig", full), ("incrementeel", incremental)):
        print(
            f"  {name:<12} {median_min([r['seconds'] for r in results], ' s')}; "
            f"grootste proces {median_min([r['grootste_mb'] for r in results], ' MB', 0)}"
        )
        print(f"               {phase_minima(results)}")
    made = re.search(r"\(\d+ gemaakt, \d+ overgenomen\)", incremental[-1]["stderr"])
    print(f"  pagina's bij de laatste incrementele build: {made[0] if made else '?'}")
    print(
        f"  verhouding incrementeel / volledig: mediaan {statistics.median(ratios):.2f} "
        f"(min {min(ratios):.2f}, {len(ratios)} runs; doel onder 0.33)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="*", default=[10000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            project = generate(size, Path(tmp) / f"synth-{size}")
            measure(project, f"synthetisch-{size}", args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
