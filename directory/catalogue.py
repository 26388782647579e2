"""Load the catalogue: entries, knowledge-base articles, vocabularies, glossary and thesaurus.

Loading gathers every problem before anything is written (the MkDocs way): the caller decides
whether errors stop the build. Entries with errors are left out of the returned catalogue.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import stat
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import yaml

from . import checks
from .incremental import CheckCache, content_hash
from .problems import Problem
from .schema import build_schema
from .vocabularies import DATA_DIR, Vocabularies, load_vocabularies
from .yamlsource import (
    Document,
    PackedPositions,
    SourceError,
    decode,
    dotted,
    load,
    read_regular_file,
)

ENTRY_DIR = "entries"
ARTICLE_DIR = "entries/kennisbank"
STATUSES = {
    "actief": "Actief",
    "gepauzeerd": "Gepauzeerd",
    "beeindigd": "Beëindigd",
    "onbekend": "Status onbekend",
}


class Entry(dict):
    """One provision: the entry's data (Dutch keys) plus where it came from."""

    source_hash = ""  # of the file's bytes: what a page made from it depends on

    def __init__(
        self, slug: str, data: dict, doc: Document, display_path: str, source_hash: str = ""
    ):
        super().__init__(data)
        self.setdefault("status", "actief")
        self.slug = slug
        self.doc = doc
        self.display_path = display_path
        self.source_hash = source_hash

    def ids(self, field_name: str) -> list[str]:
        """Vocabulary ids of a field, always as a list (``regio`` holds one)."""
        value = self.get(field_name)
        if value is None:
            return []
        return [value] if isinstance(value, str) else list(value)


class Article(dict):
    """A knowledge-base article: YAML header fields plus its Markdown body."""

    source_hash = ""

    def __init__(
        self,
        slug: str,
        data: dict,
        body: str,
        body_line: int,
        doc: Document,
        display_path: str,
        source_hash: str = "",
    ):
        super().__init__(data)
        self.slug = slug
        self.body = body
        self.body_line = body_line  # where the Markdown starts, for messages about the body
        self.doc = doc
        self.display_path = display_path
        self.source_hash = source_hash


@dataclass
class Catalogue:
    entries: list[Entry]
    articles: list[Article]
    vocabularies: Vocabularies
    glossary: list[dict] = field(default_factory=list)
    thesaurus: list[list[str]] = field(default_factory=list)
    _memo: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    @cached_property
    def by_slug(self) -> dict[str, Entry]:
        return {entry.slug: entry for entry in self.entries}

    @cached_property
    def articles_by_slug(self) -> dict[str, Article]:
        return {article.slug: article for article in self.articles}

    @cached_property
    def organisations(self) -> dict[str, list[Entry]]:
        """Organisation name -> its entries. Names that differ only in capitals or accents are one
        organisation (they would share a page), shown as its most used spelling."""
        groups: dict[str, list[Entry]] = {}
        for entry in self.entries:
            groups.setdefault(organisation_slug(entry["organisatie"]), []).append(entry)
        result = {}
        for entries in groups.values():
            spellings = Counter(e["organisatie"] for e in entries)
            result[max(spellings, key=lambda name: (spellings[name], name))] = entries
        return dict(sorted(result.items(), key=lambda item: item[0].casefold()))

    def memo(self, key, compute):
        """A grouping that many pages ask for, computed once: the catalogue does not change after
        loading, and scanning all entries for each of hundreds of pages is what made freezing a
        large catalogue slow. Callers share what it returns: read it, never change it."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def entries_with(self, field_name: str, term_id: str) -> list[Entry]:
        return self.memo(("veld", field_name), lambda: self._group_by(field_name)).get(term_id, [])

    def _group_by(self, field_name: str) -> dict[str, list[Entry]]:
        groups: dict[str, list[Entry]] = {}
        for entry in self.entries:
            for term_id in entry.ids(field_name):
                groups.setdefault(term_id, []).append(entry)
        return groups

    def entries_for_municipality(self, municipality: str) -> list[Entry]:
        """Entries that apply in a municipality: its own, its region's (whole region) and national
        ones (``applies_in``), in catalogue order."""
        known = self.memo("per gemeente", self._by_municipality)
        if municipality in known:
            return known[municipality]
        region = self.vocabularies.region_of(municipality)
        return self.memo(
            ("gemeente", municipality),
            lambda: [e for e in self.entries if applies_in(e, municipality, region)],
        )

    def _by_municipality(self) -> dict[str, list[Entry]]:
        """``entries_for_municipality`` of every municipality of the vocabulary, from one pass
        over the entries rather than one per municipality (27 of them)."""
        municipalities = [term.id for term in self.vocabularies["gemeenten"]]
        in_region: dict[str | None, list[str]] = {}
        for municipality in municipalities:
            in_region.setdefault(self.vocabularies.region_of(municipality), []).append(municipality)
        found: dict[str, list[Entry]] = {m: [] for m in municipalities}
        for entry in self.entries:
            own = entry.get("gemeenten") or []
            if own:
                where = [m for m in own if m in found]
            elif entry["regio"] == "landelijk":
                where = municipalities
            else:
                where = in_region.get(entry["regio"], [])
            for municipality in where:
                found[municipality].append(entry)
        return found


def organisation_slug(name: str) -> str:
    """The URL id of an organisation's page: lowercase letters and digits joined by hyphens."""
    folded = "".join(
        c for c in unicodedata.normalize("NFD", name.lower()) if not unicodedata.combining(c)
    )
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-") or "x"


def applies_in(entry: Entry, municipality: str, region: str | None) -> bool:
    """The municipality rule: own entries, whole-region entries of its region, and national ones."""
    municipalities = entry.get("gemeenten") or []
    if municipality in municipalities:
        return True
    if municipalities:
        return False
    return entry["regio"] == "landelijk" or entry["regio"] == region


@dataclass
class LoadResult:
    catalogue: Catalogue
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


def load_catalogue(
    project_dir: Path,
    today: dt.date | None = None,
    *,
    warnings: bool = True,
    cache: CheckCache | None = None,
) -> LoadResult:
    """Read and check everything under ``project_dir/entries``. With a ``cache``, an entry file
    whose bytes were checked before is taken from it (the rules across files still run)."""
    project_dir = Path(project_dir)
    today = today or dt.date.today()
    vocabularies = load_vocabularies()
    problems: list[Problem] = []
    entries = _load_entries(project_dir, vocabularies, problems, cache)
    glossary = _read_data("begrippen.yaml")
    articles = _load_articles(
        project_dir, vocabularies, problems, {e.slug for e in entries}, {g["id"] for g in glossary}
    )
    problems += checks.catalogue_problems(entries)
    dated = [p for item in [*entries, *articles] for p in checks.date_problems(item, today)]
    dated += [p for entry in entries for p in checks.status_problems(entry, today)]
    problems += dated
    faulty = {p.path for p in dated}
    entries = [e for e in entries if e.display_path not in faulty]
    articles = [a for a in articles if a.display_path not in faulty]
    duplicate_names = {
        p.path for p in problems if p.field == "naam" and "wordt ook gebruikt door" in p.message
    }
    entries = [e for e in entries if e.display_path not in duplicate_names]
    if warnings:
        for entry in entries:
            problems += checks.entry_warnings(entry, today)
        for article in articles:
            problems += checks.article_warnings(article)
    entries.sort(key=lambda e: e["naam"].casefold())
    articles.sort(key=lambda a: a["titel"].casefold())
    thesaurus = [group["termen"] for group in _read_data("thesaurus.yaml")]
    catalogue = Catalogue(entries, articles, vocabularies, glossary, thesaurus)
    return LoadResult(
        catalogue, sorted(problems, key=lambda p: (not p.is_error, p.path, p.line, p.column))
    )


def _files(project_dir: Path, folder: str, problems: list[Problem]):
    """(path, display path) of the files in a content folder. Hidden files are passed over;
    symbolic links, folders (but the knowledge base inside entries/) and anything that is not a
    regular file are refused, each with a message: one could publish any file of the machine, or
    hang the check on a pipe."""
    directory = project_dir / folder
    if directory.is_symlink():
        problems.append(
            Problem(
                folder + "/",
                1,
                1,
                "(map)",
                "deze map is een verwijzing (symbolische link); zet de bestanden zelf hier",
            )
        )
        return
    for path in sorted(directory.glob("*")):
        if path.name.startswith("."):
            continue
        display = display_path(path, project_dir)
        kind = path.lstat().st_mode
        if stat.S_ISLNK(kind):
            problems.append(
                Problem(
                    display,
                    1,
                    1,
                    "(bestandsnaam)",
                    "een verwijzing (symbolische link) naar een ander bestand is niet toegestaan; "
                    "zet het bestand zelf hier",
                )
            )
        elif stat.S_ISDIR(kind):
            if not (folder == ENTRY_DIR and path.name == "kennisbank"):
                problems.append(
                    Problem(
                        display + "/",
                        1,
                        1,
                        "(map)",
                        f"een map hoort niet in {folder}/ (alleen {ARTICLE_DIR}/); "
                        "wat hierin staat, wordt niet gelezen",
                    )
                )
        elif not stat.S_ISREG(kind):
            problems.append(
                Problem(
                    display,
                    1,
                    1,
                    "(bestandsnaam)",
                    "geen gewoon bestand (een apparaat, pijp of socket); zet hier alleen "
                    "tekstbestanden",
                )
            )
        else:
            yield path, display


def display_path(path: Path, project_dir: Path) -> str:
    """The path as people see it; a name that is not UTF-8 shows its odd bytes as escapes."""
    return (
        path.relative_to(project_dir).as_posix().encode("utf-8", "backslashreplace").decode("utf-8")
    )


@functools.cache
def _read_data(name: str) -> list:
    path = DATA_DIR / name
    if not path.exists():
        return []
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader) or []


@functools.cache
def _validator(template: str):
    """The schema validator; made once per process (the vocabularies do not change while it
    runs)."""
    return checks.make_validator(build_schema(template, load_vocabularies()))


def _load_entries(project_dir, vocabularies, problems, cache) -> list[Entry]:
    validator = _validator("schema.yaml")
    entries = []
    seen_ids: dict[str, str] = {}
    for path, display in _files(project_dir, ENTRY_DIR, problems):
        if path.suffix != ".yaml":
            hint = (
                " (gebruik de extensie .yaml)" if path.suffix in (".yml", ".YAML", ".Yaml") else ""
            )
            problems.append(
                Problem(
                    display,
                    1,
                    1,
                    "(bestandsnaam)",
                    f"alleen .yaml-bestanden horen in entries/{hint}",
                )
            )
            continue
        folded = path.stem.casefold()
        if folded in seen_ids:
            problems.append(
                Problem(
                    display,
                    1,
                    1,
                    "(bestandsnaam)",
                    f"id verschilt alleen in hoofdletters van {seen_ids[folded]}",
                )
            )
            continue
        seen_ids[folded] = display
        entry = _load_entry(path, display, validator, vocabularies, problems, cache)
        if entry is not None:
            entries.append(entry)
    return entries


def _load_entry(path, display, validator, vocabularies, problems, cache=None) -> Entry | None:
    name_problem = checks.file_name_problem(path.stem, display)
    try:
        raw = read_regular_file(path)
    except SourceError as exc:
        problems.append(Problem(display, exc.line, exc.column, exc.field, exc.message))
        return None
    known = cache.get(display, raw) if cache else None
    if known is not None:
        return known
    doc = _read_document(raw, display, problems)
    if doc is None:
        return None
    found = [Problem(display, line, col, dotted(p), msg) for p, line, col, msg in doc.problems]
    if not isinstance(doc.data, dict):
        found.append(
            Problem(
                display,
                1,
                1,
                "(bestand)",
                "een aanbod is een blok met sleutels zoals 'naam:' en 'organisatie:'",
            )
        )
    else:
        found += checks.schema_problems(doc, validator, display)
        if not found:
            found += checks.entry_rules(doc.data, doc, vocabularies, display)
    if name_problem:
        found.append(name_problem)
    problems += found
    if found:
        return None
    entry = Entry(path.stem, doc.data, doc, display, content_hash(raw))
    doc.data = None  # the entry holds a copy: one top-level dict per entry, not two
    if cache:
        cache.put(display, entry)
    return entry


def _read_document(
    raw: bytes, display: str, problems: list[Problem], line_offset: int = 0
) -> Document | None:
    try:
        doc = load(decode(raw) if isinstance(raw, bytes) else raw)
    except SourceError as exc:
        problems.append(
            Problem(display, exc.line + line_offset, exc.column, exc.field, exc.message)
        )
        return None
    if line_offset:
        doc.positions = PackedPositions(
            {k: (ln + line_offset, c) for k, (ln, c) in doc.positions.items()}
        )
        doc.key_positions = PackedPositions(
            {k: (ln + line_offset, c) for k, (ln, c) in doc.key_positions.items()}
        )
        doc.problems = [(p, ln + line_offset, c, m) for p, ln, c, m in doc.problems]
    return doc


def _load_articles(project_dir, vocabularies, problems, entry_slugs, glossary_ids) -> list[Article]:
    validator = _validator("artikel-schema.yaml")
    articles = []
    for path, display in _files(project_dir, ARTICLE_DIR, problems):
        if path.stem in entry_slugs:
            problems.append(
                Problem(
                    display,
                    1,
                    1,
                    "(bestandsnaam)",
                    f"id '{path.stem}' wordt al gebruikt door entries/{path.stem}.yaml; kies een "
                    "andere bestandsnaam",
                )
            )
            continue
        if path.suffix != ".md":
            problems.append(
                Problem(
                    display,
                    1,
                    1,
                    "(bestandsnaam)",
                    "alleen .md-bestanden horen in entries/kennisbank/",
                )
            )
            continue
        article = _load_article(path, display, validator, problems, entry_slugs, glossary_ids)
        if article is not None:
            articles.append(article)
    return articles


def _load_article(path, display, validator, problems, entry_slugs, glossary_ids) -> Article | None:
    found: list[Problem] = []
    name_problem = checks.file_name_problem(path.stem, display)
    if name_problem:
        found.append(name_problem)
    try:
        raw = read_regular_file(path)
        text = decode(raw)
    except SourceError as exc:
        problems.append(Problem(display, exc.line, exc.column, exc.field, exc.message))
        return None
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---" or "---" not in [line.strip() for line in lines[1:]]:
        problems.append(
            Problem(
                display, 1, 1, "(kop)", "een artikel begint met een kop tussen twee regels '---'"
            )
        )
        return None
    end = 1 + [line.strip() for line in lines[1:]].index("---")
    header = "\n".join(lines[1:end])
    doc = _read_document(header, display, found, line_offset=1)
    if doc is None:
        problems += found
        return None
    found += [Problem(display, line, col, dotted(p), msg) for p, line, col, msg in doc.problems]
    if not isinstance(doc.data, dict):
        found.append(
            Problem(display, 2, 1, "(kop)", "de kop is een blok met sleutels zoals 'titel:'")
        )
    else:
        found += checks.schema_problems(doc, validator, display)
        found += _article_references(doc, display, entry_slugs, glossary_ids)
    problems += found
    if found:
        return None
    body = "\n".join(lines[end + 1 :]).strip("\n")
    invisible = checks.invisible_character_problem(body, display, end + 2, "(tekst)")
    shape = (
        [invisible] if invisible else checks.markdown_problems(body, display, end + 2, "(tekst)")
    )
    if shape:
        problems += shape
        return None
    return Article(path.stem, doc.data, body, end + 2, doc, display, content_hash(raw))


def _article_references(doc, display, entry_slugs, glossary_ids) -> list[Problem]:
    found = []
    for field_name, known, what in (
        ("aanbod", entry_slugs, "aanbod"),
        ("begrippen", glossary_ids, "begrip"),
    ):
        for i, ref in enumerate(doc.data.get(field_name) or []):
            if isinstance(ref, str) and ref not in known:
                line, column = doc.position((field_name, i))
                found.append(
                    Problem(
                        display,
                        line,
                        column,
                        f"{field_name}[{i + 1}]",
                        f"onbekend {what} '{ref}'{checks._closest(ref, known)}",
                    )
                )
    return found
