"""`build.py check`: every broken file is explained with its file, line and field, in Dutch."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import PROJECT, run_build_py

from directory.catalogue import load_catalogue
from directory.schema import SCHEMAS, build_schema, render
from directory.vocabularies import DATA_DIR, load_vocabularies

BROKEN = sorted((PROJECT / "tests" / "broken").glob("*.yaml"))
EXPECTATION = re.compile(r"^# verwacht: (\d+) (\S+)")


def expectation(path: Path) -> tuple[int, str]:
    line, field = EXPECTATION.match(path.read_text(encoding="utf-8").splitlines()[0]).groups()
    return int(line), field


def test_the_corpus_has_at_least_twenty_broken_files():
    assert len(BROKEN) >= 20


def test_the_demo_project_is_clean(demo_project):
    result = run_build_py("check", project=demo_project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 fout(en)" in result.stderr


@pytest.mark.parametrize("broken", BROKEN, ids=[p.stem for p in BROKEN])
def test_a_broken_entry_is_reported_with_file_line_and_field(broken, demo_project):
    shutil.copy(broken, demo_project / "entries" / broken.name)
    line, field = expectation(broken)
    result = run_build_py("check", "--zonder-waarschuwingen", project=demo_project)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    pattern = re.compile(
        rf"^entries/{re.escape(broken.name)}:{line}:\d+: {re.escape(field)}: \S", re.M
    )
    assert pattern.search(result.stdout), (
        f"expected line {line}, field {field} in:\n{result.stdout}"
    )


def test_suggestions_for_misspelt_keys_and_ids(demo_project):
    for name in ("tikfout-in-veld", "onbekende-gemeente", "onbekende-categorie"):
        shutil.copy(PROJECT / "tests" / "broken" / f"{name}.yaml", demo_project / "entries")
    out = run_build_py("check", project=demo_project).stdout
    assert "bedoel je 'doelgroepen'?" in out
    assert "bedoel je 'lelystad'?" in out
    assert "bedoel je 'werk-en-inkomen'?" in out


def test_warnings_do_not_fail_the_check(demo_project):
    entry = demo_project / "entries" / "uwv.yaml"
    text = (
        re.sub(r"gecontroleerd: .*\n", "", entry.read_text(encoding="utf-8"))
        + "gecontroleerd: 2020-01-01\n"
    )
    entry.write_text(
        text + "status: onbekend\n"
        if "status:" not in text
        else text.replace("status: actief", "status: onbekend"),
        encoding="utf-8",
    )
    result = run_build_py("check", project=demo_project)
    assert result.returncode == 0
    assert re.search(
        r"entries/uwv.yaml:\d+:\d+: gecontroleerd: waarschuwing: al \d+ maanden niet gecontroleerd",
        result.stdout,
    )
    assert re.search(
        r"entries/uwv.yaml:\d+:\d+: status: waarschuwing: status onbekend", result.stdout
    )
    assert re.search(
        r"entries/uwv.yaml:\d+:\d+: contact: waarschuwing: geen manier om contact op te nemen",
        result.stdout,
    )


def test_review_age_is_counted_from_today(demo_project):
    for name in ("uwv", "urk-leerplicht"):
        entry = demo_project / "entries" / f"{name}.yaml"
        entry.write_text(
            entry.read_text(encoding="utf-8") + "gecontroleerd: 2026-11-23\n", encoding="utf-8"
        )
    fresh = load_catalogue(demo_project, today=dt.date(2026, 12, 1))
    later = load_catalogue(demo_project, today=dt.date(2028, 1, 1))
    assert not [p for p in fresh.warnings if p.field == "gecontroleerd"]
    checked = [e for e in later.catalogue.entries if e.get("gecontroleerd")]
    assert checked and len([p for p in later.warnings if p.field == "gecontroleerd"]) == len(
        checked
    )


def test_file_names_must_be_ids(demo_project):
    source = demo_project / "entries" / "uwv.yaml"
    shutil.copy(source, demo_project / "entries" / "Mijn Aanbod.yaml")
    out = run_build_py("check", project=demo_project).stdout
    assert "entries/Mijn Aanbod.yaml:1:1: (bestandsnaam): bestandsnaam 'Mijn Aanbod'" in out
    assert "'mijn-aanbod.yaml'" in out


def test_ids_that_differ_only_in_case_are_refused(demo_project):
    shutil.copy(demo_project / "entries" / "uwv.yaml", demo_project / "entries" / "UWV.yaml")
    result = run_build_py("check", project=demo_project)
    assert result.returncode == 1
    assert "verschilt alleen in hoofdletters" in result.stdout


def test_annotations_for_github(demo_project):
    shutil.copy(PROJECT / "tests" / "broken" / "onjuist-email.yaml", demo_project / "entries")
    out = run_build_py("check", "--github", project=demo_project).stdout
    assert (
        "::error file=entries/onjuist-email.yaml,line=11,col=10::"
        "contact.email: geen geldig e-mailadres" in out
    )


def test_committed_json_schemas_are_in_step_with_templates_and_vocabularies():
    vocabularies = load_vocabularies()
    for template, target in SCHEMAS.items():
        committed = (DATA_DIR / target).read_text(encoding="utf-8")
        assert committed == render(build_schema(template, vocabularies)), (
            f"run `python build.py schema` ({target})"
        )


def test_schema_lists_every_vocabulary_id():
    schema = json.loads((DATA_DIR / "entry.schema.json").read_text(encoding="utf-8"))
    vocabularies = load_vocabularies()
    assert schema["properties"]["categorieen"]["items"]["enum"] == vocabularies["categorieen"].ids
    assert schema["properties"]["gemeenten"]["items"]["enum"] == vocabularies["gemeenten"].ids
    for required in (
        "rmc",
        "werk-en-inkomen",
        "wsp",
        "llo",
        "mbo",
        "zorg",
        "onderwijs",
        "uwv",
        "welzijn",
    ):
        assert required in vocabularies["categorieen"]
    for municipality in ("lelystad", "dronten", "urk", "noordoostpolder"):
        assert vocabularies.region_of(municipality) == "flevoland"


def test_every_vocabulary_item_has_id_label_and_description():
    for vocabulary in load_vocabularies():
        for term in vocabulary:
            assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", term.id), (vocabulary.name, term.id)
            assert term.label and term.omschrijving, (vocabulary.name, term.id)


def test_check_warns_about_possible_duplicates(demo_project):
    source = (demo_project / "entries" / "uwv.yaml").read_text(encoding="utf-8")
    (demo_project / "entries" / "uwv-kopie.yaml").write_text(
        source.replace("naam: UWV", "naam: Kopie van UWV", 1), encoding="utf-8"
    )
    result = run_build_py("check", project=demo_project)
    assert result.returncode == 0
    assert re.search(
        r"entries/uwv-kopie.yaml:\d+:\d+: naam: waarschuwing: lijkt sterk op entries/uwv.yaml",
        result.stdout,
    )


def test_an_article_may_not_share_an_entrys_id(demo_project):
    article = demo_project / "entries" / "kennisbank" / "startkwalificatie.md"
    article.rename(article.with_name("uwv.md"))
    (demo_project / "entries" / "kennisbank" / ".gitkeep").write_text("")
    result = run_build_py("check", project=demo_project)
    assert result.returncode == 1
    assert (
        "entries/kennisbank/uwv.md:1:1: (bestandsnaam): "
        "id 'uwv' wordt al gebruikt door entries/uwv.yaml" in result.stdout
    )
    assert ".gitkeep" not in result.stdout


def test_missing_required_field_with_a_typo_is_explained(demo_project):
    entry = demo_project / "entries" / "uwv.yaml"
    entry.write_text(
        entry.read_text(encoding="utf-8").replace("naam:", "nam:", 1), encoding="utf-8"
    )
    out = run_build_py("check", project=demo_project).stdout
    assert "naam: verplicht veld ontbreekt (staat er een tikfout in 'nam'?)" in out
