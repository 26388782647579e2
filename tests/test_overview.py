"""The overview and the review list, recomputed independently from the catalogue."""

from __future__ import annotations

import datetime as dt
import functools

import yaml
from conftest import PROJECT, run_build_py

from directory import overview
from directory.review import reasons_for, review

FOCUS = ["lelystad", "dronten", "urk", "noordoostpolder", "almere", "zeewolde"]


def raw_entries():
    """The catalogue read straight from the YAML files, without the project's loader."""
    entries = []
    for path in sorted((PROJECT / "entries").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data["slug"] = path.stem
        data.setdefault("status", "actief")
        entries.append(data)
    return entries


@functools.cache
def region_of(municipality):
    terms = yaml.safe_load(
        (PROJECT / "directory" / "data" / "vocabulaires" / "gemeenten.yaml").read_text(
            encoding="utf-8"
        )
    )
    return {t["id"]: t["regio"] for t in terms}[municipality]


def serves(data, municipality):
    if data.get("gemeenten"):
        return municipality in data["gemeenten"]
    return data["regio"] in ("landelijk", region_of(municipality))


def test_every_matrix_count_matches_an_independent_count(real_catalogue):
    catalogue = real_catalogue.catalogue
    doors = [e for e in raw_entries() if e["status"] != "beeindigd" and e["vorm"] == "dienst"]
    # a municipality matrix counts running or paused doors of the municipality or its region
    usable_here = [e for e in doors if e["status"] != "onbekend" and e["regio"] != "landelijk"]
    for matrix_id, matrix in overview.MATRICES.items():
        table = overview.matrix_table(catalogue, matrix)
        row_field, column_field = matrix.rows[0], matrix.columns[0]
        for (row, column), count in table["counts"].items():
            if column_field == "gemeenten":
                expected = sum(
                    1 for e in usable_here if row in (e.get(row_field) or []) and serves(e, column)
                )
            else:
                entries = doors
                expected = sum(
                    1
                    for e in entries
                    if row in (e.get(row_field) or []) and column in (e.get(column_field) or [])
                )
            assert count == expected, (matrix_id, row, column)
        assert {(r.id, c.id) for r, c in table["gaps"]} == {
            k for k, n in table["counts"].items() if n == 0
        }


def test_side_by_side_lists_only_each_municipalitys_own_entries(real_catalogue):
    rows = overview.side_by_side(real_catalogue.catalogue, FOCUS)
    for row in rows:
        for municipality, entries in row["cellen"].items():
            for entry in entries:
                assert (
                    municipality in entry["gemeenten"]
                    and row["categorie"].id in entry["categorieen"]
                )


def test_overlap_clusters_serve_a_shared_municipality(real_catalogue):
    from directory import search

    catalogue = real_catalogue.catalogue
    related = search.related_entries(search.build_index(catalogue))
    for cluster in overview.overlap_clusters(catalogue, related):
        assert len(cluster["entries"]) > 1
        assert all(e["status"] != "beeindigd" for e in cluster["entries"])


def test_review_reasons(real_catalogue):
    entry = dict(real_catalogue.catalogue.by_slug["uwv"], gecontroleerd="2026-01-05")
    assert "verouderd" in reasons_for(entry, dt.date(2027, 2, 10))
    assert "verouderd" not in reasons_for(entry, dt.date(2026, 12, 6))
    assert "nooit-gecontroleerd" in reasons_for(
        real_catalogue.catalogue.by_slug["uwv"], dt.date(2026, 12, 6)
    )
    grouped = review(real_catalogue.catalogue)
    flagged = {item.entry.slug for items in grouped.values() for item in items}
    running = [e for e in raw_entries() if e["status"] != "beeindigd"]
    expected = {
        e["slug"]
        for e in running
        if e["status"] == "onbekend" or not (e.get("contact") or e.get("locaties"))
    }
    assert expected <= flagged


def test_review_command(demo_project):
    result = run_build_py("review", "--markdown", project=demo_project)
    assert result.returncode == 0
    assert result.stdout.startswith("# Aanbod om te herzien")
    assert "entries/uwv.yaml" in result.stdout


def test_a_cell_page_lists_the_cell_and_only_cells_of_the_matrix_exist(real_catalogue, real_index):
    from directory.app import create_app

    client = create_app(real_catalogue.catalogue, real_index).test_client()
    page = client.get("/overzicht/categorie-gemeente/rmc/urk/")
    assert page.status_code == 200
    expected = overview.cell_entries(
        real_catalogue.catalogue, overview.MATRICES["categorie-gemeente"], "rmc", "urk"
    )
    assert expected and all(f'/aanbod/{e.slug}/"' in page.text for e in expected)
    for missing in (
        "rmc/hilversum",
        "rmc/nergens",
        "geen-categorie/urk",
    ):  # Hilversum is not in Flevoland
        assert client.get(f"/overzicht/categorie-gemeente/{missing}/").status_code == 404, missing
