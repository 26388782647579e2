"""Every command of ``build.py`` once as a real process: exit codes, what goes to stdout and
stderr, and never a traceback. The other tests run the same command line inside the test
process (``run_build_py`` in conftest.py), which is what makes them fast."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
import urllib.request

import pytest
from conftest import PROJECT, run_build_py_process
from nginx import free_port

FIXTURES = PROJECT / "tests" / "fixtures"


def no_traceback(result: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in result.stdout + result.stderr, result.stderr


def test_build(demo_project, tmp_path):
    result = run_build_py_process("build", "--output", tmp_path / "site", project=demo_project)
    assert result.returncode == 0, result.stderr
    no_traceback(result)
    assert (tmp_path / "site" / "index.html").is_file()
    assert "wisselen" in result.stderr


def test_build_that_fails_keeps_the_site_and_says_why(demo_project, tmp_path):
    (demo_project / "entries" / "kapot.yaml").write_text("naam: [\n", encoding="utf-8")
    result = run_build_py_process("build", "--output", tmp_path / "site", project=demo_project)
    assert result.returncode == 1
    no_traceback(result)
    assert "entries/kapot.yaml:" in result.stderr
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("broken, code", [(False, 0), (True, 1)], ids=["schoon", "met-fout"])
def test_check(demo_project, broken, code):
    if broken:
        (demo_project / "entries" / "kapot.yaml").write_text("naam: [\n", encoding="utf-8")
    result = run_build_py_process("check", project=demo_project)
    assert result.returncode == code, result.stdout + result.stderr
    no_traceback(result)
    assert "fout(en)" in result.stderr
    assert ("entries/kapot.yaml:" in result.stdout) is broken


def test_schema_is_in_step():
    result = run_build_py_process("schema")
    assert result.returncode == 0, result.stderr
    no_traceback(result)
    assert "waren al bij" in result.stdout


def test_search_stats_and_review(demo_project):
    for args in (("search", "jobcoach"), ("stats",), ("review", "--markdown")):
        result = run_build_py_process(*args, project=demo_project)
        assert result.returncode == 0, (args, result.stderr)
        no_traceback(result)
        assert result.stdout.strip(), args


def test_links_with_a_report_and_without_one(demo_project, tmp_path):
    good = run_build_py_process("links", FIXTURES / "lychee-rapport.json", project=demo_project)
    assert good.returncode == 0, good.stderr
    missing = run_build_py_process("links", tmp_path / "geen.json", project=demo_project)
    assert missing.returncode == 1
    for result in (good, missing):
        no_traceback(result)


def test_a_mistake_in_the_arguments_is_a_usage_message():
    result = run_build_py_process("bouw")
    assert result.returncode == 2
    no_traceback(result)
    assert "usage: build.py" in result.stderr


def test_serve_answers_and_stops_on_ctrl_c(demo_project, tmp_path):
    port = free_port()
    # build.py as a person starts it from a terminal: a test run started in the background
    # ignores Ctrl+C (the shell's rule for `&`), and its children would inherit that
    start = (
        "import runpy, signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
        "sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[0], run_name='__main__')"
    )
    command = [sys.executable, "-c", start, str(PROJECT / "build.py")]
    command += ["--project", str(demo_project), "serve", "--port", str(port)]
    log = tmp_path / "serve.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            command,
            cwd=PROJECT,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while f"http://127.0.0.1:{port}/" not in log.read_text():
            assert process.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "the live site did not start within 60 s"
            time.sleep(0.1)
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/zoeken/?q=werk") as page:
                    assert page.status == 200
                    break
            except OSError:
                assert process.poll() is None, log.read_text()
                assert time.monotonic() < deadline, "the live site did not answer within 60 s"
                time.sleep(0.1)
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            pytest.fail(f"still running 30 s after Ctrl+C:\n{log.read_text()}")
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    printed = log.read_text()
    assert process.returncode in (0, 130), printed
    assert "Traceback" not in printed, printed
