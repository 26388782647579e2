"""Kill the build at every phase: site/ is always the old complete site or the new complete one,
and the next build succeeds."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time

from conftest import PROJECT, tree_digest


def build(project, output):
    return subprocess.Popen(
        [
            sys.executable,
            str(PROJECT / "build.py"),
            "--project",
            str(project),
            "build",
            "--output",
            str(output),
        ],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    )


def test_killed_builds_leave_the_old_or_the_new_site(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    shutil.copytree(PROJECT / "entries", project / "entries")
    output = tmp_path / "site"
    first = build(project, output)
    assert first.wait(timeout=300) == 0, first.stderr.read()
    old = tree_digest(output)
    # change the catalogue, and learn what the complete new site looks like
    entry = project / "entries" / "uwv.yaml"
    entry.write_text(
        entry.read_text(encoding="utf-8").replace("samenvatting:", "samenvatting: Nieuw.", 1),
        encoding="utf-8",
    )
    reference = build(project, tmp_path / "referentie")
    assert reference.wait(timeout=300) == 0
    new = tree_digest(tmp_path / "referentie")
    assert new != old
    phases_seen = set()
    # Kill at growing moments so that every phase (check, index, freeze, export, swap) is hit.
    for delay in (0.3, 0.6, 0.9, 1.2, 1.6, 2.0, 2.4, 2.8, 3.2, 3.6, 4.0, 4.5):
        process = build(project, output)
        time.sleep(delay)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        printed = process.stderr.read()
        phases_seen.update(line.split()[0] for line in printed.splitlines() if line.strip())
        digest = tree_digest(output)
        assert digest in (old, new), (
            f"site/ is neither the old nor the new site after a kill at {delay} s:\n{printed}"
        )
    final = build(project, output)
    assert final.wait(timeout=300) == 0, final.stderr.read()
    assert tree_digest(output) == new
    assert not list(tmp_path.glob(".site-*")), "leftovers of killed builds were not cleaned up"
    assert {"controle", "index"} <= phases_seen
