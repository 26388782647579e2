"""The scheduled link check: its workflow runs lychee and keeps one issue up to date; the review
and `build.py links` read its report (a fixture here: the check needs the internet)."""

from __future__ import annotations

import yaml
from conftest import PROJECT, run_build_py

from directory import links
from directory.catalogue import load_catalogue

FIXTURES = PROJECT / "tests" / "fixtures"
WORKFLOW = PROJECT / ".github" / "workflows" / "links.yml"


def dead_links(demo_project, report="lychee-rapport.json"):
    catalogue = load_catalogue(demo_project, warnings=False).catalogue
    return links.read_report(FIXTURES / report, catalogue, demo_project)


def test_the_report_becomes_dead_links_per_entry_with_their_lines(demo_project):
    dead = dead_links(demo_project)
    assert [(d.path, d.line, d.status) for d in dead] == [
        ("entries/jonca-gooi-en-vechtstreek.yaml", 35, "Network error: dns error"),
        (
            "entries/kennisbank/startkwalificatie.md",
            0,
            "410 Gone",
        ),  # absolute runner path, link gone since
        ("entries/urk-leerplicht.yaml", 39, "Timeout"),
        ("entries/urk-leerplicht.yaml", 45, "404 Not Found"),
    ]  # README.md is not part of the catalogue: left out


def test_the_older_report_shape_is_read_too(demo_project):
    assert [
        (d.path, d.url, d.status) for d in dead_links(demo_project, "lychee-rapport-oud.json")
    ] == [
        ("entries/jonca-gooi-en-vechtstreek.yaml", "http://www.jonca.nu/", "Failed: Network error")
    ]


def test_the_issue_text_names_each_entry_and_link(demo_project):
    text = links.as_text(dead_links(demo_project), markdown=True)
    assert text.startswith("# Dode links")
    assert "## Leerplicht" in text or "## Leerplicht Urk" in text
    assert (
        "- https://www.urk.nl/regionale-meld-en-coordinatiefunctie (404 Not Found; regel 45)"
        in text
    )
    assert links.as_text([], markdown=True) == "# Dode links\n\nGeen dode links gevonden.\n"


def test_build_py_links_and_review_read_the_report(demo_project):
    result = run_build_py("links", str(FIXTURES / "lychee-rapport.json"), project=demo_project)
    assert result.returncode == 0, result.stderr
    assert (
        "entries/urk-leerplicht.yaml:45: "
        "https://www.urk.nl/regionale-meld-en-coordinatiefunctie (404 Not Found)" in result.stdout
    )
    review = run_build_py(
        "review",
        "--links",
        str(FIXTURES / "lychee-rapport.json"),
        "--markdown",
        project=demo_project,
    )
    assert review.returncode == 0, review.stderr
    assert "# Aanbod om te herzien" in review.stdout and "# Dode links" in review.stdout


def test_an_unreadable_report_is_a_message_not_a_traceback(demo_project, tmp_path):
    for content, expected in (
        ("niet json", "geen JSON-rapport van lychee"),
        ("{}", "geen 'fail_map' of 'error_map'"),
    ):
        report = tmp_path / "rapport.json"
        report.write_text(content, encoding="utf-8")
        result = run_build_py("links", str(report), project=demo_project)
        assert (
            result.returncode == 1
            and expected in result.stderr
            and "Traceback" not in result.stderr
        )
    result = run_build_py("links", str(tmp_path / "weg.json"), project=demo_project)
    assert result.returncode == 1 and "bestaat niet" in result.stderr


def test_the_workflow_runs_weekly_checks_the_catalogue_and_keeps_one_issue():
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert "schedule" in triggers and "workflow_dispatch" in triggers
    assert workflow["permissions"] == {"contents": "read", "issues": "write"}
    steps = workflow["jobs"]["links"]["steps"]
    lychee = next(
        s for s in steps if str(s.get("uses", "")).startswith("lycheeverse/lychee-action@")
    )
    assert lychee["with"]["format"] == "json" and lychee["with"]["fail"] is False
    assert (
        "entries/**/*.yaml" in lychee["with"]["args"]
        and "entries/kennisbank/*.md" in lychee["with"]["args"]
    )
    report = lychee["with"]["output"]
    runs = " ".join(s.get("run", "") for s in steps)
    assert f"build.py links {report} --markdown" in runs
    issue = next(
        s for s in steps if str(s.get("uses", "")).startswith("peter-evans/create-issue-from-file@")
    )
    # updates the open issue, if there is one
    assert issue["with"]["issue-number"].startswith("${{ steps.")
    assert "dood != '0'" in issue["if"]  # no new issue for a week without dead links
