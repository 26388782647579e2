"""Read hand-written YAML safely and remember where every value stands.

PyYAML's loaders forget positions, silently keep the last of two duplicate keys, and build the
whole node tree (recursing in C once per nesting level) before anyone can look at it. We read the
event stream of the C parser instead and build plain data ourselves, one event at a time, so that:
every value keeps its line and column; duplicate keys, anchors, aliases and tags are refused where
they stand; nesting and sizes are bounded before anything big is built (no "billion laughs", no
stack overflow); and nothing but plain data (text, numbers, booleans, dates) ever comes out.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
import stat
import sys
import weakref
from array import array
from collections.abc import Mapping
from dataclasses import dataclass, field

import yaml

try:
    SafeLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    SafeLoader = yaml.SafeLoader

MAX_BYTES = 1_000_000
MAX_DEPTH = 12
MAX_ITEMS = 500  # entries in one list or mapping: far beyond any real entry
ALLOWED_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
# YAML 1.1 (libyaml) counts these as line breaks, editors and GitHub do not: positions would lie.
LINE_SEPARATORS = {"\u2028": "U+2028", "\u2029": "U+2029", "\u0085": "U+0085"}
# Control characters (category Cc) other than tab and line ends, those separators, and
# non-characters.
FORBIDDEN_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")
LONE_CARRIAGE_RETURN = re.compile("\r(?!\n)")
STR = "tag:yaml.org,2002:str"
VALUE = "tag:yaml.org,2002:value"
_RESOLVER = yaml.resolver.Resolver()
_CONSTRUCTOR = yaml.constructor.SafeConstructor()

INTERNED_LENGTH = 40  # a value as short as this is kept once however many files hold it
Path = tuple  # a path into the document: ("contact", "email") or ("bronnen", 2)


class SourceError(Exception):
    """A problem that stops reading the file; carries a position and a Dutch message."""

    def __init__(self, line: int, column: int, message: str, field: str = "(bestand)"):
        self.line, self.column, self.message, self.field = line, column, message, field
        super().__init__(message)


class PackedPositions(Mapping):
    """Path -> (line, column), as a file's positions are kept once it is read: the paths in a
    table shared by every file with the same keys in the same order (most entries), the numbers
    in one array. Two dicts per file held a fifth of a catalogue's memory at 50,000 entries, and
    a forked build helper that reads the entries copies the pages they share (#21)."""

    __slots__ = ("_numbers", "_rows")

    def __init__(self, table: dict):
        self._rows = _layout(tuple(table))
        self._numbers = array("I", [n for position in table.values() for n in position])

    def __getitem__(self, path: Path) -> tuple[int, int]:
        row = 2 * self._rows[path]
        return self._numbers[row], self._numbers[row + 1]

    def __iter__(self):
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)

    def __getstate__(self):  # the check cache pickles documents; unpickled, they share again
        return tuple(self._rows), self._numbers

    def __setstate__(self, state):
        paths, self._numbers = state
        self._rows = _layout(paths)


class _Rows(dict):
    """Path -> row in the numbers: a dict that a weak reference can point to."""

    __slots__ = ("__weakref__",)


# a layout lives as long as a file uses it: a long-running server does not collect them
_LAYOUTS: weakref.WeakValueDictionary = weakref.WeakValueDictionary()


def _layout(paths: tuple) -> _Rows:
    """Path -> row, one table for every file whose paths are these."""
    rows = _LAYOUTS.get(paths)
    if rows is None:
        rows = _LAYOUTS[paths] = _Rows((path, row) for row, path in enumerate(paths))
    return rows


@dataclass
class Document:
    """Plain data (dicts, lists, str, int, float, bool, None; dates as ISO strings) plus
    positions."""

    data: object
    # Path -> (line, column) of the value and of the key: dicts while the file is read,
    # PackedPositions once it is
    positions: Mapping = field(default_factory=dict)
    key_positions: Mapping = field(default_factory=dict)
    problems: list = field(default_factory=list)  # (Path, line, column, message): recoverable

    def position(self, path: Path, *, key: bool = False) -> tuple[int, int]:
        """Where a path stands; falls back to the nearest parent that exists."""
        table = self.key_positions if key else self.positions
        path = tuple(path)
        while path:
            if path in table:
                return table[path]
            if path in self.positions:
                return self.positions[path]
            path = path[:-1]
        return self.positions.get((), (1, 1))


def read_regular_file(path) -> bytes:
    """The bytes of a regular file, opened without following a symbolic link and refused by size
    before reading: a FIFO or a device would hang the check or read without end."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as exc:
        raise SourceError(
            1, 1, f"bestand kan niet worden geopend ({exc.strerror})", "(bestandsnaam)"
        ) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise SourceError(
                1,
                1,
                "geen gewoon bestand (een apparaat, pijp of socket); zet hier alleen "
                "tekstbestanden",
                "(bestandsnaam)",
            )
        if info.st_size > MAX_BYTES:
            raise SourceError(
                1,
                1,
                f"bestand is te groot ({info.st_size:,} bytes; maximaal {MAX_BYTES:,})".replace(
                    ",", "."
                ),
            )
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read(MAX_BYTES + 1)
    finally:
        os.close(fd)


def decode(raw: bytes) -> str:
    """Bytes to text, refusing what a partner's editor should not have saved."""
    if len(raw) > MAX_BYTES:
        raise SourceError(
            1,
            1,
            f"bestand is te groot ({len(raw):,} bytes; maximaal {MAX_BYTES:,})".replace(",", "."),
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        raise SourceError(
            1, 1, "bestand begint met een byte-order mark (BOM); sla het op als UTF-8 zonder BOM"
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _line_and_column(raw, exc.start, b"\n")
        raise SourceError(
            line, column, "bestand is geen geldige UTF-8-tekst; sla het op als UTF-8"
        ) from None
    lone = LONE_CARRIAGE_RETURN.search(text)
    if lone:  # a diff view shows "a\rb" as one line; a key behind it would pass a reviewer unseen
        line, column = _line_and_column(text, lone.start(), "\n")
        raise SourceError(
            line,
            column,
            "bestand bevat een losse regelterugloop (CR zonder LF); sla het op met gewone "
            "regeleinden",
        )
    bad = FORBIDDEN_CHARACTERS.search(text)
    if bad:
        line, column = _line_and_column(text, bad.start(), "\n")
        char = bad.group()
        name = LINE_SEPARATORS.get(char, f"U+{ord(char):04X}")
        raise SourceError(
            line,
            column,
            f"bestand bevat een onzichtbaar stuur- of scheidingsteken ({name}); typ de regel "
            "opnieuw",
        )
    return text


def _line_and_column(text, index: int, newline) -> tuple[int, int]:
    return text.count(newline, 0, index) + 1, index - (text.rfind(newline, 0, index) + 1) + 1


def load(text: str) -> Document:
    """Parse YAML text into a Document, raising SourceError for what cannot be read at all."""
    doc = Document(data=None)
    events = yaml.parse(text, Loader=SafeLoader)
    try:
        event = next(events)  # StreamStartEvent
        event = next(events)
        if isinstance(event, yaml.StreamEndEvent):
            return doc
        if event.explicit and getattr(event, "version", None) not in (None, (1, 1)):
            raise SourceError(
                *_mark(event), "alleen YAML 1.1 wordt gelezen; haal de %YAML-regel weg"
            )
        if getattr(event, "tags", None):
            raise SourceError(*_mark(event), "%TAG-regels zijn niet toegestaan")
        doc.data = _read(next(events), events, (), doc, 0)
        doc.positions = PackedPositions(doc.positions)
        doc.key_positions = PackedPositions(doc.key_positions)
        next(events)  # DocumentEndEvent
        event = next(events)
        if not isinstance(event, yaml.StreamEndEvent):
            raise SourceError(
                *_mark(event),
                "een bestand bevat één aanbod; haal de tweede '---' en wat erna komt weg",
            )
    except yaml.MarkedYAMLError as exc:
        raise SourceError(*_error_position(exc), _explain_yaml_error(exc)) from None
    except (
        UnicodeError
    ):  # text with lone surrogates (only possible through the API, not from a file)
        raise SourceError(1, 1, "tekst bevat ongeldige tekens") from None
    except yaml.YAMLError as exc:  # a reader error: a character YAML does not allow
        position = getattr(exc, "position", 0) or 0
        raise SourceError(
            *_line_and_column(text, position, "\n"), "bestand bevat een teken dat niet in YAML mag"
        ) from None
    return doc


def _mark(event) -> tuple[int, int]:
    return _shared((event.start_mark.line + 1, event.start_mark.column + 1))


_SHARED: dict = {}


def _shared(value: tuple) -> tuple:
    """One object for equal positions and paths: the same ones recur in every file, and a
    catalogue keeps them all (at 10,000 entries they were a third of its memory)."""
    if len(_SHARED) < 200_000:  # bounded: a hostile file cannot grow it without end
        return _SHARED.setdefault(value, value)
    return _SHARED.get(value, value)


def _read(event, events, path: Path, doc: Document, depth: int):
    doc.positions[path] = position = _mark(event)
    line, column = position
    if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
        raise SourceError(
            line,
            column,
            "ankers en verwijzingen (& en *) zijn niet toegestaan; schrijf de waarde uit",
            dotted(path),
        )
    if depth > MAX_DEPTH:
        raise SourceError(
            line, column, f"te diep genest (maximaal {MAX_DEPTH} niveaus)", dotted(path)
        )
    if isinstance(event, yaml.ScalarEvent):
        return _scalar(event, path, line, column)
    if event.tag is not None and not event.implicit:
        raise SourceError(line, column, f"tag {event.tag!r} is niet toegestaan", dotted(path))
    if isinstance(event, yaml.SequenceStartEvent):
        items = []
        for event in events:
            if isinstance(event, yaml.SequenceEndEvent):
                return items
            if len(items) >= MAX_ITEMS:
                raise SourceError(
                    *_mark(event), f"lijst is te lang (maximaal {MAX_ITEMS} waarden)", dotted(path)
                )
            items.append(_read(event, events, _shared(path + (len(items),)), doc, depth + 1))
    if isinstance(event, yaml.MappingStartEvent):
        return _mapping(events, path, doc, depth)
    raise SourceError(line, column, "onverwacht element in YAML", dotted(path))  # pragma: no cover


def _mapping(events, path: Path, doc: Document, depth: int) -> dict:
    result = {}
    for key_event in events:
        if isinstance(key_event, yaml.MappingEndEvent):
            return result
        key_line, key_column = _mark(key_event)
        if isinstance(key_event, yaml.AliasEvent) or key_event.anchor:
            raise SourceError(
                key_line,
                key_column,
                "ankers en verwijzingen (& en *) zijn niet toegestaan",
                dotted(path),
            )
        if (
            not isinstance(key_event, yaml.ScalarEvent)
            or key_event.tag not in (None, "!")
            or not _is_text_key(key_event.value, key_event.implicit)
        ):
            shown = (
                key_event.value
                if isinstance(key_event, yaml.ScalarEvent) and key_event.value
                else dotted(path)
            )
            raise SourceError(
                key_line, key_column, "een sleutel moet gewone tekst zijn, zoals 'naam'", shown
            )
        if len(result) >= MAX_ITEMS:
            raise SourceError(
                key_line, key_column, f"te veel sleutels (maximaal {MAX_ITEMS})", dotted(path)
            )
        key = sys.intern(key_event.value)
        child = _shared(path + (key,))
        if key in result or child in doc.key_positions:
            first_line = doc.key_positions[child][0]
            doc.problems.append(
                (
                    child,
                    key_line,
                    key_column,
                    f"sleutel '{key}' staat dubbel (ook op regel {first_line}); PyYAML zou de "
                    "eerste stilletjes vergeten",
                )
            )
            _skip(next(events), events)
            continue
        doc.key_positions[child] = _shared((key_line, key_column))
        result[key] = _read(next(events), events, child, doc, depth + 1)
    return result  # pragma: no cover - the parser always ends a mapping


@functools.lru_cache(maxsize=4096)
def _is_text_key(value: str, implicit: tuple) -> bool:
    """A key must read as text: not a number, boolean, null, date or the merge key '<<'."""
    merge_key = value == "<<" and implicit[0]  # only a plain << is YAML's merge key; '<<' is text
    return not merge_key and _RESOLVER.resolve(yaml.ScalarNode, value, implicit) == STR


def _skip(event, events):
    """Pass over a duplicate key's value (it is reported, not read)."""
    if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
        level = 1
        for event in events:
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                level += 1
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                level -= 1
                if not level:
                    return


def _scalar(event, path, line, column):
    explicit = event.tag is not None and event.tag != "!"
    tag = event.tag if explicit else _RESOLVER.resolve(yaml.ScalarNode, event.value, event.implicit)
    if tag in (STR, VALUE):  # most values: nothing to construct ('=' resolves to the 'value' tag)
        # one object for a short value that recurs (vocabulary ids, dates, "actief") in every file
        return sys.intern(event.value) if len(event.value) <= INTERNED_LENGTH else event.value
    if tag not in ALLOWED_TAGS:
        raise SourceError(
            line,
            column,
            f"tag {tag!r} is niet toegestaan; gebruik gewone tekst, getallen en datums",
            dotted(path),
        )
    node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
    try:
        value = _CONSTRUCTOR.construct_object(node)
    except Exception:  # noqa: BLE001 - the constructor fails in many ways on values unlike their tag
        if tag == "tag:yaml.org,2002:timestamp":
            raise SourceError(
                line, column, f"'{event.value}' is geen bestaande datum", dotted(path)
            ) from None
        raise SourceError(
            line, column, f"waarde '{event.value[:40]}' kan niet worden gelezen", dotted(path)
        ) from None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def dotted(path: Path) -> str:
    """("contact", "email") -> contact.email; ("bronnen", 2) -> bronnen[3] (1-based for people)."""
    out = ""
    for part in path:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(bestand)"


def _error_position(exc: yaml.MarkedYAMLError) -> tuple[int, int]:
    # An unclosed quote is found at the end of the file; the place it opened is more useful.
    unclosed = "quoted scalar" in (exc.context or "") and "found unexpected end of stream" in (
        exc.problem or ""
    )
    mark = exc.context_mark if unclosed else (exc.problem_mark or exc.context_mark)
    return (mark.line + 1, mark.column + 1) if mark else (1, 1)


def _explain_yaml_error(exc: yaml.MarkedYAMLError) -> str:
    """Turn libyaml's English into a Dutch hint for the mistakes partners actually make."""
    problem = (exc.problem or "").strip()
    context = exc.context or ""
    if "\t" in problem or "'\\t'" in problem or "tab" in problem.lower():
        return "tab gevonden: spring in met spaties, niet met tabs"
    if "found unknown escape character" in problem:
        return (
            "onbekende backslash-code in tekst tussen dubbele aanhalingstekens; "
            "schrijf \\\\ voor een backslash of gebruik enkele aanhalingstekens"
        )
    if "quoted scalar" in context and "end of stream" in problem:
        return "aanhalingsteken wordt hier geopend maar niet gesloten"
    if (
        "found duplicate anchor" in problem
        or "undefined alias" in problem
        or "found undefined alias" in problem
    ):
        return "ankers en verwijzingen (& en *) zijn niet toegestaan"
    if "mapping values are not allowed" in problem:
        return "onverwachte dubbele punt; zet tekst met ': ' erin tussen aanhalingstekens"
    if "could not find expected ':'" in problem:
        return (
            "hier ontbreekt een dubbele punt na de sleutel, of een aanhalingsteken is niet gesloten"
        )
    if "found unexpected end of stream" in problem or "found unexpected end" in problem:
        return "bestand eindigt midden in een waarde; is er een aanhalingsteken niet gesloten?"
    if "did not find expected" in problem or "expected <block end>" in problem:
        return "inspringing klopt niet; zet sleutels op hetzelfde niveau precies onder elkaar"
    if "found character" in problem and "cannot start any token" in problem:
        return "dit teken mag hier niet staan; zet de tekst tussen aanhalingstekens"
    if "incompatible YAML document" in problem or "%YAML" in problem:
        return "alleen YAML 1.1 wordt gelezen; haal de %YAML-regel weg"
    if "special characters are not allowed" in problem or "unacceptable character" in problem:
        return "bestand bevat een teken dat niet in YAML mag"
    return f"YAML kan hier niet worden gelezen ({problem or exc})"
