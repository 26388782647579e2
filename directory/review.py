"""What maintainers should look at: `build.py review` and the /beheer/ page.

Entries nobody has checked with the provider come first; then those whose check is over a year
old, doors without a way in or a first step, and unknown status; grouped by organisation, so one
e-mail to an organisation can settle all of its entries. For every running door that lacks a way
in or a first step, a ready-made request to the provider names what is missing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import quote

from . import doors, paths
from .catalogue import Catalogue
from .checks import REVIEW_AFTER_DAYS, has_contact

REASONS = {
    "nooit-gecontroleerd": "nog nooit nagevraagd bij de aanbieder",
    "verouderd": "langer dan 12 maanden niet gecontroleerd",
    "geen-contact": "geen contactgegevens",
    "geen-eerste-stap": "geen eerste stap (aanmelden.hoe)",
    "status-onbekend": "status onbekend",
}


@dataclass
class ReviewItem:
    entry: object
    reasons: list[str]


@dataclass
class ProviderRequest:
    """A request to one organisation to confirm or complete its doors."""

    organisation: str
    address: str | None  # an e-mail address the catalogue has for it, else None (copy the text)
    subject: str
    body: str

    @property
    def mailto(self) -> str | None:
        if not self.address:
            return None
        address = quote(self.address, safe="@")
        return f"mailto:{address}?subject={quote(self.subject)}&body={quote(self.body)}"


def review(catalogue: Catalogue, today: dt.date | None = None) -> dict[str, list[ReviewItem]]:
    """Organisation -> the entries that need attention, never-checked ones first."""
    today = today or dt.date.today()
    grouped: dict[str, list[ReviewItem]] = {}
    for entry in catalogue.entries:
        reasons = reasons_for(entry, today)
        if reasons:
            grouped.setdefault(entry["organisatie"], []).append(ReviewItem(entry, reasons))
    for items in grouped.values():
        items.sort(
            key=lambda item: (
                "nooit-gecontroleerd" not in item.reasons,
                item.entry["naam"].casefold(),
            )
        )
    return dict(
        sorted(grouped.items(), key=lambda kv: (not _has_never_checked(kv[1]), kv[0].casefold()))
    )


def _has_never_checked(items) -> bool:
    return any("nooit-gecontroleerd" in item.reasons for item in items)


def reasons_for(entry, today: dt.date) -> list[str]:
    reasons = []
    if entry["status"] == "beeindigd":
        return reasons
    checked = entry.get("gecontroleerd")
    if not checked:
        reasons.append("nooit-gecontroleerd")
    elif (today - dt.date.fromisoformat(checked)).days > REVIEW_AFTER_DAYS:
        reasons.append("verouderd")
    if not has_contact(entry):
        reasons.append("geen-contact")
    if doors.is_door(entry) and not doors.has_first_step(entry):
        reasons.append("geen-eerste-stap")
    if entry["status"] == "onbekend":
        reasons.append("status-onbekend")
    return reasons


def requests_to_providers(catalogue: Catalogue, settings: dict) -> list[ProviderRequest]:
    """Per organisation, for its running doors that lack a way in or a first step: an e-mail that
    names the missing fields and asks the provider to confirm or correct the entry."""
    requests = []
    for organisation, entries in catalogue.organisations.items():
        lacking = [e for e in entries if doors.is_door(e) and _lacks_way_in(e)]
        if not lacking:
            continue
        address = next(
            (
                (e.get("contact") or {}).get("email")
                for e in entries
                if (e.get("contact") or {}).get("email")
            ),
            None,
        )
        lines = [
            f"Beste {organisation},",
            "",
            f"Op {settings['titel']} staat uw aanbod voor jongeren van 16 tot 27 jaar. Wilt u "
            "nakijken of het klopt, "
            "en aanvullen wat we nog niet weten?",
            "",
        ]
        for entry in lacking:
            url = paths.entry_url(settings["basis_url"], entry.slug)
            lines.append(f"- {entry['naam']} ({url})")
            lines.append(f"  Nog niet bekend: {', '.join(doors.missing(entry))}.")
        lines += ["", f"U kunt antwoorden op dit bericht{_reply_to(settings)}. Dank u wel.", ""]
        requests.append(
            ProviderRequest(
                organisation, address, f"Klopt uw aanbod op {settings['titel']}?", "\n".join(lines)
            )
        )
    return requests


def _reply_to(settings: dict) -> str:
    return f" of mailen naar {settings['beheer_email']}" if settings.get("beheer_email") else ""


def _lacks_way_in(entry) -> bool:
    """No way to reach someone there (a website alone does not count: the provider can add a
    phone number or desk) or no first step."""
    return not doors.reachable(
        entry, ("telefoon", "whatsapp", "email", "adres")
    ) or not doors.has_first_step(entry)


def summary(grouped: dict[str, list[ReviewItem]]) -> dict[str, int]:
    counts = {reason: 0 for reason in REASONS}
    for items in grouped.values():
        for item in items:
            for reason in item.reasons:
                counts[reason] += 1
    return counts


def as_text(
    grouped: dict[str, list[ReviewItem]],
    markdown: bool = False,
    requests: list[ProviderRequest] = (),
) -> str:
    lines = []
    counts = summary(grouped)
    total = sum(len(items) for items in grouped.values())
    if markdown:
        lines += [
            "# Aanbod om te herzien",
            "",
            f"{total} keer aanbod bij {len(grouped)} organisaties vraagt aandacht.",
            "",
        ]
        lines += [f"- {REASONS[r]}: {n}" for r, n in counts.items()] + [""]
        for organisation, items in grouped.items():
            lines += [f"## {organisation}", ""]
            lines += [
                f"- `{item.entry.display_path}` {item.entry['naam']}: "
                f"{', '.join(REASONS[r] for r in item.reasons)}"
                for item in items
            ]
            lines.append("")
    else:
        lines.append(f"{total} keer aanbod bij {len(grouped)} organisaties vraagt aandacht")
        lines += [f"  {REASONS[r]}: {n}" for r, n in counts.items()]
        for organisation, items in grouped.items():
            lines.append(f"\n{organisation}")
            lines += [
                f"  {item.entry.display_path}: {', '.join(REASONS[r] for r in item.reasons)}"
                for item in items
            ]
    if requests:
        lines += [
            "",
            "## Vragen aan aanbieders"
            if markdown
            else "\nVragen aan aanbieders (ontbrekende ingang of eerste stap)",
        ]
        for request in requests:
            lines += [
                "",
                f"### {request.organisation}" if markdown else f"\n{request.organisation}",
                f"Aan: {request.address or '(geen e-mailadres bekend: kopieer de tekst)'}",
                f"Onderwerp: {request.subject}",
                "",
            ]
            lines += request.body.splitlines()
    return "\n".join(lines) + "\n"
