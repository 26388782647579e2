"""Records: one flat text record per entry and per article, the unit of indexing and of export,
with what facets, cards and the place rule need beside the text."""

from __future__ import annotations

from .. import doors
from ..catalogue import Catalogue
from .query import query_rules
from .rules import FACETS
from .text import fold


def documents(catalogue: Catalogue) -> list[dict]:
    """One flat text record per entry and per article, the unit of indexing and of export; made
    once per catalogue (the pages, the related entries and the index all read them)."""
    return catalogue.memo(("documenten",), lambda: _documents(catalogue))


def _documents(catalogue: Catalogue) -> list[dict]:
    vocab = catalogue.vocabularies
    records = []
    for entry in catalogue.entries:
        labels = [
            vocab.for_field(f).label(i)
            for f in ("categorieen", "doelgroepen", "fasen", "leefgebieden", "wettelijk_kader")
            for i in entry.ids(f)
        ]
        aanmelden = entry.get("aanmelden") or {}
        places = [vocab["regios"].label(entry["regio"])] + [
            vocab["gemeenten"].label(g) for g in entry.ids("gemeenten")
        ]
        if not entry.get("gemeenten"):
            places += [
                vocab["gemeenten"].label(g)
                for g in vocab.municipalities_by_region.get(entry["regio"], [])
            ]
        records.append(
            {
                "slug": entry.slug,
                "soort": "aanbod",
                "naam": entry["naam"],
                "samenvatting": entry["samenvatting"],
                "organisatie": entry["organisatie"],
                "trefwoorden": " ".join(
                    labels
                    + inclusive(entry.get("voorwaarden") or [])
                    + aanmelden.get("verwijzers", [])
                ),
                "plaats": " ".join(places),
                "beschrijving": " ".join(
                    filter(
                        None, [entry.get("beschrijving"), aanmelden.get("hoe"), entry.get("kosten")]
                    )
                ),
                "status": entry["status"],
                "leeftijd": [
                    (entry.get("leeftijd") or {}).get("van"),
                    (entry.get("leeftijd") or {}).get("tot"),
                ],
                "waar": doors.place_label(entry, vocab),
                "snel": [] if entry["status"] == "beeindigd" else doors.quick_contact(entry),
                "facets": {name: entry.ids(field_name) for name, field_name in FACETS.items()},
                "geldt_in": applies_in_keys(entry, vocab),
                "gebied": area(entry),
            }
        )
    for article in catalogue.articles:
        labels = [vocab["wetten"].label(i) for i in article.get("wetten", [])] + [
            vocab["doelgroepen"].label(i) for i in article.get("doelgroepen", [])
        ]
        records.append(
            {
                "slug": article.slug,
                "soort": "kennis",
                "naam": article["titel"],
                "samenvatting": article["samenvatting"],
                "organisatie": "",
                "trefwoorden": " ".join(labels + article.get("begrippen", [])),
                "plaats": "",
                "beschrijving": article.body,
                "status": "actief",
                "leeftijd": [None, None],
                "waar": "",
                "snel": [],
                "facets": {name: [] for name in FACETS},
                "geldt_in": [],
                "gebied": "",
            }
        )
    return records


def inclusive(conditions: list[str]) -> list[str]:
    """The conditions that say who may come; one that excludes ("Niet voor jongeren met een
    Wajong-uitkering") would make the entry a hit for exactly those it turns away."""
    return [c for c in conditions if not fold(c).lstrip().startswith(query_rules()["exclusions"])]


def area(entry) -> str | list[str]:
    """Where an entry applies, for the place rule: "L" national, "R:<region>" the whole region, or
    its own municipalities."""
    if entry["regio"] == "landelijk":
        return "L"
    return list(entry["gemeenten"]) if entry.get("gemeenten") else f"R:{entry['regio']}"


def place_tier(record_area, place_id: str | None, place_region: str | None) -> str:
    """A record seen from a place: gemeente, regio, landelijk or elders (articles: '')."""
    if record_area == "":
        return ""
    if record_area == "L":
        return "landelijk"
    if isinstance(record_area, list):
        return "gemeente" if place_id in record_area else "elders"
    return "regio" if place_region and record_area == f"R:{place_region}" else "elders"


def applies_in_keys(entry, vocab) -> list[str]:
    """Keys for the municipality rule: the entry's own municipalities, else its region's, or
    'landelijk'."""
    if entry["regio"] == "landelijk":
        return ["landelijk"]
    if entry.get("gemeenten"):
        return list(entry["gemeenten"])
    return list(vocab.municipalities_by_region.get(entry["regio"], [])) + [
        f"regio:{entry['regio']}"
    ]
