"""Data for partners and national portals, written beside the frozen pages.

``/data/aanbod.json`` and ``/data/aanbod.csv`` hold the whole catalogue, ``/data/aanbod.atom`` the
new and changed entries (feed.py), ``/data/hsds/`` the Open Referral HSDS 3.0 export (hsds.py), and
``/data/kaarten.json`` what the referral list shows. Writers return the paths they wrote.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

from . import doors, openingstijden, paths, sources
from .catalogue import Catalogue
from .feed import atom_feed
from .hsds import write_hsds

CSV_COLUMNS = [
    "id",
    "naam",
    "organisatie",
    "vorm",
    "samenvatting",
    "categorieen",
    "doelgroepen",
    "fasen",
    "leefgebieden",
    "leeftijd_van",
    "leeftijd_tot",
    "regio",
    "gemeenten",
    "zelf_aanmelden",
    "verwijzers",
    "hoe_aanmelden",
    "voorwaarden",
    "kosten",
    "website",
    "telefoon",
    "email",
    "whatsapp",
    "adres",
    "wettelijk_kader",
    "status",
    "periode_van",
    "periode_tot",
    "bronnen",
    "gecontroleerd",
    "url",
]


def write_all(catalogue: Catalogue, settings: dict, destination: Path) -> list[Path]:
    """Every data file for partners under ``destination/data``; ``settings`` are the site's
    (``basis_url`` decides whether links are absolute and whether there is a feed)."""
    base_url = settings["basis_url"]
    data_dir = destination / "data"
    data_dir.mkdir(parents=True, exist_ok=True)
    written = [
        paths.write_json(data_dir / "aanbod.json", catalogue_document(catalogue, base_url)),
        paths.write_file(data_dir / "aanbod.csv", catalogue_csv(catalogue, base_url)),
        paths.write_file(data_dir / "kaarten.json", referral_cards(catalogue, base_url)),
    ]
    if base_url:  # an Atom feed needs absolute ids and links: none until the base URL is known
        written.append(paths.write_file(data_dir / "aanbod.atom", atom_feed(catalogue, base_url)))
    return written + write_hsds(catalogue, base_url, destination)


def catalogue_document(catalogue: Catalogue, base_url: str) -> dict:
    """What ``data/aanbod.json`` holds: every entry with its id and the URL of its page."""
    records = [
        {"id": e.slug, **dict(e), "url": paths.entry_url(base_url, e.slug)}
        for e in catalogue.entries
    ]
    return {"aanbod": records, "aantal": len(records)}


def referral_cards(catalogue: Catalogue, base_url: str) -> str:
    """What the referral list shows of each entry, keyed by id; links from the host's root."""
    root = paths.site_root(base_url)
    cards = {
        e.slug: {
            "naam": e["naam"],
            "organisatie": e["organisatie"],
            "samenvatting": e["samenvatting"],
            "hoe": (e.get("aanmelden") or {}).get("hoe", "") if e["status"] != "beeindigd" else "",
            "contact": {
                k: v
                for k, v in (e.get("contact") or {}).items()
                if k not in ("professionals", "openingstijden")
            }
            if e["status"] != "beeindigd"
            else {},
            "open": openingstijden.as_text((e.get("contact") or {}).get("openingstijden")),
            "waar": doors.place_label(e, catalogue.vocabularies),
            "status": e["status"],
            "nog_niet": [
                m
                for m in doors.missing(e)
                if m in ("telefoon", "adres", "website", "hoe je begint")
            ],
            "url": paths.entry_url(root, e.slug),
        }
        for e in catalogue.entries
    }
    return json.dumps(cards, ensure_ascii=False, separators=(",", ":")) + "\n"


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# a phone number such as +31 6 1234 5678, or -12
PLAIN_NUMBER = re.compile(r"[+-]?[0-9][0-9 ().-]*")


def spreadsheet_safe(value):
    """A CSV cell a spreadsheet will not run as a formula (OWASP's advice: a leading quote before
    =, +, -, @, tab or CR), leaving phone numbers and negative numbers as they are."""
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_START)
        and not PLAIN_NUMBER.fullmatch(value)
    ):
        return "'" + value
    return value


def catalogue_csv(catalogue: Catalogue, base_url: str) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for e in catalogue.entries:
        contact = e.get("contact") or {}
        aanmelden = e.get("aanmelden") or {}
        leeftijd = e.get("leeftijd") or {}
        periode = e.get("periode") or {}
        zelf = aanmelden.get("zelf")
        writer.writerow(
            {
                key: spreadsheet_safe(value)
                for key, value in {
                    "id": e.slug,
                    "naam": e["naam"],
                    "organisatie": e["organisatie"],
                    "vorm": e["vorm"],
                    "samenvatting": e["samenvatting"],
                    "categorieen": ";".join(e.ids("categorieen")),
                    "doelgroepen": ";".join(e.ids("doelgroepen")),
                    "fasen": ";".join(e.ids("fasen")),
                    "leefgebieden": ";".join(e.ids("leefgebieden")),
                    "leeftijd_van": leeftijd.get("van", ""),
                    "leeftijd_tot": leeftijd.get("tot", ""),
                    "regio": e["regio"],
                    "gemeenten": ";".join(e.ids("gemeenten")),
                    "zelf_aanmelden": "" if zelf is None else ("ja" if zelf else "nee"),
                    "verwijzers": ";".join(aanmelden.get("verwijzers", [])),
                    "hoe_aanmelden": aanmelden.get("hoe", ""),
                    "voorwaarden": ";".join(e.get("voorwaarden") or []),
                    "kosten": e.get("kosten", ""),
                    **{
                        k: contact.get(k, "")
                        for k in ("website", "telefoon", "email", "whatsapp", "adres")
                    },
                    "wettelijk_kader": ";".join(e.ids("wettelijk_kader")),
                    "status": e["status"],
                    "periode_van": periode.get("van", ""),
                    "periode_tot": periode.get("tot", ""),
                    "bronnen": ";".join(sources.as_text(b) for b in e["bronnen"]),
                    "gecontroleerd": e.get("gecontroleerd", ""),
                    "url": paths.entry_url(base_url, e.slug),
                }.items()
            }
        )
    return out.getvalue()
