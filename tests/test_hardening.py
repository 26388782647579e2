"""The second round of hardening: files that are not files, reserved and overlong names, the one
rule for visible text in Python and JavaScript alike, spreadsheet formulas in the CSV export and
mail links built by encoding. The corpus cases are in tests/hostile; these need a file system or
Node."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess

import pytest
from conftest import PROJECT, run_build_py

NODE = shutil.which("node")


def check(project):
    result = run_build_py("check", "--zonder-waarschuwingen", project=project, timeout=20)
    assert "Traceback" not in result.stdout + result.stderr
    return result


def test_a_fifo_in_entries_is_refused_without_hanging(demo_project):
    os.mkfifo(demo_project / "entries" / "pijp.yaml")
    result = check(demo_project)  # the timeout fails the test if the check would read the pipe
    assert result.returncode == 1
    assert "entries/pijp.yaml:1:1: (bestandsnaam): geen gewoon bestand" in result.stdout


def test_folders_in_entries_other_than_the_knowledge_base_are_an_error(demo_project):
    (demo_project / "entries" / "archief").mkdir()
    shutil.copy(
        demo_project / "entries" / "uwv.yaml", demo_project / "entries" / "archief" / "oud.yaml"
    )
    result = check(demo_project)
    assert (
        result.returncode == 1
        and "entries/archief/:1:1: (map): een map hoort niet in entries/" in result.stdout
    )


def test_symlinked_folders_are_refused(demo_project, tmp_path):
    knowledge = demo_project / "entries" / "kennisbank"
    shutil.move(knowledge, tmp_path / "elders")
    knowledge.symlink_to(tmp_path / "elders", target_is_directory=True)
    result = check(demo_project)
    assert (
        result.returncode == 1
        and "kennisbank" in result.stdout
        and "symbolische link" in result.stdout
    )


def test_the_entries_folder_itself_may_not_be_a_link(demo_project, tmp_path):
    entries = demo_project / "entries"
    shutil.move(entries, tmp_path / "echte-entries")
    entries.symlink_to(tmp_path / "echte-entries", target_is_directory=True)
    result = check(demo_project)
    assert (
        result.returncode == 1
        and "entries/:1:1: (map): deze map is een verwijzing" in result.stdout
    )


@pytest.mark.parametrize("name", ["con", "nul", "com1", "LPT9"])
def test_names_windows_reserves_are_refused(demo_project, name):
    shutil.copy(demo_project / "entries" / "uwv.yaml", demo_project / "entries" / f"{name}.yaml")
    result = check(demo_project)
    assert result.returncode == 1 and f"entries/{name}.yaml:1:1: (bestandsnaam)" in result.stdout


def test_an_overlong_id_is_refused(demo_project):
    name = "a" * 241
    shutil.copy(demo_project / "entries" / "uwv.yaml", demo_project / "entries" / f"{name}.yaml")
    result = check(demo_project)
    assert (
        result.returncode == 1 and "bestandsnaam is 241 tekens lang; maximaal 100" in result.stdout
    )


def test_spreadsheet_formulas_are_neutralised_but_phone_numbers_are_not():
    from directory.exports import spreadsheet_safe

    assert (
        spreadsheet_safe('=HYPERLINK("https://x.nl","klik")')
        == '\'=HYPERLINK("https://x.nl","klik")'
    )
    assert spreadsheet_safe("=cmd|' /C calc'!A0").startswith("'=")
    assert spreadsheet_safe("@SUM(A1)") == "'@SUM(A1)"
    assert spreadsheet_safe("+31 6 12345678") == "+31 6 12345678"
    assert spreadsheet_safe("-12") == "-12"
    assert spreadsheet_safe("Gratis.") == "Gratis."


def test_mail_links_are_built_by_encoding():
    from directory.render import mailto_href

    assert mailto_href("info@voorbeeld.nl") == "mailto:info@voorbeeld.nl"
    assert mailto_href("a?cc=b@c.nl") == "mailto:a%3Fcc%3Db@c.nl"


VISIBLE_CASES = [
    "RMC Dronten",
    "RMC Dro\u034fnten",
    "RMC Dronten\u2800",
    "Gratis \u202e.oruE",
    "a\u200bb",
    "Jongeren\u00adwerk",
    "\u3164",
    "tag\U000e0041",
    "emoji \U0001f600",
    "café",
    "ß",
    "\u2066x\u2069",
    "regel\u2028scheiding",
    "nel\u0085",
    "del\u007f",
    "tab\tmag",
    "twee\nregels",
]


@pytest.mark.skipif(not NODE, reason="Node.js is not installed; `make test` needs it")
def test_the_rule_for_visible_text_reads_alike_in_python_and_javascript():
    """One definition ($defs.zichtbaar in the entry schema), used by the check (Python) and by
    the propose form (JavaScript, the 'u' flag as @cfworker/json-schema uses it)."""
    pattern = json.loads(
        (PROJECT / "directory" / "data" / "entry.schema.json").read_text(encoding="utf-8")
    )["$defs"]["zichtbaar"]["pattern"]
    python = [bool(re.match(pattern, text)) for text in VISIBLE_CASES]
    script = (
        f"const r = new RegExp({json.dumps(pattern)}, 'u'); "
        f"console.log(JSON.stringify({json.dumps(VISIBLE_CASES)}.map(t => r.test(t))));"
    )
    javascript = json.loads(
        subprocess.run([NODE, "-e", script], capture_output=True, text=True, check=True).stdout
    )
    assert python == javascript
    assert python == [
        True,
        False,
        False,
        False,
        False,
        False,
        False,
        False,
        True,
        True,
        True,
        False,
        False,
        False,
        False,
        True,
        True,
    ]


def test_the_markdown_bounds_are_checked_for_articles_too(demo_project):
    article = demo_project / "entries" / "kennisbank" / "startkwalificatie.md"
    article.write_text(
        article.read_text(encoding="utf-8") + "\n\n" + "[" * 40 + "\n", encoding="utf-8"
    )
    result = check(demo_project)
    assert result.returncode == 1 and re.search(
        r"startkwalificatie\.md:\d+:1: \(tekst\): alinea met 40 keer '\['", result.stdout
    )


@pytest.mark.skipif(not NODE, reason="Node.js is not installed; `make test` needs it")
def test_the_form_and_the_check_give_the_same_verdict_on_the_corpora():
    """The propose form validates with @cfworker/json-schema in the browser, the check with the same
    schema in Python: over every corpus file that reads as YAML, both must say the same."""
    from directory.catalogue import _validator
    from directory.yamlsource import SourceError, decode, load

    schema_path = PROJECT / "directory" / "data" / "entry.schema.json"
    cases = {}
    for path in sorted(
        [
            *(PROJECT / "tests" / "hostile").glob("*.yaml"),
            *(PROJECT / "tests" / "broken").glob("*.yaml"),
        ]
    ):
        try:
            data = load(decode(path.read_bytes())).data  # as the check reads it: dates as text
            json.dumps(data, allow_nan=False)
        except (SourceError, TypeError, ValueError):  # not an entry the form could have made
            continue
        if isinstance(data, dict):
            cases[path.name] = data
    assert len(cases) >= 50
    validator = _validator("schema.yaml")
    python = {name: validator.passes(data) for name, data in cases.items()}
    script = (
        "const {Validator} = require("
        + json.dumps(str(PROJECT / "node_modules" / "@cfworker" / "json-schema"))
        + ");"
        "const fs = require('fs');"
        f"const schema = JSON.parse(fs.readFileSync({json.dumps(str(schema_path))}, 'utf8'));"
        "const cases = JSON.parse(fs.readFileSync(0, 'utf8'));"
        "const v = new Validator(schema, '2020-12', false);"
        "const out = {}; for (const [k, d] of Object.entries(cases)) out[k] = v.validate(d).valid;"
        "console.log(JSON.stringify(out));"
    )
    run = subprocess.run(
        [NODE, "-e", script], input=json.dumps(cases), capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr[-2000:]
    javascript = json.loads(run.stdout)
    differ = {
        name: (python[name], javascript[name]) for name in cases if python[name] != javascript[name]
    }
    assert not differ, differ


def test_names_are_compared_by_their_confusable_skeleton(demo_project):
    """A whole name in Cyrillic letters that look Latin ("Тор" for "Top") passes the mixed-script
    rule, but its skeleton equals the Latin name's: two entries with one name."""
    from directory.checks import _name_key

    # Т, о, р Cyrillic
    assert _name_key("Top Jobs") == _name_key("Тор Jobs".replace("Jobs", "Jobs"))
    assert _name_key("Café Urk") != _name_key("Cafe Urk")  # an accent is a different name
    source = (demo_project / "entries" / "uwv.yaml").read_text(encoding="utf-8")
    name = source.split("\n")[1]
    # Cyrillic о
    look_alike = name.replace("UWV (", "UWV (").replace(
        "Uitvoeringsinstituut", "Uitvоeringsinstituut"
    )
    (demo_project / "entries" / "uwv-kopie.yaml").write_text(
        source.replace(name, look_alike), encoding="utf-8"
    )
    result = check(demo_project)
    assert result.returncode == 1 and "uwv-kopie.yaml" in result.stdout


def test_an_article_title_with_a_right_to_left_override_is_refused(demo_project):
    article = demo_project / "entries" / "kennisbank" / "startkwalificatie.md"
    text = article.read_text(encoding="utf-8")
    title = next(line for line in text.split("\n") if line.startswith("titel:"))
    article.write_text(text.replace(title, title + " \u202eredro"), encoding="utf-8")
    result = check(demo_project)
    assert result.returncode == 1 and re.search(
        r"startkwalificatie\.md:2:\d+: titel: bevat een onzichtbaar", result.stdout
    ), result.stdout
