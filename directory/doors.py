"""Doors: what a young person or a coach needs from an entry before anything else.

A *door* is a ``dienst`` entry that has not ended. Pages for young people list doors only, local
first: those of the municipality itself, then the region's, then national ones. Cards show where
an entry applies, its status when it is not ``actief``, and the quickest way to reach it.
"""

from __future__ import annotations

from collections.abc import Callable

from .catalogue import Catalogue, Entry, applies_in
from .render import tel_href, whatsapp_href

FLEVOLAND = ("lelystad", "dronten", "urk", "noordoostpolder", "almere", "zeewolde")
TIERS = ("gemeente", "regio", "landelijk")
STATUS_ORDER = {"actief": 0, "gepauzeerd": 1, "onbekend": 2, "beeindigd": 3}
# What a page shows as "Nog niet bekend" when a door lacks it: field -> how it reads.
EXPECTED = {
    "telefoon": "telefoon",
    "adres": "adres",
    "website": "website",
    "aanmelden": "hoe je begint",
    "leeftijd": "leeftijd",
    "kosten": "kosten",
    "professionals": "contact voor professionals",
}


WAYS_IN = ("telefoon", "whatsapp", "email", "website", "adres")


def is_door(entry: Entry) -> bool:
    return entry.get("vorm") == "dienst" and entry["status"] != "beeindigd"


def reachable(entry: Entry, ways: tuple[str, ...] = WAYS_IN) -> bool:
    """Has the entry one of these ways to reach it (contact fields), or a location?"""
    contact = entry.get("contact") or {}
    return any(contact.get(way) for way in ways) or bool(entry.get("locaties"))


def has_first_step(entry: Entry) -> bool:
    return bool((entry.get("aanmelden") or {}).get("hoe"))


def usable(entry: Entry) -> bool:
    """A door someone can use today: not ended, with a way to reach it and a first step."""
    return is_door(entry) and reachable(entry) and has_first_step(entry)


def tier(entry: Entry, municipality: str | None) -> str:
    """Where an entry sits seen from a municipality: its own, the region's or national."""
    if entry["regio"] == "landelijk":
        return "landelijk"
    if municipality and municipality in (entry.get("gemeenten") or []):
        return "gemeente"
    return "regio"


def place_label(entry: Entry, vocab) -> str:
    """The place an entry serves, for a card: its municipalities, its region, or Landelijk."""
    if entry["regio"] == "landelijk":
        return "Landelijk"
    names = [vocab["gemeenten"].label(g) for g in entry.get("gemeenten") or []]
    if names:
        return ", ".join(names) if len(names) <= 3 else f"{', '.join(names[:3])} en meer"
    return f"Regio {vocab['regios'].label(entry['regio'])}"


def quick_contact(entry: Entry) -> list[tuple[str, str]]:
    """(label, href) of the quickest ways in, for a card: Bel, App, Website."""
    contact = entry.get("contact") or {}
    ways = []
    if contact.get("telefoon"):
        ways.append(("Bel", tel_href(contact["telefoon"])))
    if contact.get("whatsapp"):
        ways.append(("App", whatsapp_href(contact["whatsapp"])))
    if contact.get("website"):
        ways.append(("Website", contact["website"]))
    return ways


def missing(entry: Entry) -> list[str]:
    """What a door does not say yet, in words a reader understands ("telefoon", "leeftijd")."""
    contact = entry.get("contact") or {}
    present = {
        "telefoon": contact.get("telefoon") or contact.get("whatsapp"),
        "adres": reachable(entry, ("adres",)),
        "website": contact.get("website"),
        "aanmelden": has_first_step(entry),
        "leeftijd": entry.get("leeftijd"),
        "kosten": entry.get("kosten"),
        "professionals": contact.get("professionals"),
    }
    return [label for key, label in EXPECTED.items() if not present[key]]


def doors_for(
    catalogue: Catalogue,
    municipality: str | None,
    answering: list[Entry],
    closeness: Callable[[Entry], int],
) -> dict[str, list[Entry]]:
    """Tier -> the doors among ``answering`` (the entries that answer a question, the same for
    every municipality) that apply there, in the order a young person should see them:
    ``actief`` before ``gepauzeerd`` and ``onbekend``, then closeness to the question (how many
    of its filter values an entry has), then name. Without a municipality only national doors
    apply."""
    region = catalogue.vocabularies.region_of(municipality) if municipality else None
    tiers: dict[str, list[Entry]] = {name: [] for name in TIERS}
    for entry in answering:
        if not is_door(entry):
            continue
        if municipality is None:
            if entry["regio"] == "landelijk":
                tiers["landelijk"].append(entry)
        elif applies_in(entry, municipality, region):
            tiers[tier(entry, municipality)].append(entry)
    for entries in tiers.values():
        entries.sort(key=lambda e: (STATUS_ORDER[e["status"]], -closeness(e), e["naam"].casefold()))
    return tiers


def local_first(entries: list[Entry], municipality: str) -> list[Entry]:
    """Any list of entries seen from a municipality: doors first, by tier and status."""
    order = {name: i for i, name in enumerate(TIERS)}
    return sorted(
        entries,
        key=lambda e: (
            not is_door(e),
            order[tier(e, municipality)],
            STATUS_ORDER[e["status"]],
            e["naam"].casefold(),
        ),
    )
