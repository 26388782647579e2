"""Opening hours: structured per day (the HSDS schedule model), shown as a week table.

An entry gives ``openingstijden`` as ``{tijden: [{dagen: [ma, di], van: "09:00", tot: "12:30"}],
toelichting: ...}`` on its contact or on a location; older entries may give free text. The HSDS
export writes the same hours as ``schedule`` rows.
"""

from __future__ import annotations

DAYS = {
    "ma": "maandag",
    "di": "dinsdag",
    "wo": "woensdag",
    "do": "donderdag",
    "vr": "vrijdag",
    "za": "zaterdag",
    "zo": "zondag",
}
HSDS_DAYS = {"ma": "MO", "di": "TU", "wo": "WE", "do": "TH", "vr": "FR", "za": "SA", "zo": "SU"}


def week(hours: dict) -> list[dict]:
    """One row per day, each with its opening spans ("09:00-12:30"): Monday to Friday always,
    Saturday and Sunday only when they have hours."""
    spans: dict[str, list[str]] = {day: [] for day in DAYS}
    for block in hours.get("tijden") or []:
        for day in block["dagen"]:
            spans[day].append(f"{block['van']}-{block['tot']}")
    rows = []
    for day, label in DAYS.items():
        if spans[day] or day not in ("za", "zo"):
            rows.append({"dag": label, "code": day, "tijden": sorted(spans[day])})
    return rows


def day_span(days: list[str]) -> str:
    """Days as people write them: "ma-vr" for a run of three or more, else "ma, wo"."""
    order = list(DAYS)
    index = sorted(order.index(d) for d in days)
    runs, start = [], index[0]
    for previous, current in zip(index, index[1:] + [None], strict=True):
        if current != previous + 1:
            runs.append((start, previous))
            start = current
    return ", ".join(
        order[a]
        if a == b
        else f"{order[a]}, {order[b]}"
        if b == a + 1
        else f"{order[a]}-{order[b]}"
        for a, b in runs
    )


def as_text(hours) -> str:
    """Opening hours on one line, for the printed referral list: "ma-do 09:00-17:00; vr
    09:00-12:30"."""
    if not hours:
        return ""
    if not isinstance(hours, dict):
        return str(hours)
    parts = [
        f"{day_span(block['dagen'])} {block['van']}-{block['tot']}"
        for block in hours.get("tijden") or []
    ]
    if hours.get("toelichting"):
        parts.append(hours["toelichting"])
    return "; ".join(parts)


def hsds_schedules(hours, make_id, **links) -> list[dict]:
    """HSDS 3.0 ``schedule`` rows: one per block of days with the same hours (weekly, BYDAY)."""
    if not isinstance(hours, dict):
        return [{"id": make_id("tekst"), **links, "description": str(hours)}] if hours else []
    rows = []
    for i, block in enumerate(hours.get("tijden") or []):
        row = {
            "id": make_id(str(i)),
            **links,
            "freq": "WEEKLY",
            "wkst": "MO",
            "byday": ",".join(HSDS_DAYS[d] for d in block["dagen"]),
            "opens_at": block["van"],
            "closes_at": block["tot"],
        }
        if hours.get("toelichting"):
            row["description"] = hours["toelichting"]
        rows.append(row)
    if not rows and hours.get("toelichting"):
        rows.append({"id": make_id("tekst"), **links, "description": hours["toelichting"]})
    return rows
