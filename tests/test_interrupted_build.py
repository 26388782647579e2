"""Kill the build at every phase: site/ is always the old complete site or the new complete one,
and the next build succeeds."""

from __future__ import annotations

import os
import signal
import time
from dataclasses import dataclass
from typing import TextIO

from conftest import tree_digest

from directory import builder


@dataclass
class Build:
    """A build running in a forked copy of the test process, in a session of its own."""

    pid: int
    lines: TextIO  # what it logs, line by line

    def wait(self) -> int:
        """The exit code (0: built), or minus the signal that ended it."""
        _, status = os.waitpid(self.pid, 0)
        self.lines.close()
        return os.waitstatus_to_exitcode(status)

    def kill(self) -> None:
        """SIGKILL to the build and the helpers it forked, as a power cut or the OOM killer."""
        os.killpg(self.pid, signal.SIGKILL)
        self.wait()


def build(project, output) -> Build:
    """``build.py build`` as a forked process: the same build_site, without starting and importing
    everything again for each of the many builds below."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the build
        code = 1
        try:
            os.setsid()
            os.close(read)
            with os.fdopen(write, "w", buffering=1) as pipe:
                builder.build_site(project, output, log=lambda line: print(line, file=pipe))
            code = 0
        finally:
            os._exit(code)
    os.close(write)
    return Build(pid, os.fdopen(read))


def kill_after(running: Build, phase: str, delay: float) -> str:
    """Kill the build ``delay`` seconds after it reports ``phase`` done (or when it ends), and
    return what it printed: the kill lands in the next phase, whatever the machine's speed."""
    printed = []
    for line in running.lines:
        printed.append(line)
        if line.split()[:1] == [phase]:
            time.sleep(delay)
            break
    running.kill()
    return "".join(printed)


def test_killed_builds_leave_the_old_or_the_new_site(demo_project, tmp_path):
    project, output = demo_project, tmp_path / "site"
    assert build(project, output).wait() == 0
    old = tree_digest(output)
    # change the catalogue, and learn what the complete new site looks like
    entry = next((project / "entries").glob("*.yaml"))
    entry.write_text(
        entry.read_text(encoding="utf-8").replace("samenvatting:", "samenvatting: Nieuw.", 1),
        encoding="utf-8",
    )
    assert build(project, tmp_path / "referentie").wait() == 0
    new = tree_digest(tmp_path / "referentie")
    assert new != old

    # Kill as each phase ends and a moment later, so every phase (check, index, freeze, export,
    # offline, swap) is cut short at least once.
    phases_done = set()
    for phase in ("controle", "index", "bevriezen", "export", "offline"):
        for delay in (0.0, 0.1):
            printed = kill_after(build(project, output), phase, delay)
            phases_done.update(line.split()[0] for line in printed.splitlines() if line.strip())
            digest = tree_digest(output)
            assert digest in (old, new), (
                f"site/ is neither the old nor the new site after a kill {delay} s after "
                f"{phase}:\n{printed}"
            )
    assert build(project, output).wait() == 0
    assert tree_digest(output) == new
    assert not list(tmp_path.glob(".site-*")), "leftovers of killed builds were not cleaned up"
    assert {"controle", "index", "bevriezen", "export", "offline"} <= phases_done
