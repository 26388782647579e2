"""`build.py stats`: what the catalogue holds, and what it lacks."""

from __future__ import annotations

from collections import Counter

from .catalogue import STATUSES, Catalogue
from .checks import has_contact


def catalogue_stats(catalogue: Catalogue) -> dict:
    vocab = catalogue.vocabularies
    entries = catalogue.entries

    def count(field_name: str, vocabulary: str) -> dict:
        counter = Counter(i for e in entries for i in e.ids(field_name))
        return {vocab[vocabulary].label(i): counter[i] for i in vocab[vocabulary].ids if counter[i]}

    return {
        "totaal": {"aanbod": len(entries), "artikelen": len(catalogue.articles), "organisaties": len(catalogue.organisations)},
        "per categorie": count("categorieen", "categorieen"),
        "per regio": count("regio", "regios"),
        "per gemeente (eigen aanbod)": count("gemeenten", "gemeenten"),
        "per gemeente (geldt er, met regio en landelijk)": {
            vocab["gemeenten"].label(g): len(catalogue.entries_for_municipality(g)) for g in vocab["gemeenten"].ids},
        "per status": {STATUSES[s]: n for s, n in Counter(e["status"] for e in entries).most_common()},
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
