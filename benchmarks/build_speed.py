#!/usr/bin/env python3
"""Time and peak memory of `build.py check` and `build.py build` on the real catalogue and on
synthetic ones, each run as its own process several times (median and minimum), with the
machine's load average.

Targets (2-core machine): check of 1,000 entries under 1 s; full build of 10,000 under 60 s; full
build of the real catalogue under 5 s.
Usage: python benchmarks/build_speed.py [--sizes 1000 10000] [--runs 3]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.measure import (  # noqa: E402
    after_old_site_removal,
    load_average,
    median_min,
    run_measured,
)
from benchmarks.synthetic import generate  # noqa: E402

BUILD_PY = [sys.executable, str(ROOT / "build.py")]


def phases_of(stderr: str) -> dict[str, float]:
    """The phase lines the build prints: 'index 0.59 s ...'."""
    phases = {}
    for line in stderr.splitlines():
        parts = line.split()
        if len(parts) >= 3 and parts[2] == "s":
            try:
                phases[parts[0]] = float(parts[1])
            except ValueError:
                pass
    return phases


def phase_minima(results: list[dict]) -> str:
    """Each phase the builds all printed, with its shortest time over the runs."""
    phases = [phases_of(r["stderr"]) for r in results]
    names = [name for name in phases[0] if all(name in p for p in phases)]
    return (
        ", ".join(f"{name} {min(p[name] for p in phases):.2f} s" for name in names)
        + " (min per fase)"
    )


def measure(project: Path, label: str, runs: int):
    checks, builds = [], []
    with tempfile.TemporaryDirectory() as out:
        for _ in range(runs):
            after_old_site_removal(Path(out))
            checks.append(
                run_measured(
                    [*BUILD_PY, "--project", str(project), "check", "--zonder-waarschuwingen"]
                )
            )
            builds.append(
                run_measured(
                    [
                        *BUILD_PY,
                        "--project",
                        str(project),
                        "build",
                        "--volledig",  # a full build each time, not one reusing the last
                        "--output",
                        f"{out}/site",
                    ]
                )
            )
    print(f"{label}: {load_average()}")
    print(
        f"  check  {median_min([r['seconds'] for r in checks], ' s')}; "
        f"geheugen {median_min([r['grootste_mb'] for r in checks], ' MB', 0)}"
    )
    print(f"  build  {median_min([r['seconds'] for r in builds], ' s')}")
    print(
        f"         grootste proces {median_min([r['grootste_mb'] for r in builds], ' MB', 0)}; "
        f"alle processen samen {median_min([r['samen_mb'] for r in builds], ' MB', 0)}"
    )
    print(f"         {phase_minima(builds)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    measure(ROOT, "echt", args.runs)
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            project = generate(size, Path(tmp) / f"synth-{size}")
            measure(project, f"synthetisch-{size}", args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
