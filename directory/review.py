"""What maintainers should look at: `build.py review` and the /beheer/ page.

Entries whose check is over a year old, that have no way to contact them, whose status is
unknown, or that are marked active although their period has ended; grouped by organisation,
so one e-mail to an organisation can settle all of its entries.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .catalogue import Catalogue
from .checks import REVIEW_AFTER_DAYS, has_contact

REASONS = {
    "verouderd": "langer dan 12 maanden niet gecontroleerd",
    "geen-contact": "geen contactgegevens",
    "status-onbekend": "status onbekend",
    "afgelopen-maar-actief": "periode is voorbij, maar status is actief",
}


@dataclass
class ReviewItem:
    entry: object
    reasons: list[str]


def review(catalogue: Catalogue, today: dt.date | None = None) -> dict[str, list[ReviewItem]]:
    """Organisation -> the entries that need attention, with their reasons."""
    today = today or dt.date.today()
    grouped: dict[str, list[ReviewItem]] = {}
    for entry in catalogue.entries:
        reasons = reasons_for(entry, today)
        if reasons:
            grouped.setdefault(entry["organisatie"], []).append(ReviewItem(entry, reasons))
    return dict(sorted(grouped.items(), key=lambda kv: kv[0].casefold()))


def reasons_for(entry, today: dt.date) -> list[str]:
    reasons = []
    if (today - dt.date.fromisoformat(entry["gecontroleerd"])).days > REVIEW_AFTER_DAYS:
        reasons.append("verouderd")
    if not has_contact(entry):
        reasons.append("geen-contact")
    if entry["status"] == "onbekend":
        reasons.append("status-onbekend")
    ends = (entry.get("periode") or {}).get("tot")
    if entry["status"] == "actief" and ends and dt.date.fromisoformat(ends) < today:
        reasons.append("afgelopen-maar-actief")
    return reasons


def summary(grouped: dict[str, list[ReviewItem]]) -> dict[str, int]:
    counts = {reason: 0 for reason in REASONS}
    for items in grouped.values():
        for item in items:
            for reason in item.reasons:
                counts[reason] += 1
    return counts


def as_text(grouped: dict[str, list[ReviewItem]], markdown: bool = False) -> str:
    lines = []
    counts = summary(grouped)
    total = sum(len(items) for items in grouped.values())
    if markdown:
        lines += ["# Aanbod om te herzien", "", f"{total} keer aanbod bij {len(grouped)} organisaties vraagt aandacht.", ""]
        lines += [f"- {REASONS[r]}: {n}" for r, n in counts.items()] + [""]
        for organisation, items in grouped.items():
            lines += [f"## {organisation}", ""]
            lines += [f"- `{item.entry.display_path}` {item.entry['naam']}: {', '.join(REASONS[r] for r in item.reasons)}" for item in items]
            lines.append("")
    else:
        lines.append(f"{total} keer aanbod bij {len(grouped)} organisaties vraagt aandacht")
        lines += [f"  {REASONS[r]}: {n}" for r, n in counts.items()]
        for organisation, items in grouped.items():
            lines.append(f"\n{organisation}")
            lines += [f"  {item.entry.display_path}: {', '.join(REASONS[r] for r in item.reasons)}" for item in items]
    return "\n".join(lines) + "\n"
