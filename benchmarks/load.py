#!/usr/bin/env python3
"""Load on the live server: concurrent clients for a while, real and malformed queries mixed.
Reports requests per second, p50/p95/p99 latency, 5xx responses and other errors, and the
server's memory (RSS) at start and end. Target: no 5xx.

Usage: python benchmarks/load.py [--clients 16] [--seconds 60]
"""

from __future__ import annotations

import argparse
import logging
import resource
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.search_speed import MALFORMED, QUERIES, percentile  # noqa: E402
from directory import search  # noqa: E402
from directory.app import create_app  # noqa: E402
from directory.catalogue import load_catalogue  # noqa: E402

MORE_MALFORMED = MALFORMED + [
    "%ZZ",
    "q" * 20000,
    "\u202e\u200b",
    "' OR 1=1 --",
    "<svg onload=alert(1)>",
    "\\\\\\",
]


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args()
    from werkzeug.serving import make_server

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request

    catalogue = load_catalogue(ROOT, warnings=False).catalogue
    app = create_app(catalogue, search.build_index(catalogue))
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    start_rss = rss_mb()
    latencies, statuses, lock = [], {}, threading.Lock()
    deadline = time.monotonic() + args.seconds
    mix = [f"/api/zoeken?q={urllib.parse.quote(q)}" for q in QUERIES + MORE_MALFORMED]
    mix += ["/zoeken/?q=" + urllib.parse.quote(q) for q in QUERIES[:10]] + [
        "/api/zoeken?q=werk&gemeente=%00&categorie=" + "x" * 500,
        "/aanbod/rmc-urk/",
        "/bestaat-niet/",
    ]

    def client(number: int):
        i = number
        while time.monotonic() < deadline:
            path = mix[i % len(mix)]
            i += args.clients
            start = time.perf_counter()
            try:
                with urllib.request.urlopen(base + path, timeout=30) as response:
                    response.read()
                    status = response.status
            except urllib.error.HTTPError as exc:
                status = exc.code
            except OSError as exc:
                status = type(exc).__name__
            with lock:
                latencies.append((time.perf_counter() - start) * 1000)
                statuses[status] = statuses.get(status, 0) + 1

    workers = [threading.Thread(target=client, args=(n,)) for n in range(args.clients)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    server.shutdown()
    errors = sum(n for s, n in statuses.items() if not isinstance(s, int) or s >= 500)
    print(
        f"{args.clients} clients, {args.seconds:.0f} s: {len(latencies)} requests, "
        f"{len(latencies) / args.seconds:.0f} req/s"
    )
    print(
        f"latency p50 {percentile(latencies, 50):.1f} ms, p95 {percentile(latencies, 95):.1f} ms, "
        f"p99 {percentile(latencies, 99):.1f} ms"
    )
    print(f"status: {dict(sorted(statuses.items(), key=str))}; 5xx and errors: {errors}")
    print(f"memory (RSS of the server process): start {start_rss:.0f} MB, end {rss_mb():.0f} MB")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
