#!/usr/bin/env python3
"""Search speed: index build time and query latency (p50/p95) on the real catalogue and on
synthetic catalogues of 1,000 and 10,000 entries; then the live server under concurrent clients.

Targets: 10,000 entries indexed in under 10 s; query p95 under 20 ms at 10,000 entries; no errors
under load. Usage:
python benchmarks/search_speed.py [--sizes 1000 10000] [--clients 8] [--seconds 30]
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.measure import load_average, median_min, run_measured  # noqa: E402
from benchmarks.synthetic import generate  # noqa: E402
from directory import search  # noqa: E402
from directory.catalogue import load_catalogue  # noqa: E402

QUERIES = [
    q["query"]
    for q in yaml.safe_load(
        (ROOT / "benchmarks" / "search_queries.yaml").read_text(encoding="utf-8")
    )
]
MALFORMED = [
    '"unbalanced',
    "AND OR",
    "*",
    "(((",
    "a" * 2000,
    "\x00\x1f",
    "🙂🙂",
    "<script>",
    "%",
    "jobcoatch nazrog",
]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def measure_index(project: Path, label: str):
    catalogue = load_catalogue(project, warnings=False).catalogue
    start = time.perf_counter()
    index = search.build_index(catalogue)
    whoosh_seconds = time.perf_counter() - start
    # computing these cached properties builds the precomputed weights and masks, as the server
    # has them
    _ = (index.arrays, index.facet_masks, index.columns)
    build = time.perf_counter() - start
    latencies = []
    for _ in range(3):
        for query in QUERIES:
            start = time.perf_counter()
            search.search(index, query, limit=20)
            latencies.append((time.perf_counter() - start) * 1000)
    print(
        f"{label:<16} aanbod={len(catalogue.entries):>6}  index={build:6.2f} s "
        f"(Whoosh {whoosh_seconds:.2f} s)  "
        f"query p50={percentile(latencies, 50):6.1f} ms  p95={percentile(latencies, 95):6.1f} ms",
        flush=True,
    )
    return catalogue, index


def load_test(catalogue, index, clients: int, seconds: float):
    from werkzeug.serving import make_server

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request

    from directory.app import create_app

    app = create_app(catalogue, index)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    port = server.server_port
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    latencies, errors, lock = [], [], threading.Lock()
    deadline = time.monotonic() + seconds
    mix = QUERIES + MALFORMED

    def client(number: int):
        i = number
        while time.monotonic() < deadline:
            query = urllib.parse.quote(mix[i % len(mix)])
            i += clients
            start = time.perf_counter()
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/api/zoeken?q={query}", timeout=10
                ) as response:
                    response.read()
                    status = response.status
            except urllib.error.HTTPError as exc:
                status = exc.code
            except OSError as exc:
                status = str(exc)
            with lock:
                latencies.append((time.perf_counter() - start) * 1000)
                if status != 200:
                    errors.append(status)

    workers = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    server.shutdown()
    print(
        f"live server: {clients} clients, {seconds:.0f} s: {len(latencies) / seconds:.0f} req/s, "
        f"p50={percentile(latencies, 50):.1f} ms, p95={percentile(latencies, 95):.1f} ms, "
        f"errors={len(errors)}",
        flush=True,
    )


# What `build.py serve` holds once it has answered a first query (directory/cli.py, live_app).
SERVER_START = """
import argparse, sys
from pathlib import Path
from directory.cli import live_app
app = live_app(argparse.Namespace(project=Path(sys.argv[1]), host="127.0.0.1", port=8000))
app.test_client().get("/api/zoeken?q=werk+urk")
rss = [line for line in open("/proc/self/status") if line.startswith("VmRSS")][0].split()[1]
print("server_mb", int(rss) // 1024, file=sys.stderr)
"""


def server_start(project: Path, label: str, runs: int):
    """Start time and memory of the live server, each start its own process."""
    results = [
        run_measured([sys.executable, "-c", SERVER_START, str(project)], cwd=ROOT)
        for _ in range(runs)
    ]
    serving = [float(r["stderr"].split("server_mb")[-1].split()[0]) for r in results]
    print(
        f"{label:<16} live server klaar: {median_min([r['seconds'] for r in results], ' s')}; "
        f"geheugen na de start {median_min(serving, ' MB', 0)} (hoogste tijdens de start, de "
        f"index in een hulpproces: {median_min([r['grootste_mb'] for r in results], ' MB', 0)})",
        flush=True,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--runs", type=int, default=3, help="starts of the live server per size")
    args = parser.parse_args()
    print(load_average())
    real = measure_index(ROOT, "echt")
    server_start(ROOT, "echt", args.runs)
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            project = generate(size, Path(tmp) / f"synth-{size}")
            measure_index(project, f"synthetisch-{size}")
            server_start(project, f"synthetisch-{size}", args.runs)
    load_test(*real, clients=args.clients, seconds=args.seconds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
