"""The overview for the working group and policy makers: where provision exists, where it is
missing and where it overlaps ("dubbelingen"), for the municipalities of the Flevoland region."""

from __future__ import annotations

from dataclasses import dataclass

from .catalogue import Catalogue, applies_in

OVERLAP_SIMILARITY = 0.35  # related entries at least this similar are shown as a possible overlap


@dataclass(frozen=True)
class Matrix:
    title: str
    rows: tuple  # (entry field, vocabulary)
    columns: tuple  # (entry field, vocabulary); field "gemeenten" applies the municipality rule
    column_ids: tuple | None = None  # restrict the columns (the Flevoland municipalities)
    row_heading: str = ""


# the Flevoland labour-market region
FOCUS = (
    "lelystad",
    "dronten",
    "urk",
    "noordoostpolder",
    "almere",
    "zeewolde",
)
MATRICES = {
    "categorie-gemeente": Matrix(
        "Soort aanbod per gemeente",
        ("categorieen", "categorieen"),
        ("gemeenten", "gemeenten"),
        FOCUS,
        "Soort aanbod",
    ),
    "doelgroep-fase": Matrix(
        "Doelgroep per fase", ("doelgroepen", "doelgroepen"), ("fasen", "fasen"), None, "Doelgroep"
    ),
    "leefgebied-gemeente": Matrix(
        "Leefgebied per gemeente",
        ("leefgebieden", "leefgebieden"),
        ("gemeenten", "gemeenten"),
        FOCUS,
        "Leefgebied",
    ),
}


def in_column(entry, matrix: Matrix, column: str, catalogue: Catalogue) -> bool:
    field, _ = matrix.columns
    if field == "gemeenten":
        return applies_in(entry, column, catalogue.vocabularies.region_of(column))
    return column in entry.ids(field)


def column_ids(catalogue: Catalogue, matrix: Matrix) -> list[str]:
    return list(matrix.column_ids or catalogue.vocabularies[matrix.columns[1]].ids)


def counted(entry, matrix: Matrix, wide: bool) -> bool:
    """Which entries a cell counts. By default only doors someone can use: ``dienst`` entries that
    have not ended, and in a municipality matrix only running or paused ones that are local or
    regional, so that a municipality without a door of its own shows a gap. ``wide`` also counts
    unknown status and national provision (municipality matrices) or every kind (the others)."""
    if entry["status"] == "beeindigd":
        return False
    if not municipal(matrix):
        return wide or entry.get("vorm") == "dienst"
    if entry.get("vorm") != "dienst":
        return False
    return wide or (entry["status"] != "onbekend" and entry["regio"] != "landelijk")


def municipal(matrix: Matrix) -> bool:
    return matrix.columns[0] == "gemeenten"


def cell_entries(
    catalogue: Catalogue, matrix: Matrix, row: str, column: str, wide: bool = False
) -> list:
    """The entries one cell counts (see ``counted``)."""
    return catalogue.memo(("matrix", matrix, wide), lambda: _cells(catalogue, matrix, wide)).get(
        (row, column), []
    )


def national_entries(catalogue: Catalogue, matrix: Matrix, row: str) -> list:
    """The national doors of a row of a municipality matrix: shown apart, never filling a gap."""
    return [
        e
        for e in catalogue.entries
        if e["regio"] == "landelijk"
        and e.get("vorm") == "dienst"
        and e["status"] != "beeindigd"
        and row in e.ids(matrix.rows[0])
    ]


def _cells(catalogue: Catalogue, matrix: Matrix, wide: bool) -> dict[tuple[str, str], list]:
    """Every cell of a matrix in one pass over the catalogue."""
    all_columns = column_ids(catalogue, matrix)
    cells: dict[tuple[str, str], list] = {}
    for entry in catalogue.entries:
        if not counted(entry, matrix, wide):
            continue
        columns = [c for c in all_columns if in_column(entry, matrix, c, catalogue)]
        for row in entry.ids(matrix.rows[0]):
            for column in columns:
                cells.setdefault((row, column), []).append(entry)
    return cells


def matrix_table(catalogue: Catalogue, matrix: Matrix, wide: bool = False) -> dict:
    vocab = catalogue.vocabularies
    rows = list(vocab[matrix.rows[1]])
    columns = [vocab[matrix.columns[1]].terms[c] for c in column_ids(catalogue, matrix)]
    counts = {
        (r.id, c.id): len(cell_entries(catalogue, matrix, r.id, c.id, wide))
        for r in rows
        for c in columns
    }
    gaps = [(r, c) for r in rows for c in columns if counts[(r.id, c.id)] == 0]
    national = (
        {r.id: len(national_entries(catalogue, matrix, r.id)) for r in rows}
        if municipal(matrix) and not wide
        else {}
    )
    return {"rows": rows, "columns": columns, "counts": counts, "gaps": gaps, "national": national}


def shade(count: int) -> str:
    """A CSS class by count, so the eye finds the empty and the thin cells first."""
    return "gap" if count == 0 else "thin" if count == 1 else "some" if count <= 3 else "many"


def overlap_clusters(catalogue: Catalogue, related: dict) -> list[dict]:
    """Groups of very similar active entries that serve the same municipality."""
    parent: dict[str, str] = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    by_slug = catalogue.by_slug
    for slug, others in related.items():
        for other, score in others:
            a, b = by_slug.get(slug), by_slug.get(other)
            if (
                not a
                or not b
                or score < OVERLAP_SIMILARITY
                or "beeindigd" in (a["status"], b["status"])
            ):
                continue
            if shared_municipalities(catalogue, a, b):
                parent[find(slug)] = find(other)
    groups: dict[str, list] = {}
    for slug in parent:
        groups.setdefault(find(slug), []).append(by_slug[slug])
    clusters = [sorted(g, key=lambda e: e["naam"]) for g in groups.values() if len(g) > 1]
    region_of = catalogue.vocabularies.region_of
    return [
        {
            "entries": c,
            "gemeenten": [m for m in FOCUS if all(applies_in(e, m, region_of(m)) for e in c)],
        }
        for c in sorted(clusters, key=lambda c: c[0]["naam"])
    ]


def shared_municipalities(catalogue: Catalogue, a, b) -> list[str]:
    region_of = catalogue.vocabularies.region_of
    return [
        m
        for m in FOCUS
        if applies_in(a, m, region_of(m))
        and applies_in(b, m, region_of(m))
        and not (a["regio"] == "landelijk" and b["regio"] == "landelijk")
    ]


def side_by_side(catalogue: Catalogue, municipalities) -> list[dict]:
    """Per kind of provision, each municipality's own entries (not regional or national ones)."""
    rows = []
    for category in catalogue.vocabularies["categorieen"]:
        having = catalogue.entries_with("categorieen", category.id)  # in catalogue order
        cells = {m: [e for e in having if m in (e.get("gemeenten") or [])] for m in municipalities}
        if any(cells.values()):
            rows.append({"categorie": category, "cellen": cells})
    return rows
