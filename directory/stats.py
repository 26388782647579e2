"""`build.py stats`: what the catalogue holds, and what it lacks."""

from __future__ import annotations

from collections import Counter

from . import doors, taal
from .catalogue import STATUSES, Catalogue, applies_in
from .checks import has_contact

USABLE_DOORS_HEADING = (
    "bruikbare deuren per gemeente (dienst, niet beëindigd, met ingang en eerste stap)"
)

READABILITY_BANDS = (
    (80, "80 en hoger (heel makkelijk)"),
    (60, "60-79 (B1, vrij makkelijk)"),
    (40, "40-59 (moeilijker dan B1)"),
    (None, "onder 40 (moeilijk)"),
)


def catalogue_stats(catalogue: Catalogue) -> dict:
    vocab = catalogue.vocabularies
    entries = catalogue.entries

    def count(field_name: str, vocabulary: str) -> dict:
        counter = Counter(i for e in entries for i in e.ids(field_name))
        return {vocab[vocabulary].label(i): counter[i] for i in vocab[vocabulary].ids if counter[i]}

    return {
        "totaal": {
            "aanbod": len(entries),
            "artikelen": len(catalogue.articles),
            "organisaties": len(catalogue.organisations),
        },
        "per categorie": count("categorieen", "categorieen"),
        "per regio": count("regio", "regios"),
        "per gemeente (eigen aanbod)": count("gemeenten", "gemeenten"),
        "per gemeente (geldt er, met regio en landelijk)": {
            vocab["gemeenten"].label(g): len(catalogue.entries_for_municipality(g))
            for g in vocab["gemeenten"].ids
        },
        "per status": {
            STATUSES[s]: n for s, n in Counter(e["status"] for e in entries).most_common()
        },
        "per vorm": count("vorm", "vormen"),
        USABLE_DOORS_HEADING: usable_doors(catalogue),
        "leesbaarheid samenvattingen (Flesch-Douma)": readability_bands(entries),
        "per doelgroep": count("doelgroepen", "doelgroepen"),
        "ontbreekt": {
            "zonder contactgegevens": sum(not has_contact(e) for e in entries),
            "zonder fase": sum(not e.get("fasen") for e in entries),
            "zonder leeftijd": sum(not e.get("leeftijd") for e in entries),
            "zonder doelgroep": sum(not e.get("doelgroepen") for e in entries),
        },
    }


def format_stats(stats: dict) -> str:
    lines = []
    for section, counts in stats.items():
        lines.append(f"{section}:")
        width = max((len(k) for k in counts), default=0)
        lines += [f"  {name:<{width}}  {number:>4}" for name, number in counts.items()]
    return "\n".join(lines)


def usable_doors(catalogue: Catalogue) -> dict:
    """Per Flevoland municipality: usable doors that apply there, local (naming it) and regional
    apart; and national doors with a website."""
    vocab = catalogue.vocabularies
    result = {}
    for municipality in doors.FLEVOLAND:
        region = vocab.region_of(municipality)
        here = [
            e
            for e in catalogue.entries
            if doors.usable(e) and e["regio"] != "landelijk" and applies_in(e, municipality, region)
        ]
        local = sum(municipality in (e.get("gemeenten") or []) for e in here)
        label = vocab["gemeenten"].label(municipality)
        result[f"{label}: lokaal"] = local
        result[f"{label}: regionaal"] = len(here) - local
    national = [
        e
        for e in catalogue.entries
        if e["regio"] == "landelijk"
        and doors.is_door(e)
        and (e.get("contact") or {}).get("website")
    ]
    result["landelijk, met website"] = len(national)
    return result


def readability_bands(entries) -> dict:
    scores = [taal.flesch_douma(e["samenvatting"]) for e in entries]
    bands = {label: 0 for _, label in READABILITY_BANDS}
    for score in scores:
        label = next(label for floor, label in READABILITY_BANDS if floor is None or score >= floor)
        bands[label] += 1
    return bands
