"""Keep the docs and the code in step (the Datasette way): each missing item is its own failure."""

from __future__ import annotations

import re
import shutil
from functools import cache

import pytest
import yaml
from conftest import PROJECT, run_build_py

from directory.vocabularies import DATA_DIR

DOCS = PROJECT / "docs"
MODULES = sorted(
    m
    for m in [
        *(PROJECT / "directory").glob("*.py"),
        *(PROJECT / "directory" / "search").glob("*.py"),
    ]
    if m.stem != "__init__"
)
BENCHMARKS = sorted(
    s for s in (PROJECT / "benchmarks").glob("*.py") if s.stem not in ("__init__", "synthetic")
)
SCHEMA_FIELDS = list(
    yaml.safe_load((DATA_DIR / "schema.yaml").read_text(encoding="utf-8"))["properties"]
)
DOC_PAGES = sorted(p.name for p in DOCS.glob("*.md"))


def read(path) -> str:
    return path.read_text(encoding="utf-8")


def format_table() -> list[str]:
    return re.findall(r"^\| `([a-z_]+)` \|", read(DOCS / "entry-format.md"), re.M)


@cache
def commands() -> frozenset[str]:
    help_text = run_build_py("--help").stdout
    return frozenset(set(re.findall(r"^\s{4}(\w+)\s", help_text, re.M)) - {"help"})


def readme_commands() -> set[str]:
    return set(re.findall(r"build\.py (\w+)", read(PROJECT / "README.md")))


@pytest.mark.parametrize("field", SCHEMA_FIELDS)
def test_every_schema_field_is_in_the_entry_format_table(field):
    assert field in format_table()


def test_the_entry_format_table_follows_the_schemas_order():
    assert format_table() == SCHEMA_FIELDS


def test_readme_starts_with_the_two_commands():
    first_block = read(PROJECT / "README.md").split("```")[1]
    assert "make site" in first_block and "make test" in first_block
    assert "make test" in read(PROJECT / ".ci" / "run")


@pytest.mark.parametrize("command", sorted(readme_commands()))
def test_every_command_in_the_readme_exists(command):
    assert command in commands()


@pytest.mark.parametrize(
    "command", ["build", "check", "schema", "serve", "search", "stats", "review", "links"]
)
def test_every_command_is_documented_in_the_readme(command):
    assert command in commands(), "a command listed here is gone from build.py --help"
    assert command in readme_commands() | {"build"}


def test_the_list_of_commands_above_is_complete():
    assert commands() == {"build", "check", "schema", "serve", "search", "stats", "review", "links"}


@pytest.mark.parametrize("module", MODULES, ids=[m.name for m in MODULES])
def test_architecture_names_every_module(module):
    text = read(DOCS / "architecture.md") + read(PROJECT / "README.md")
    assert f"{module.stem}.py" in text


@pytest.mark.parametrize("script", BENCHMARKS, ids=[s.name for s in BENCHMARKS])
def test_benchmark_scripts_are_documented(script):
    assert f"benchmarks/{script.name}" in read(DOCS / "benchmarks.md")


@pytest.mark.parametrize("page", DOC_PAGES)
def test_every_doc_page_is_linked_from_the_readme_or_another_doc(page):
    others = [read(PROJECT / "README.md"), read(PROJECT / "CONTRIBUTING.md")]
    others += [read(DOCS / name) for name in DOC_PAGES if name != page]
    assert any(page in text for text in others)


def test_the_template_passes_the_check(demo_project):
    shutil.copy(DOCS / "sjabloon.yaml", demo_project / "entries" / "sjabloon.yaml")
    result = run_build_py("check", "--zonder-waarschuwingen", project=demo_project)
    assert result.returncode == 0, result.stdout
