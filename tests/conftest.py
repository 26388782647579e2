"""Shared fixtures: the real project, a small demo project (the Lektor way), and the seeds."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
DEMO = PROJECT / "tests" / "demo"
SEEDS = PROJECT.parent / "shared" / "seeds"
HSDS = PROJECT.parent / "shared" / "hsds"


def run_build_py(
    *args, project: Path | None = None, timeout: float = 120
) -> subprocess.CompletedProcess:
    """Run the command line of ``build.py`` inside the test process (no interpreter to start,
    nothing to import again) and capture what it prints. An exception that escapes is printed
    as a traceback on stderr with exit code 1, as the real process would; after ``timeout`` the
    test fails. ``run_build_py_forked`` also survives a crash; ``run_build_py_process`` runs the
    real process (test_cli.py, once per command)."""
    argv = (["--project", str(project)] if project is not None else []) + [str(a) for a in args]
    try:
        with time_limit(timeout):
            return _call_cli(argv)
    except Hung:
        pytest.fail(f"build.py {' '.join(argv)} did not finish within {timeout} s")


def run_build_py_forked(
    *args, project: Path | None = None, timeout: float = 120
) -> subprocess.CompletedProcess:
    """``run_build_py`` in a forked copy of the test process, for hostile input: a crash (a
    segfault in a C library, a payload calling os._exit) ends the copy with a negative exit code
    instead of the test run, and a hang is killed after ``timeout``."""
    argv = (["--project", str(project)] if project is not None else []) + [str(a) for a in args]
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the copy: run, send the result, leave without running anything of pytest's
        try:
            os.close(read)
            result = _call_cli(argv)
            with os.fdopen(write, "w", encoding="utf-8") as pipe:
                json.dump([result.returncode, result.stdout, result.stderr], pipe)
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read, encoding="utf-8") as pipe:
        try:
            with time_limit(timeout):
                sent = pipe.read()
        except Hung:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            pytest.fail(f"build.py {' '.join(argv)} did not finish within {timeout} s")
    _, status = os.waitpid(pid, 0)
    if not sent:  # it died before it could send anything
        return subprocess.CompletedProcess(argv, os.waitstatus_to_exitcode(status) or -1, "", "")
    code, out, err = json.loads(sent)
    return subprocess.CompletedProcess(argv, code, out, err)


def _call_cli(argv: list[str]) -> subprocess.CompletedProcess:
    from directory import cli

    out, err = io.StringIO(), io.StringIO()
    with (
        contextlib.chdir(PROJECT),
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
    ):
        try:
            code = cli.main(argv)
        except SystemExit as exit:  # argparse on a mistake in the arguments
            code = exit.code if isinstance(exit.code, int) else int(exit.code is not None)
        except Exception:  # noqa: BLE001 - shown as the process would show it
            traceback.print_exc()
            code = 1
    return subprocess.CompletedProcess(argv, code, out.getvalue(), err.getvalue())


def run_build_py_process(
    *args, project: Path | None = None, timeout: float = 120, env: dict | None = None
) -> subprocess.CompletedProcess:
    """Run ``python build.py`` as a person does, in a process of its own."""
    command = [sys.executable, str(PROJECT / "build.py")]
    if project is not None:
        command += ["--project", str(project)]
    return subprocess.run(
        command + [str(a) for a in args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=PROJECT,
        env=env,
    )


class Hung(BaseException):
    """Raised by ``time_limit``: a BaseException, so that no ``except Exception`` in the code under
    test can turn it into an ordinary error message."""


@contextlib.contextmanager
def time_limit(seconds: float):
    """Raise Hung in the test process after ``seconds`` (a hang fails the test instead of the
    whole run)."""

    def expire(signum, frame):
        raise Hung(f"no answer within {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def leftovers_after_removal(folder: Path, seconds: float = 60) -> list[Path]:
    """The build's leftover folders (``.site-*``) in ``folder`` once the old site's removal, which
    runs in a process of its own after the build (``builder.remove_in_background``), is done:
    what is left after ``seconds`` is really left over. The wait is the benchmarks' own."""
    from benchmarks.measure import after_old_site_removal

    after_old_site_removal(folder, seconds)
    return sorted(folder.glob(".site-*"))


def tree_digest(folder: Path) -> str:
    """A fingerprint of every file name and content under a folder."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(folder).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


@pytest.fixture
def demo_project(tmp_path) -> Path:
    target = tmp_path / "project"
    shutil.copytree(DEMO, target)
    return target


@dataclass
class DemoBuild:
    project: Path  # a copy of tests/demo, with the built site/ inside
    log: str  # what the build printed (its phases and warnings)

    @property
    def site(self) -> Path:
        return self.project / "site"


@pytest.fixture(scope="session")
def demo_build(tmp_path_factory) -> DemoBuild:
    """The demo project built once, for every test that only reads the site or the build's log."""
    project = tmp_path_factory.mktemp("demo-build") / "project"
    shutil.copytree(DEMO, project)
    result = run_build_py("build", project=project)
    assert result.returncode == 0, result.stderr
    return DemoBuild(project, result.stderr)


@pytest.fixture
def built_demo(demo_build, tmp_path) -> Path:
    """A copy of the built demo project (site/ inside) that a test may change and build again."""
    target = tmp_path / "built"
    shutil.copytree(demo_build.project, target, symlinks=True)
    return target


@pytest.fixture(scope="session")
def real_catalogue():
    from directory.catalogue import load_catalogue

    return load_catalogue(PROJECT)


@pytest.fixture(scope="session")
def real_index(real_catalogue):
    from directory import search

    return search.build_index(real_catalogue.catalogue)


def shared_folder(path: Path, what: str) -> Path:
    """A folder of ../shared, or a skip that says where it should have been."""
    if not path.is_dir():
        pytest.skip(f"{what} are not at {path} (they come with ../shared beside a checkout)")
    return path


@pytest.fixture(scope="session")
def seeds() -> Path:
    return shared_folder(SEEDS, "the source documents")


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real catalogue, built once for every test that looks at the built site."""
    out = tmp_path_factory.mktemp("site") / "site"
    result = run_build_py("build", "--output", str(out), timeout=300)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="session")
def chromium():
    from browser import browser, require_chromium

    require_chromium()
    with browser() as instance:
        yield instance


@pytest.fixture(scope="session")
def base_url(site, chromium):
    from browser import serve_folder

    with serve_folder(site) as url:
        yield url
