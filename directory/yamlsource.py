"""Read hand-written YAML safely and remember where every value stands.

PyYAML's loaders forget positions and silently keep the last of two duplicate keys. We compose the
node tree with the C loader (fast, and it never builds Python objects from tags) and convert it
ourselves, so that every value keeps its line and column, duplicate keys and aliases are caught,
and anything beyond plain data (``!!python/object`` and friends) is refused.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import yaml

try:
    SafeLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    SafeLoader = yaml.SafeLoader

MAX_BYTES = 1_000_000
MAX_DEPTH = 12

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_CONSTRUCTOR = yaml.constructor.SafeConstructor()

Path = tuple  # a path into the document: ("contact", "email") or ("bronnen", 2)


class SourceError(Exception):
    """A problem that stops reading the file; carries a position and a Dutch message."""

    def __init__(self, line: int, column: int, message: str, field: str = "(bestand)"):
        self.line, self.column, self.message, self.field = line, column, message, field
        super().__init__(message)


@dataclass
class Document:
    """Plain data (dicts, lists, str, int, float, bool, None; dates as ISO strings) plus positions."""

    data: object
    positions: dict = field(default_factory=dict)  # Path -> (line, column) of the value
    key_positions: dict = field(default_factory=dict)  # Path -> (line, column) of the key
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


def decode(raw: bytes) -> str:
    """Bytes to text, refusing what a partner's editor should not have saved."""
    if len(raw) > MAX_BYTES:
        raise SourceError(1, 1, f"bestand is te groot ({len(raw):,} bytes; maximaal {MAX_BYTES:,})".replace(",", "."))
    if raw.startswith(b"\xef\xbb\xbf"):
        raise SourceError(1, 1, "bestand begint met een byte-order mark (BOM); sla het op als UTF-8 zonder BOM")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise SourceError(line, column, "bestand is geen geldige UTF-8-tekst; sla het op als UTF-8") from None
    if "\x00" in text:
        raise SourceError(1, 1, "bestand bevat een NUL-teken; is het wel een tekstbestand?")
    return text


def load(text: str) -> Document:
    """Parse YAML text into a Document, raising SourceError for what cannot be read at all."""
    loader = SafeLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        # An unclosed quote is found at the end of the file; the place it opened is more useful.
        quoted = "quoted scalar" in (exc.context or "") and exc.context_mark
        mark = exc.context_mark if quoted else (exc.problem_mark or exc.context_mark)
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise SourceError(line, column, _explain_yaml_error(exc, text)) from None
    except yaml.YAMLError as exc:
        raise SourceError(1, 1, f"YAML kan niet worden gelezen: {exc}") from None
    except RecursionError:
        raise SourceError(1, 1, f"te diep genest (maximaal {MAX_DEPTH} niveaus)") from None
    finally:
        loader.dispose()
    doc = Document(data=None)
    if node is None:
        doc.data = None
        return doc
    doc.data = _convert(node, (), doc, seen=set(), depth=0)
    return doc


def _convert(node, path: Path, doc: Document, seen: set, depth: int):
    line, column = node.start_mark.line + 1, node.start_mark.column + 1
    doc.positions[path] = (line, column)
    if depth > MAX_DEPTH:
        raise SourceError(line, column, f"te diep genest (maximaal {MAX_DEPTH} niveaus)", _dotted(path))
    if id(node) in seen:  # an alias: the node stands where its anchor is, so point at the key
        line, column = doc.key_positions.get(path, (line, column))
        raise SourceError(line, column, "ankers en verwijzingen (& en *) zijn niet toegestaan; schrijf de waarde uit", _dotted(path))
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        return _convert_mapping(node, path, doc, seen, depth)
    if isinstance(node, yaml.SequenceNode):
        if node.tag != "tag:yaml.org,2002:seq":
            raise SourceError(line, column, f"tag {node.tag!r} is niet toegestaan", _dotted(path))
        return [_convert(child, path + (i,), doc, seen, depth + 1) for i, child in enumerate(node.value)]
    return _convert_scalar(node, path, line, column)


def _convert_mapping(node, path, doc, seen, depth):
    if node.tag != "tag:yaml.org,2002:map":
        raise SourceError(node.start_mark.line + 1, node.start_mark.column + 1, f"tag {node.tag!r} is niet toegestaan", _dotted(path))
    result = {}
    for key_node, value_node in node.value:
        key_line, key_column = key_node.start_mark.line + 1, key_node.start_mark.column + 1
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
            raise SourceError(key_line, key_column, "een sleutel moet gewone tekst zijn", _dotted(path))
        key = key_node.value
        child = path + (key,)
        if key in result:
            first_line = doc.key_positions[child][0]
            doc.problems.append((child, key_line, key_column, f"sleutel '{key}' staat dubbel (ook op regel {first_line}); PyYAML zou de eerste stilletjes vergeten"))
            continue
        doc.key_positions[child] = (key_line, key_column)
        result[key] = _convert(value_node, child, doc, seen, depth + 1)
    return result


def _convert_scalar(node, path, line, column):
    if node.tag not in _PLAIN_TAGS:
        raise SourceError(line, column, f"tag {node.tag!r} is niet toegestaan; gebruik gewone tekst, getallen en datums", _dotted(path))
    try:
        value = _CONSTRUCTOR.construct_object(node)
    except (ValueError, yaml.constructor.ConstructorError):
        if node.tag == "tag:yaml.org,2002:timestamp":
            raise SourceError(line, column, f"'{node.value}' is geen bestaande datum", _dotted(path)) from None
        raise SourceError(line, column, f"waarde '{node.value}' kan niet worden gelezen", _dotted(path)) from None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _dotted(path: Path) -> str:
    """("contact", "email") -> contact.email; ("bronnen", 2) -> bronnen[3] (1-based for people)."""
    out = ""
    for part in path:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(bestand)"


dotted = _dotted


def _explain_yaml_error(exc: yaml.MarkedYAMLError, text: str) -> str:
    """Turn libyaml's English into a Dutch hint for the mistakes partners actually make."""
    problem = (exc.problem or "").strip()
    mark = exc.problem_mark
    at_tab = mark is not None and 0 <= mark.index < len(text) and text[mark.index] == "\t"
    if at_tab or "\t" in problem or "'\\t'" in problem:
        return "tab gevonden: spring in met spaties, niet met tabs"
    if "found duplicate anchor" in problem or "undefined alias" in problem:
        return "ankers en verwijzingen (& en *) zijn niet toegestaan"
    if "mapping values are not allowed" in problem:
        return "onverwachte dubbele punt; zet tekst met ': ' erin tussen aanhalingstekens"
    if "could not find expected ':'" in problem:
        return "hier ontbreekt een dubbele punt na de sleutel, of een aanhalingsteken is niet gesloten"
    if "quoted scalar" in (exc.context or ""):
        return "aanhalingsteken wordt hier geopend maar niet gesloten"
    if "found unexpected end of stream" in problem or "found unexpected end" in problem:
        return "bestand eindigt midden in een waarde; is er een aanhalingsteken niet gesloten?"
    if "did not find expected" in problem or "expected <block end>" in problem:
        return "inspringing klopt niet; zet sleutels op hetzelfde niveau precies onder elkaar"
    if "special characters are not allowed" in problem or "unacceptable character" in problem:
        return "bestand bevat een teken dat niet in YAML mag"
    return f"YAML-fout: {problem or exc}"
