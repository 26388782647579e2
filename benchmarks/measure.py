"""What every benchmark reports the same way: a command's wall time and peak memory (its largest
process and all its processes together, sampled from /proc), repeated runs as median and minimum,
and the machine's load average, so a figure says under what load it was taken."""

from __future__ import annotations

import os
import statistics
import subprocess
import threading
import time
from pathlib import Path

PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


def load_average() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (5 min {five:.2f}), {os.cpu_count()} cores"


def median_min(values: list[float], unit: str = "", digits: int = 2) -> str:
    return (
        f"median {statistics.median(values):.{digits}f}{unit} "
        f"(min {min(values):.{digits}f}{unit}, {len(values)} runs)"
    )


def after_old_site_removal(folder: Path, seconds: float = 120) -> None:
    """Wait until the old site a build left in ``folder`` for a process of its own to remove
    (``builder.remove_in_background``) is gone: each build is timed on its own work, not beside
    the removal the previous one left behind (up to 2 s of disk and CPU at 10,000 entries, which
    landed on whichever build came next). Until the remover has renamed it (``.site-oud-*``),
    the old site still has the staging name (``.site-nieuw-*``) the swap gave it; no build runs
    while this waits, so every ``.site-*`` folder is such a leftover."""
    deadline = time.monotonic() + seconds
    while any(Path(folder).glob(".site-*")) and time.monotonic() < deadline:
        time.sleep(0.05)


def _tree(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*/children"):
            try:
                todo += [int(child) for child in task.read_text().split()]
            except OSError:
                pass
    return found


def _rss_mb(pid: int) -> float:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_KB / 1024
    except (OSError, IndexError, ValueError):
        return 0.0


def _pss_mb(pid: int) -> float:
    """Proportional set size: pages a forked child shares with its parent count once in a sum."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return 0.0


def run_measured(command: list[str], **kwargs) -> dict:
    """Run a command; its seconds and peak memory in MB: the largest process's resident set, and
    all its processes together as proportional set sizes (shared pages counted once). Sampled
    every 20 ms, so a process that lives shorter than that may be missed."""
    peak = {"grootste_mb": 0.0, "samen_mb": 0.0}
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **kwargs)
    done = threading.Event()

    def sample():
        while not done.is_set():
            pids = _tree(process.pid)
            sizes = [_rss_mb(pid) for pid in pids]
            if sizes:
                peak["grootste_mb"] = max(peak["grootste_mb"], max(sizes))
                peak["samen_mb"] = max(peak["samen_mb"], sum(_pss_mb(pid) for pid in pids))
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, stderr = process.communicate()
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {stderr.decode(errors='replace')[-2000:]}")
    return {"seconds": seconds, **peak, "stderr": stderr.decode(errors="replace")}
