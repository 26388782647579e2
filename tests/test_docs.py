"""Keep the docs and the code in step (the Datasette way)."""

from __future__ import annotations

import re
import shutil

import yaml
from conftest import PROJECT, run_build_py

from directory.vocabularies import DATA_DIR

DOCS = PROJECT / "docs"


def test_entry_format_table_lists_exactly_the_schema_fields():
    table = re.findall(
        r"^\| `([a-z_]+)` \|", (DOCS / "entry-format.md").read_text(encoding="utf-8"), re.M
    )
    schema = yaml.safe_load((DATA_DIR / "schema.yaml").read_text(encoding="utf-8"))
    assert table == list(schema["properties"])


def test_readme_starts_with_the_two_commands():
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    first_block = readme.split("```")[1]
    assert "make site" in first_block and "make test" in first_block
    assert "make test" in (PROJECT / ".ci" / "run").read_text(encoding="utf-8")


def test_every_command_in_the_readme_exists_and_every_command_is_documented():
    help_text = run_build_py("--help").stdout
    commands = set(re.findall(r"^\s{4}(\w+)\s", help_text, re.M)) - {"help"}
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"build\.py (\w+)", readme))
    assert documented <= commands, documented - commands
    assert commands <= documented | {"build"}, commands - documented


def test_architecture_names_every_module():
    text = (DOCS / "architecture.md").read_text(encoding="utf-8") + (
        PROJECT / "README.md"
    ).read_text(encoding="utf-8")
    for module in [
        *(PROJECT / "directory").glob("*.py"),
        *(PROJECT / "directory" / "search").glob("*.py"),
    ]:
        if module.stem != "__init__":
            assert f"{module.stem}.py" in text, module.name


def test_the_template_passes_the_check(demo_project):
    shutil.copy(DOCS / "sjabloon.yaml", demo_project / "entries" / "sjabloon.yaml")
    result = run_build_py("check", "--zonder-waarschuwingen", project=demo_project)
    assert result.returncode == 0, result.stdout


def test_benchmark_scripts_are_documented():
    text = (DOCS / "benchmarks.md").read_text(encoding="utf-8")
    for script in (PROJECT / "benchmarks").glob("*.py"):
        if script.stem not in ("__init__", "synthetic"):
            assert f"benchmarks/{script.name}" in text, script.name
