#!/usr/bin/env python3
"""Fuzz the YAML reader, the entry loader and the search with the properties of
tests/test_properties.py, with many more examples than the test run uses.

Usage:
    python benchmarks/fuzz.py                   # 10,000 examples per property,
                                                # 10,000 static queries
    python benchmarks/fuzz.py --quick           # 1,000 of each, to try it out
    python benchmarks/fuzz.py --examples 50000  # more
    python benchmarks/fuzz.py --only a c        # some properties: a (reader), b (loader),
                                                # c (search), d (static)
    python benchmarks/fuzz.py --seed 7          # another sequence of examples
                                                # (default 0, so runs repeat)

Properties (see tests/test_properties.py for what each checks):
    a-text     yamlsource.load on any text raises only SourceError, with positions >= 1
    a-bytes    yamlsource.decode + load on any bytes raise only SourceError
    a-dump     yaml.safe_dump of JSON-like data round-trips, with a position for every key and value
    b-loader   catalogue.load_catalogue on a demo project plus one entry-like file never raises;
               every problem has a line and column >= 1; an entry without errors is loaded as
               written
    c-search   search.search never raises; hits agree with total, limit and filters
    c-clean    search.clean_query gives at most 500 characters, none of them control characters
    d-static   zoeken.js in one Node process answers every query with JSON, total >= 0, the live
               total (needs `node`; builds the demo site first)

Unlike the tests, a failing example does not stop the run: Hypothesis generates the examples, every
exception (and every example that runs longer than --timeout seconds) is counted as a crash, and
the first few failing inputs are printed. Exit status 1 if any property had a crash.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import test_properties as props  # noqa: E402
from conftest import DEMO, run_build_py  # noqa: E402
from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from hypothesis import seed as hypothesis_seed  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

SHOW = 3  # failing inputs printed per property


class Outcome:
    def __init__(self, name: str):
        self.name, self.runs, self.crashes, self.seconds, self.note = name, 0, [], 0.0, ""

    def report(self):
        print(
            f"{self.name:<9} {self.runs:>7,} examples  {len(self.crashes):>6,} crashes  "
            f"{self.seconds:>8.1f} s  {self.note}"
        )
        if not self.crashes:
            return
        kinds = Counter(kind for _, kind in self.crashes)
        for kind, count in kinds.most_common(8):
            print(f"{'':<11}{count:>6,} x {kind}")
        for example, kind in self.crashes[:SHOW]:
            print(f"{'':<11}e.g. {_short(example)}\n{'':<16}-> {kind}")


def _short(value, limit: int = 300) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + f"... ({len(text):,} characters)"


def _kind(exc: BaseException) -> str:
    first = str(exc).strip().split("\n")[0]
    return f"{type(exc).__name__}: {first[:160]}"


def run_property(name: str, strategy, check, examples: int, seed: int, timeout: float) -> Outcome:
    """Run ``check(*example)`` on ``examples`` examples drawn from ``strategy`` (a tuple strategy),
    counting exceptions instead of stopping at the first."""
    outcome = Outcome(name)

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
        print_blob=False,
    )
    @hypothesis_seed(seed)
    @given(strategy)
    def body(example):
        outcome.runs += 1
        try:
            with props.time_limit(timeout):
                check(*example)
        except Exception as exc:  # noqa: BLE001 - every failure is a finding here
            outcome.crashes.append((example, _kind(exc)))

    start = time.perf_counter()
    body()
    outcome.seconds = time.perf_counter() - start
    return outcome


def run_static(queries_wanted: int, seed: int, index) -> Outcome:
    outcome = Outcome("d-static")
    if not props.NODE:
        outcome.note = "skipped: `node` is not installed"
        return outcome
    queries: list[dict] = []

    @settings(
        max_examples=queries_wanted,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @hypothesis_seed(seed)
    @given(props.STATIC_QUERIES)
    def collect(query):
        queries.append(query)

    with tempfile.TemporaryDirectory(prefix="fuzz-site-") as folder:
        project = Path(folder) / "project"
        shutil.copytree(DEMO, project)
        build = run_build_py("build", project=project, timeout=600)
        if build.returncode != 0:
            outcome.note = f"skipped: the demo site did not build: {build.stderr[-500:]}"
            return outcome
        collect()
        start = time.perf_counter()
        try:
            lines = props.run_static(project / "site", queries, timeout=3600)
            bad = [
                (
                    query,
                    complaint
                    + (
                        "  [Unicode version skew: characters Python does not know]"
                        if props.unknown_to_python(query["q"])
                        else ""
                    ),
                )
                for query, complaint in props.check_static(queries, lines, index)
            ]
        except Exception as exc:  # noqa: BLE001
            bad = [({"q": f"all {len(queries)} queries"}, _kind(exc))]
        outcome.seconds = time.perf_counter() - start
    outcome.runs = len(queries)
    outcome.crashes = bad
    outcome.note = "(one Node process; seconds exclude building the site)"
    return outcome


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--examples", type=int, default=10_000, help="examples per property (default 10,000)"
    )
    parser.add_argument("--quick", action="store_true", help="1,000 examples per property")
    parser.add_argument(
        "--only", nargs="+", choices=["a", "b", "c", "d"], default=["a", "b", "c", "d"]
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--timeout", type=float, default=10.0, help="seconds before one example counts as a hang"
    )
    args = parser.parse_args(argv)
    examples = 1_000 if args.quick else args.examples

    index = props.demo_index()
    outcomes = []
    print(f"{examples:,} examples per property, seed {args.seed}\n")
    if "a" in args.only:
        outcomes.append(
            run_property(
                "a-text",
                st.tuples(props.TEXTS),
                props.check_reader_text,
                examples,
                args.seed,
                args.timeout,
            )
        )
        outcomes[-1].report()
        outcomes.append(
            run_property(
                "a-bytes",
                st.tuples(props.BYTES),
                props.check_reader_bytes,
                examples,
                args.seed,
                args.timeout,
            )
        )
        outcomes[-1].report()
        outcomes.append(
            run_property(
                "a-dump",
                st.tuples(props.nested_data(), props.DUMP_STYLES),
                props.check_round_trip,
                examples,
                args.seed,
                args.timeout,
            )
        )
        outcomes[-1].report()
    if "b" in args.only:
        with tempfile.TemporaryDirectory(prefix="fuzz-project-") as folder:
            project = Path(folder) / "project"
            shutil.copytree(DEMO, project)
            outcomes.append(
                run_property(
                    "b-loader",
                    st.tuples(props.entries(), props.ENTRY_STYLES),
                    lambda entry, style: props.check_loader(project, entry, style),
                    examples,
                    args.seed,
                    args.timeout,
                )
            )
        outcomes[-1].report()
    if "c" in args.only:
        outcomes.append(
            run_property(
                "c-search",
                st.tuples(props.QUERIES, props.FILTERS, st.booleans(), props.LIMITS),
                lambda *example: props.check_search(index, *example),
                examples,
                args.seed,
                args.timeout,
            )
        )
        outcomes[-1].report()
        outcomes.append(
            run_property(
                "c-clean",
                st.tuples(props.QUERIES | st.text(max_size=3000)),
                props.check_clean_query,
                examples,
                args.seed,
                args.timeout,
            )
        )
        outcomes[-1].report()
    if "d" in args.only:
        outcomes.append(run_static(examples, args.seed, index))
        outcomes[-1].report()
    total = sum(len(o.crashes) for o in outcomes)
    print(
        f"\n{sum(o.runs for o in outcomes):,} examples, {total:,} crashes, "
        f"{sum(o.seconds for o in outcomes):.1f} s"
    )
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())
