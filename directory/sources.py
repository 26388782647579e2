"""Sources and dates: what an entry rests on, and how old that is.

A source is a line range of a source document (``001_b7765ea36592d239.txt:96-97``), a plain URL, or
a URL with the date the page shows (``datum``) or, where it shows none, the date it was consulted
(``geraadpleegd``). Only a document or a page with its own date is *dated*: a consultation date says
when someone looked, not how current the page is. Dates may be partial (a year, a month), as
sources give them; a partial date covers its whole span.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

import yaml

from .vocabularies import DATA_DIR

DOCUMENT_REF = re.compile(
    r"^(?P<file>[A-Za-z0-9_.-]+\.(?:txt|md|pdf)):(?P<first>[0-9]+)(?:-(?P<last>[0-9]+))?$"
)
ACTIVE_NEEDS_YEARS = 3  # status actief needs a dated source from the last three years
OLD_AFTER_YEARS = 5  # information older than this is flagged on the page
MONTHS = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]


@functools.cache
def source_documents() -> dict[str, dict]:
    """File name -> {titel, jaar}, from ``data/brondocumenten.yaml``."""
    items = yaml.load(
        (DATA_DIR / "brondocumenten.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader
    )
    return {item["bestand"]: item for item in items}


@dataclass(frozen=True)
class Source:
    kind: str  # "document" or "web"
    title: str  # what a reader sees
    url: str | None = None
    date: object = None  # the source's own date (partial allowed), or None
    consulted: str | None = None  # when an undated page was consulted

    @property
    def last_day(self) -> dt.date | None:
        """The latest day the source's own date can mean; None where it has no date."""
        return period_bounds(self.date)[1] if self.date is not None else None

    @property
    def year(self) -> int | None:
        return self.last_day.year if self.last_day else None


def parse_source(item) -> Source:
    """One ``bronnen`` item as a Source. Raw file names never reach the title."""
    if isinstance(item, dict):
        url = item["url"]
        return Source(
            "web", item.get("titel") or _host(url), url, item.get("datum"), item.get("geraadpleegd")
        )
    match = DOCUMENT_REF.match(item)
    if match:
        known = source_documents().get(match["file"], {})
        first, last = match["first"], match["last"]
        lines = f"regels {first}-{last}" if last and last != first else f"regel {first}"
        title = ", ".join(
            str(part)
            for part in (known.get("titel", "Brondocument"), known.get("jaar"), lines)
            if part
        )
        return Source("document", title, None, known.get("jaar"))
    return Source("web", _host(item), item)


def _host(url: str) -> str:
    return re.sub(r"^https?://(www\.)?", "", url).split("/")[0]


def sources_of(entry) -> list[Source]:
    return [parse_source(item) for item in entry.get("bronnen") or []]


def newest_source_date(entry) -> dt.date | None:
    """The last day of the newest dated source (documents and pages with their own date)."""
    days = [s.last_day for s in sources_of(entry) if s.last_day]
    return max(days) if days else None


def last_update(entry) -> dt.date | None:
    """The newest date known about an entry: its check, a source's own date, or a consultation."""
    days = [dt.date.fromisoformat(entry["gecontroleerd"])] if entry.get("gecontroleerd") else []
    for source in sources_of(entry):
        if source.last_day:
            days.append(source.last_day)
        if source.consulted:
            days.append(dt.date.fromisoformat(source.consulted))
    return max(days) if days else None


def as_text(item) -> str:
    """A ``bronnen`` item on one line, for CSV: the reference or URL, with its date."""
    if not isinstance(item, dict):
        return item
    if item.get("datum") is not None:
        return f"{item['url']} ({item['datum']})"
    return (
        f"{item['url']} (geraadpleegd {item['geraadpleegd']})"
        if item.get("geraadpleegd")
        else item["url"]
    )


def information_year(entry) -> int | None:
    """The year the entry's information is from: its newest dated source ("Informatie uit 2017")."""
    newest = newest_source_date(entry)
    return newest.year if newest else None


def is_old(entry, today: dt.date) -> bool:
    year = information_year(entry)
    return year is not None and year < today.year - OLD_AFTER_YEARS


def shows_running(entry, today: dt.date) -> bool:
    """Is there a dated source from the last three years (status actief needs one)?"""
    newest = newest_source_date(entry)
    return newest is not None and newest >= years_before(today, ACTIVE_NEEDS_YEARS)


def years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def period_bounds(value) -> tuple[dt.date, dt.date]:
    """(first day, last day) of a date, a month (``2024-03``) or a year (``2024``)."""
    if isinstance(value, int):
        return dt.date(value, 1, 1), dt.date(value, 12, 31)
    text = str(value)
    if re.fullmatch(r"\d{4}", text):
        return period_bounds(int(text))
    if re.fullmatch(r"\d{4}-\d{2}", text):
        year, month = map(int, text.split("-"))
        following = dt.date(year + (month == 12), month % 12 + 1, 1)
        return dt.date(year, month, 1), following - dt.timedelta(days=1)
    day = dt.date.fromisoformat(text)
    return day, day


def period_ended(entry, today: dt.date) -> bool:
    """Has the entry's period ended (its ``tot`` lies wholly before today)?"""
    end = (entry.get("periode") or {}).get("tot")
    return end is not None and period_bounds(end)[1] < today


def display_period(value) -> str:
    """A partial date as people read it: 2024, maart 2024, 3 maart 2024."""
    text = str(value)
    if re.fullmatch(r"\d{4}", text):
        return text
    if re.fullmatch(r"\d{4}-\d{2}", text):
        year, month = text.split("-")
        return f"{MONTHS[int(month) - 1]} {year}"
    return dutch_date(text)


def dutch_date(value) -> str:
    """3 maart 2024."""
    if not value:
        return ""
    date = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    return f"{date.day} {MONTHS[date.month - 1]} {date.year}"
