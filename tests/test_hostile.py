"""Hostile and broken input: `build.py check` answers every file in tests/hostile/ (and the big or
binary ones generated below) with the expected exit status, without hanging, without a traceback,
with a message in the documented one-line form that names the file, its line and field, and
without running anything the file asks for.

The corpus files start with ``# verwacht: EXIT FIELD [LINE[:COLUMN]]`` (``# verwacht: 0 -`` for a
file the check must accept), then comment lines with what the file tries; two optional comment
lines add checks: ``# melding: REGEX`` (some output line must match) and ``# niet: TEXT`` (the
output must not contain it). ``__MARKER__`` in a corpus file is replaced by the path of a file that
must not exist afterwards. Files that cannot carry a comment (a byte-order mark, other encodings,
NUL bytes, more than 100 KB) are generated into tmp_path from the GENERATED table.

Files marked in XFAIL show bugs in the loader or the checks; each reason says what goes wrong.
Remove a file's mark when its bug is fixed (the marks are strict: a fixed bug fails the test
until its mark is gone).
"""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import DEMO, PROJECT, run_build_py, run_build_py_forked, run_build_py_process

HOSTILE = PROJECT / "tests" / "hostile"
CORPUS = sorted(HOSTILE.glob("*.yaml"))
TIMEOUT = 5.0  # a check still busy after this is stopped and the test fails (a hang, not a speed
# target: speed is measured in benchmarks/, e.g. fuzz.py counts a slow example as a crash)
HEADER = re.compile(
    r"^# verwacht: (?P<exit>[01]) (?P<field>\S+)(?: (?P<line>\d+)(?::(?P<column>\d+))?)?$"
)
SUMMARY = re.compile(
    r"^\d+ fout\(en\), \d+ waarschuwing\(en\); \d+ aanbod en \d+ artikel\(en\) zonder fouten\.$"
)
MARKER = "__MARKER__"


@dataclass
class Expectation:
    exit: int
    field: str = "-"
    line: int | None = None
    column: int | None = None
    # regexes some output line must match
    messages: list[str] = dataclasses.field(default_factory=list)
    absent: list[str] = dataclasses.field(default_factory=list)  # texts the output must not contain


def read_expectation(path: Path) -> Expectation:
    lines = path.read_text(encoding="utf-8").split("\n")
    match = HEADER.match(lines[0])
    assert match, f"{path.name}: the first line must be '# verwacht: EXIT FIELD [LINE[:COLUMN]]'"
    expectation = Expectation(
        int(match["exit"]),
        match["field"],
        int(match["line"]) if match["line"] else None,
        int(match["column"]) if match["column"] else None,
    )
    for line in lines[1:]:
        if not line.startswith("#"):
            break
        if line.startswith("# melding: "):
            expectation.messages.append(line[len("# melding: ") :])
        elif line.startswith("# niet: "):
            expectation.absent.append(line[len("# niet: ") :])
    return expectation


# ------------------------------------------------------------------------------------------------
# Generated files: binary, other encodings, or too big to commit.

VALID = (
    "naam: Voorbeeldaanbod\n"  # line 1
    "organisatie: Gemeente Urk\n"  # 2
    "samenvatting: Een korte uitleg in gewone taal.\n"  # 3
    "categorieen: [rmc]\n"  # 4
    "regio: flevoland\n"  # 5
    "gemeenten: [urk]\n"  # 6
    'bronnen: ["001_b7765ea36592d239.txt:17"]\n'  # 7
    "vorm: dienst\n"  # 8
)
WORDS = (
    "jongeren werk school stage coach loket zorg uitkering leerwerkplek gemeente traject "
    "begeleiding schulden wonen opleiding diploma startkwalificatie praktijk"
).split()


def _exactly(prefix: str, size: int) -> bytes:
    """``prefix`` followed by varied Dutch words on one line, exactly ``size`` bytes in all."""
    out, i = [prefix], 0
    length = len(prefix.encode())
    while length < size - 1:
        word = WORDS[i % len(WORDS)] + str(i % 97) + " "
        out.append(word)
        length += len(word)
        i += 1
    text = "".join(out)[: size - 1] + "\n"
    assert len(text.encode()) == size
    return text.encode()


def _mixed_list(count: int) -> str:
    return "[" + ", ".join(f"{i}, x{i}" for i in range(count // 2)) + "]"


GENERATED: dict[str, tuple] = {
    # name: (function returning the bytes, Expectation)
    "bom.yaml": (lambda: b"\xef\xbb\xbf" + VALID.encode(), Expectation(1, "(bestand)", 1, 1)),
    "utf16.yaml": (lambda: VALID.encode("utf-16"), Expectation(1, "(bestand)", 1, 1)),
    "latin1.yaml": (
        lambda: VALID.replace("Voorbeeldaanbod", "Café De Kroeg").encode("latin-1"),
        Expectation(1, "(bestand)", 1, 10),
    ),
    "nul-teken.yaml": (
        lambda: VALID.replace("Een korte", "Een\x00korte").encode(),
        Expectation(1, "(bestand)", 3, 18),
    ),
    "leeg.yaml": (lambda: b"", Expectation(1, "(bestand)", 1, 1)),
    "te-groot.yaml": (
        lambda: _exactly(VALID + "beschrijving: ", 1_000_001),
        Expectation(1, "(bestand)", 1, 1),
    ),
    "tien-mb-tekst.yaml": (
        lambda: b"naam: " + b"a" * 10_000_000 + b"\n",
        Expectation(1, "(bestand)", 1, 1),
    ),
    # a description past the Markdown limit of 100,000 characters (render.MARKDOWN_LIMITS)
    "lange-regel-precies-1-mb.yaml": (
        lambda: _exactly(VALID + "beschrijving: ", 1_000_000),
        Expectation(1, "beschrijving", 9, 1),
    ),
    "lange-naam.yaml": (
        lambda: _exactly("naam: ", 500_000) + VALID.split("\n", 1)[1].encode(),
        Expectation(1, "naam", 1, 7),
    ),
    "lang-woord.yaml": (
        lambda: (VALID + "beschrijving: " + "werk" * 75_000 + "\n").encode(),
        Expectation(1, "beschrijving", 9, 1),
    ),
    "beschrijving-op-de-grens.yaml": (
        lambda: (VALID + "beschrijving: " + "werk " * 999 + "\n").encode(),
        Expectation(0),
    ),
    "crlf.yaml": (lambda: VALID.replace("\n", "\r\n").encode(), Expectation(0)),
    "crlf-met-fout.yaml": (
        lambda: (VALID + "status: bezig\n").replace("\n", "\r\n").encode(),
        Expectation(1, "status", 9, 9),
    ),
    # a lone carriage return hides a key from a diff view: refused where it stands
    "alleen-cr.yaml": (
        lambda: (VALID + "status: bezig\n").replace("\n", "\r").encode(),
        Expectation(1, "(bestand)", 1, 22),
    ),
    "cr-verstopt-sleutel.yaml": (
        lambda: (VALID + "status: onbekend\r# x\rkosten: Gratis.\n").encode(),
        Expectation(1, "(bestand)", 9, 17),
    ),
    "markdown-haken-25kb.yaml": (
        lambda: (VALID + "beschrijving: |\n  " + "[" * 25_000 + "\n").encode(),
        Expectation(1, "beschrijving", 10, 1),
    ),
    "markdown-backticks.yaml": (
        lambda: (VALID + "beschrijving: |\n  " + "`" * 40_000 + "\n").encode(),
        Expectation(1, "beschrijving", 10, 1),
    ),
    "markdown-nadruk.yaml": (
        lambda: (VALID + "beschrijving: |\n  " + "_a" * 20_000 + "\n").encode(),
        Expectation(1, "beschrijving", 10, 1),
    ),
    "stuurteken-del.yaml": (
        lambda: VALID.replace("Een korte", "Een\x7fkorte").encode(),
        Expectation(1, "(bestand)", 3, 18),
    ),
    "diep-genest-blok-100000.yaml": (
        lambda: ("naam:\n  " + "- " * 100_000 + "x\n").encode(),
        Expectation(1, "naam" + "[1]" * 12, 2),
    ),
    "diep-genest-lijst-50000.yaml": (
        lambda: ("naam: " + "[" * 50_000 + "]" * 50_000 + "\n").encode(),
        Expectation(1, "naam" + "[1]" * 12, 1),
    ),
    "diep-genest-mapping-22000.yaml": (
        lambda: ("naam: " + "{a: " * 22_000 + "b" + "}" * 22_000 + "\n").encode(),
        Expectation(1, "naam" + ".a" * 12, 1),
    ),
    "uniek-kwadratisch.yaml": (
        lambda: (VALID + f"doelgroepen: {_mixed_list(10_000)}\n").encode(),
        Expectation(1, "doelgroepen", 9),
    ),  # refused: longer than any real list
    "veel-onbekende-velden.yaml": (
        lambda: (VALID + "".join(f"k{i}: 1\n" for i in range(100_000))).encode(),
        Expectation(1, "(bestand)", 501, 1),
    ),  # refused at the 501st key
    "veel-dubbele-sleutels.yaml": (
        lambda: (VALID + "kosten: Gratis.\n" * 20_000).encode(),
        Expectation(1, "kosten", 10, 1),
    ),
}

XFAIL: dict[str, str] = {}  # file name -> why it fails; empty: every bug found so far is fixed


def corpus_cases():
    for path in CORPUS:
        marks = (
            [pytest.mark.xfail(strict=True, reason=XFAIL[path.name])] if path.name in XFAIL else []
        )
        yield pytest.param(path, id=path.name, marks=marks)


def generated_cases():
    for name in GENERATED:
        marks = [pytest.mark.xfail(strict=True, reason=XFAIL[name])] if name in XFAIL else []
        yield pytest.param(name, id=name, marks=marks)


# ------------------------------------------------------------------------------------------------
# Running the check and judging what it says


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str


def run_check(project: Path, *args: str, env: dict | None = None) -> Run:
    """``build.py check`` in a forked copy of the test process (a crash or a payload that exits
    ends the copy, not the run), failing the test after TIMEOUT; with an ``env``, as a process of
    its own (what the interpreter does with the output's encoding)."""
    if env is None:
        result = run_build_py_forked("check", *args, project=project, timeout=TIMEOUT)
    else:
        try:
            result = run_build_py_process("check", *args, project=project, env=env, timeout=60)
        except subprocess.TimeoutExpired:
            pytest.fail("`build.py check` did not finish within 60 s")
    return Run(result.returncode, result.stdout, result.stderr)


@pytest.fixture(scope="module")
def baseline(tmp_path_factory) -> set[str]:
    """What the check prints for the demo project alone (its warnings). Run in the test process
    itself, so that what the check loads once (vocabularies, schema validators) is loaded before
    the forked copies start, not again in each."""
    project = tmp_path_factory.mktemp("baseline") / "project"
    shutil.copytree(DEMO, project)
    run = run_build_py("check", project=project)
    assert run.returncode == 0, run.stdout + run.stderr
    return set(run.stdout.splitlines())


def assert_judged(
    name: str, expected: Expectation, run: Run, baseline: set[str], marker: Path | None = None
):
    output = run.stdout + run.stderr
    shown = (
        f"\n--- stdout (first 3,000 characters)\n{run.stdout[:3000]}"
        f"\n--- stderr\n{run.stderr[-3000:]}"
    )
    assert run.returncode >= 0, f"the check was killed by signal {-run.returncode}{shown}"
    assert "Traceback" not in output, f"a Python traceback{shown}"
    assert run.returncode == expected.exit, (
        f"exit {run.returncode}, expected {expected.exit}{shown}"
    )
    if marker is not None:
        assert not marker.exists(), "the file's payload ran: the marker file exists"

    display = re.escape(f"entries/{name}")
    if expected.exit:
        line = str(expected.line) if expected.line else r"\d+"
        column = str(expected.column) if expected.column else r"\d+"
        wanted = re.compile(
            rf"^{display}:{line}:{column}: {re.escape(expected.field)}: (?!waarschuwing: )\S", re.M
        )
        assert wanted.search(run.stdout), (
            f"expected an error 'entries/{name}:{line}:{column}: {expected.field}: ...'{shown}"
        )
    else:
        errors = re.compile(rf"^{display}:\d+:\d+: \S+: (?!waarschuwing: )", re.M)
        assert not errors.search(run.stdout), f"expected no error for entries/{name}{shown}"

    # One message per line, in the documented form, each naming this file; the demo's own
    # warnings aside. A message with a line break or a forged line fails here.
    new = [line for line in run.stdout.splitlines() if line not in baseline]
    form = re.compile(r"^entries/[^\n]+:\d+:\d+: [^\n]+: \S")
    for line in new:
        assert form.match(line) and f"entries/{name}" in line, (
            f"unexpected output line {line[:300]!r}{shown}"
        )
    repeated = {line for line in new if new.count(line) > 1} if len(new) < 5000 else set()
    assert not repeated, f"messages printed more than once: {sorted(repeated)[:5]}{shown}"
    stderr_lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert len(stderr_lines) == 1 and SUMMARY.match(stderr_lines[0]), (
        f"stderr should hold only the summary{shown}"
    )

    for pattern in expected.messages:
        assert re.search(pattern, run.stdout, re.M), f"no output line matches {pattern!r}{shown}"
    for text in expected.absent:
        assert text not in output, f"the output should not contain {text!r}{shown}"


# ------------------------------------------------------------------------------------------------
# The tests


def test_the_corpus_is_large_enough_and_every_file_says_what_it_expects():
    assert len(CORPUS) + len(GENERATED) >= 40
    assert len(CORPUS) >= 40
    for path in CORPUS:
        read_expectation(path)
        assert path.stat().st_size < 100_000, (
            f"{path.name}: generate files over 100 KB in the test instead"
        )
    assert not set(GENERATED) & {p.name for p in CORPUS}
    assert set(XFAIL) <= set(GENERATED) | {p.name for p in CORPUS}, "an XFAIL entry names no file"


@pytest.mark.parametrize("path", list(corpus_cases()))
def test_hostile_corpus_file(path: Path, demo_project: Path, tmp_path: Path, baseline):
    expected = read_expectation(path)
    marker = tmp_path / "pwned"
    raw = path.read_bytes().replace(MARKER.encode(), str(marker).encode())
    (demo_project / "entries" / path.name).write_bytes(raw)
    run = run_check(demo_project)
    assert_judged(path.name, expected, run, baseline, marker)


@pytest.mark.parametrize("name", list(generated_cases()))
def test_generated_hostile_file(name: str, demo_project: Path, baseline):
    make, expected = GENERATED[name]
    (demo_project / "entries" / name).write_bytes(make())
    run = run_check(demo_project)
    assert_judged(name, expected, run, baseline)


def test_python_payloads_in_the_corpus_would_really_create_the_marker(tmp_path):
    """The payloads are live: loaded unsafely they do what the check must never let them do."""
    import yaml

    marker = tmp_path / "pwned"
    text = (
        (HOSTILE / "python-object-apply-os-system.yaml")
        .read_text(encoding="utf-8")
        .replace(MARKER, str(marker))
    )
    yaml.unsafe_load(text)
    assert marker.exists()


def test_a_file_name_that_is_not_utf8(demo_project: Path, baseline):
    entries = os.fsencode(demo_project / "entries")
    try:
        with open(os.path.join(entries, b"caf\xe9.yaml"), "wb") as handle:
            handle.write(VALID.encode())
    except OSError:
        pytest.skip("this file system refuses file names that are not UTF-8")
    run = run_check(demo_project, env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    assert "Traceback" not in run.stdout + run.stderr, run.stderr[-2000:]
    assert run.returncode == 1
    assert re.search(r"^entries/caf.*\.yaml:1:1: \(bestandsnaam\): ", run.stdout, re.M), run.stdout


def test_a_symlink_out_of_the_project_is_refused(demo_project: Path, tmp_path: Path):
    secret = tmp_path / "elders.yaml"
    secret.write_text(VALID.replace("Voorbeeldaanbod", "GEHEIM-7f3a"), encoding="utf-8")
    try:
        (demo_project / "entries" / "link.yaml").symlink_to(secret)
    except OSError:
        pytest.skip("no symbolic links here")
    run = run_check(demo_project)
    assert run.returncode == 1
    assert re.search(r"^entries/link\.yaml:1:1: \S+: ", run.stdout, re.M), run.stdout
    assert "GEHEIM-7f3a" not in run.stdout + run.stderr


def test_github_annotations_escape_hostile_file_names(demo_project: Path):
    (demo_project / "entries" / "a,b:c.yaml").write_text(VALID, encoding="utf-8")
    run = run_check(demo_project, "--github")
    assert run.returncode == 1
    assert "::error file=entries/a%2Cb%3Ac.yaml,line=1,col=1::(bestandsnaam): " in run.stdout, (
        run.stdout
    )
