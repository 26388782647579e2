"""Dead outside links, read from the report of the scheduled link check (`.github/workflows/
links.yml`, which runs lychee over the catalogue's files). Lychee keys its failures by the file
it found the link in; we turn that back into entries, with the line the link is on, so that the
review and the issue the workflow keeps open name what to fix and where.

Lychee has written this report in two shapes over its versions: failures under ``fail_map`` or
``error_map``, and a status as text or as ``{"text": ..., "code": ...}``. Both are read.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .catalogue import Catalogue


class ReportError(Exception):
    """The report cannot be read; the message says which file and why."""


@dataclass(frozen=True)
class DeadLink:
    path: str  # the catalogue file, as the review names it: entries/uwv.yaml
    name: str  # the entry's or article's name
    url: str
    status: str
    line: int  # 0 where the link is no longer in the file


def read_report(report: Path, catalogue: Catalogue, project_dir: Path) -> list[DeadLink]:
    """Every failed link in the report that lies in a file of the catalogue, in file order."""
    try:
        data = json.loads(Path(report).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ReportError(f"{report}: het rapport van de linkcontrole bestaat niet") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReportError(f"{report}: geen JSON-rapport van lychee ({exc})") from None
    failures = data.get("error_map") or data.get("fail_map") if isinstance(data, dict) else None
    if failures is None:
        if isinstance(data, dict) and ("error_map" in data or "fail_map" in data):
            return []
        raise ReportError(
            f"{report}: geen 'fail_map' of 'error_map'; is dit een rapport van lychee --format "
            "json?"
        )
    names = {
        item.display_path: item["naam"] if "naam" in item else item.get("titel", item.slug)
        for item in [*catalogue.entries, *catalogue.articles]
    }
    dead = []
    for source, items in failures.items():
        path = _catalogue_path(source, names)
        if path is None or not isinstance(items, list):
            continue
        text = (
            (project_dir / path).read_text(encoding="utf-8")
            if (project_dir / path).is_file()
            else ""
        )
        for item in items:
            if isinstance(item, dict) and isinstance(item.get("url"), str):
                dead.append(
                    DeadLink(
                        path,
                        names[path],
                        item["url"],
                        _status(item.get("status")),
                        _line_of(text, item["url"]),
                    )
                )
    return sorted(dead, key=lambda d: (d.path, d.line, d.url))


def _catalogue_path(source: str, names: dict[str, str]) -> str | None:
    """Lychee names the file as it was given: relative, with ./, or absolute on the runner."""
    source = source.replace("\\", "/")
    for path in names:
        if source == path or source.endswith("/" + path):
            return path
    return None


def _status(status) -> str:
    if isinstance(status, dict):
        return str(status.get("text") or status.get("code") or "onbekende fout")
    return str(status or "onbekende fout")


def _line_of(text: str, url: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if url in line:
            return number
    return 0


def as_text(dead: list[DeadLink], markdown: bool = False) -> str:
    """Dead links per entry: the issue's body (Markdown) or the review's section (text)."""
    if not dead:
        return (
            "Geen dode links gevonden.\n"
            if not markdown
            else "# Dode links\n\nGeen dode links gevonden.\n"
        )
    lines = (
        [
            "# Dode links",
            "",
            f"{len(dead)} link(s) in {len({d.path for d in dead})} bestand(en) werken niet.",
            "Zoek een nieuwe bron of een nieuw adres, of haal de link weg.",
            "",
        ]
        if markdown
        else [f"Dode links: {len(dead)} in {len({d.path for d in dead})} bestand(en)"]
    )
    current = None
    for link in dead:
        if link.path != current:
            current = link.path
            lines += (
                ["", f"## {link.name}", f"`{link.path}`", ""]
                if markdown
                else [f"\n{link.name} ({link.path})"]
            )
        where = f"regel {link.line}" if link.line else "niet meer in het bestand"
        lines.append(
            f"- {link.url} ({link.status}; {where})"
            if markdown
            else f"  {link.path}:{link.line}: {link.url} ({link.status})"
        )
    return "\n".join(lines) + "\n"
