"""Kill the build at every phase: site/ is always the old complete site or the new complete one,
and the next build succeeds."""

from __future__ import annotations

import contextlib
import os
import signal
import time
import traceback
from dataclasses import dataclass
from typing import TextIO

from conftest import leftovers_after_removal, time_limit, tree_digest

from directory import builder


@dataclass
class Build:
    """A build running in a forked copy of the test process, in a session of its own."""

    pid: int
    lines: TextIO  # what it logs, line by line

    def wait(self) -> int:
        """The exit code (0: built), or minus the signal that ended it; what it printed goes to
        stdout, which pytest shows with a failure."""
        printed = self.lines.read()
        _, status = os.waitpid(self.pid, 0)
        self.lines.close()
        print(printed)
        return os.waitstatus_to_exitcode(status)

    def kill(self) -> None:
        """SIGKILL to the build and the helpers it forked, as a power cut or the OOM killer."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        self.lines.close()


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
                try:
                    builder.build_site(project, output, log=lambda line: print(line, file=pipe))
                    code = 0
                except BaseException:  # noqa: BLE001 - the reader shows it with the test's failure
                    traceback.print_exc(file=pipe)
        finally:
            os._exit(code)
    os.close(write)
    return Build(pid, os.fdopen(read))


def kill_after(running: Build, phase: str | None, delay: float) -> str:
    """Kill the build ``delay`` seconds after it reports ``phase`` done (None: right after it
    started; or when it ends), and return what it printed: the kill lands in the next phase,
    whatever the machine's speed."""
    printed = []
    if phase is None:
        time.sleep(delay)
    else:
        for line in running.lines:
            printed.append(line)
            if line.split()[:1] == [phase]:
                time.sleep(delay)
                break
    running.kill()
    return "".join(printed)


def test_killed_builds_leave_the_old_or_the_new_site(demo_project, tmp_path):
    with time_limit(240):  # a hanging build fails the test instead of the run
        killed_builds(demo_project, tmp_path)


def killed_builds(project, tmp_path):
    output = tmp_path / "site"
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

    # Kill right after the start, and as each phase ends and a moment later, so that every phase
    # (clearing leftovers, check, index, freeze, export, offline, swap) is cut short at least once.
    phases_done = set()
    moments = [(None, 0.0), (None, 0.05)] + [
        (phase, delay)
        for phase in ("controle", "index", "bevriezen", "export", "offline")
        for delay in (0.0, 0.1)
    ]
    for phase, delay in moments:
        running = build(project, output)
        try:
            printed = kill_after(running, phase, delay)
        finally:
            with contextlib.suppress(ProcessLookupError, ChildProcessError):
                running.kill()
        phases_done.update(line.split()[0] for line in printed.splitlines() if line.strip())
        digest = tree_digest(output)
        assert digest in (old, new), (
            f"site/ is neither the old nor the new site after a kill {delay} s after "
            f"{phase or 'the start'}:\n{printed}"
        )
    assert build(project, output).wait() == 0
    assert tree_digest(output) == new
    assert not leftovers_after_removal(tmp_path), "leftovers of killed builds were not cleaned up"
    assert {"controle", "index", "bevriezen", "export", "offline"} <= phases_done
