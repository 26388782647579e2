"""The checks `build.py check` runs: schema errors in plain Dutch, rules across fields and entries,
and warnings that do not stop a build.

Every check returns Problems pointing at a file, line, column and field, so that a partner editing
in the GitHub web editor knows exactly where to look.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
import unicodedata

import fastjsonschema
from jsonschema import Draft202012Validator, FormatChecker

from . import sources, taal
from .problems import ERROR, WARNING, Problem
from .yamlsource import Document, dotted

ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
REVIEW_AFTER_DAYS = 365
CONTACT_FIELDS = ("website", "telefoon", "email", "whatsapp", "adres", "professionals")
NAME_FIELDS = ("naam", "organisatie", "samenvatting")
# category Cc but tab and line break
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
MULTILINE_FIELDS = {("beschrijving",)}  # the only field where a line break means something
TYPE_NAMES = {
    "string": "tekst",
    "integer": "een heel getal",
    "number": "een getal",
    "boolean": "true of false",
    "array": "een lijst (regels die beginnen met '- ', of [a, b])",
    "object": "een blok met sleutels",
}


class SchemaValidator:
    """fastjsonschema decides, jsonschema explains. Nearly every file is valid; fastjsonschema
    compiles the schema to Python and says so some fifteen times faster. Only a file it rejects
    goes through jsonschema, whose errors carry the path and keyword our Dutch messages need.
    Both use the same date check, and a test holds that what passes the first passes the second."""

    def __init__(self, schema: dict):
        format_checker = FormatChecker()
        self.explainer = Draft202012Validator(schema, format_checker=format_checker)
        self._decide = fastjsonschema.compile(
            as_draft7(schema),
            use_default=False,
            formats={"date": lambda value: format_checker.conforms(value, "date")},
        )

    def passes(self, data) -> bool:
        try:
            self._decide(data)
        except Exception:  # noqa: BLE001 - invalid, or the fast path trips: jsonschema will explain
            return False
        return True

    def iter_errors(self, data):
        return self.explainer.iter_errors(data)


DRAFT7_KEYWORDS = frozenset(
    {
        "$schema",
        "$id",
        "$ref",
        "$comment",
        "$defs",
        "definitions",
        "type",
        "enum",
        "const",
        "multipleOf",
        "maximum",
        "exclusiveMaximum",
        "minimum",
        "exclusiveMinimum",
        "maxLength",
        "minLength",
        "pattern",
        "format",
        "items",
        "additionalItems",
        "maxItems",
        "minItems",
        "uniqueItems",
        "contains",
        "maxProperties",
        "minProperties",
        "required",
        "properties",
        "patternProperties",
        "additionalProperties",
        "dependencies",
        "propertyNames",
        "if",
        "then",
        "else",
        "allOf",
        "anyOf",
        "oneOf",
        "not",
        # annotations, which no validator checks
        "title",
        "description",
        "default",
        "examples",
        "readOnly",
        "writeOnly",
        "contentMediaType",
        "contentEncoding",
        "enumDescriptions",
        "markdownDescription",
        "deprecated",
    }
)
SUBSCHEMA_MAPS = ("properties", "patternProperties", "$defs", "definitions", "dependencies")
SUBSCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "items")


def as_draft7(schema):
    """The same schema for fastjsonschema, which knows drafts up to 7: there a ``$ref`` hides the
    keywords beside it (``maxLength`` next to a reference), so each such reference moves into an
    ``allOf``, which means the same in every draft. A keyword newer than draft 7 (say
    ``prefixItems``) would be ignored there and let errors through: it is refused instead."""
    if not isinstance(schema, dict):
        return schema
    newer = sorted(key for key in schema if key not in DRAFT7_KEYWORDS and not key.startswith("x-"))
    if newer:
        raise ValueError(
            f"schema keyword(s) {', '.join(newer)} are newer than draft 7; the fast check "
            "would ignore them: write them with draft-7 keywords or extend SchemaValidator"
        )
    result = {}
    for key, value in schema.items():
        if key == "$schema":
            result[key] = "http://json-schema.org/draft-07/schema#"
        elif key in SUBSCHEMA_MAPS and isinstance(value, dict):
            result[key] = {name: as_draft7(sub) for name, sub in value.items()}
        elif key in SUBSCHEMA_LISTS and isinstance(value, list):
            result[key] = [as_draft7(sub) for sub in value]
        elif key in (
            "items",
            "additionalItems",
            "additionalProperties",
            "contains",
            "propertyNames",
            "not",
            "if",
            "then",
            "else",
        ):
            result[key] = as_draft7(value)
        else:
            result[key] = value  # enum, const, default, examples ...: data, not schemas
    if "$ref" in result and len(result) > 1:
        result["allOf"] = [{"$ref": result.pop("$ref")}] + result.get("allOf", [])
    return result


def make_validator(schema: dict) -> SchemaValidator:
    return SchemaValidator(schema)


def closest(word, options) -> str | None:
    match = difflib.get_close_matches(str(word), [str(o) for o in options], n=1, cutoff=0.6)
    return match[0] if match else None


def _closest(word, options) -> str:
    match = closest(word, options)
    return f"; bedoel je '{match}'?" if match else ""


def schema_problems(doc: Document, validator: SchemaValidator, display_path: str) -> list[Problem]:
    """Validate a document against the schema and explain each error in Dutch (each once)."""
    if validator.passes(doc.data):
        return []
    problems = []
    for error in validator.iter_errors(doc.data):
        path = tuple(error.absolute_path)
        for field_path, message, at_key in _explain(error, path):
            line, column = doc.position(field_path, key=at_key)
            problem = Problem(display_path, line, column, dotted(field_path), message)
            if problem not in problems:
                problems.append(problem)
    return problems


def _explain(error, path):
    """Yield (path, Dutch message, point at the key?) for one jsonschema error."""
    kind, instance, schema = error.validator, error.instance, error.schema
    if kind == "required":
        for name in error.validator_value:
            if isinstance(instance, dict) and name not in instance:
                typo = closest(name, instance.keys())
                hint = f" (staat er een tikfout in '{typo}'?)" if typo else ""
                yield path + (name,), f"verplicht veld ontbreekt{hint}", True
    elif kind == "additionalProperties":
        allowed = schema.get("properties", {}).keys()
        for name in instance:
            if name not in allowed:
                yield path + (name,), f"onbekend veld '{name}'{_closest(name, allowed)}", True
    elif kind == "enum":
        options = error.validator_value
        hint = _closest(instance, options) or (
            f"; kies uit: {', '.join(options)}" if len(options) <= 6 else ""
        )
        yield path, f"onbekende waarde '{instance}'{hint}", False
    elif kind == "type":
        expected = schema.get("type")
        names = " of ".join(
            TYPE_NAMES.get(t, t) for t in ([expected] if isinstance(expected, str) else expected)
        )
        yield path, f"verwacht {names}, maar vond {_describe(instance)}", False
    elif kind == "maxLength":
        yield path, f"te lang: {len(instance)} tekens, maximaal {error.validator_value}", False
    elif kind == "minLength" or (kind == "pattern" and schema.get("pattern") == "\\S"):
        yield path, "mag niet leeg zijn", False
    elif kind in ("pattern", "format"):
        message = schema.get("x-foutmelding", f"waarde '{instance}' heeft niet de goede vorm")
        yield path, f"{message}: '{instance}'", False
    elif kind == "minItems":
        yield (
            path,
            "kies minstens één waarde"
            if error.validator_value == 1
            else f"minstens {error.validator_value} waarden",
            False,
        )
    elif kind == "uniqueItems":
        yield path, "een waarde staat dubbel in de lijst", False
    elif kind in ("anyOf", "oneOf") and error.context:
        for sub in _fitting_branch(error.context):
            yield from _explain(sub, tuple(sub.absolute_path))
    elif kind in ("minimum", "maximum"):
        yield (
            path,
            f"waarde {instance} ligt buiten "
            f"{schema.get('minimum', '')}–{schema.get('maximum', '')}",
            False,
        )
    else:
        yield path, error.message, False


def _fitting_branch(errors) -> list:
    """The errors of the alternative meant: one whose type fits the value, with the fewest errors
    (a month written wrongly is explained as a date or month, not as "expected a number")."""
    branches: dict = {}
    for sub in errors:
        branches.setdefault(sub.relative_schema_path[0], []).append(sub)
    fitting = [
        b
        for b in branches.values()
        if not any(e.validator == "type" and not e.relative_path for e in b)
    ]
    return min(fitting or branches.values(), key=len)


def _describe(value) -> str:
    if value is None:
        return "niets (een leeg veld)"
    if isinstance(value, bool):
        return f"'{'true' if value else 'false'}'"
    if isinstance(value, (int, float)):
        return f"het getal {value}"
    if isinstance(value, str):
        return f"de tekst '{value[:40]}'"
    if isinstance(value, list):
        return "een lijst"
    return "een blok met sleutels"


# Names Windows reserves for devices: a partner on Windows could not check such a file out.
RESERVED_NAMES = frozenset(
    {
        "con",
        "prn",
        "aux",
        "nul",
        *(f"com{i}" for i in range(1, 10)),
        *(f"lpt{i}" for i in range(1, 10)),
    }
)
MAX_ID_LENGTH = 100


@functools.cache
def visible_text() -> re.Pattern:
    """The one rule for visible text (``$defs.zichtbaar`` of the entry schema), for what the schema
    does not cover: the Markdown body of an article."""
    from .schema import build_schema
    from .vocabularies import load_vocabularies

    return re.compile(
        build_schema("schema.yaml", load_vocabularies())["$defs"]["zichtbaar"]["pattern"]
    )


def invisible_character_problem(
    text: str, display_path: str, first_line: int, field: str
) -> Problem | None:
    """Where a text holds a character the rule for visible text refuses, as file:line."""
    if visible_text().match(text):
        return None
    index = next(i for i, ch in enumerate(text) if not visible_text().match(ch))
    line = first_line + text.count("\n", 0, index)
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return Problem(
        display_path,
        line,
        column,
        field,
        f"bevat een onzichtbaar of richting-omkerend teken (U+{ord(text[index]):04X}); typ de "
        "tekst opnieuw",
    )


def file_name_problem(stem: str, display_path: str) -> Problem | None:
    if stem.lower() in RESERVED_NAMES:
        return Problem(
            display_path,
            1,
            1,
            "(bestandsnaam)",
            f"'{stem}' is een naam die Windows voor apparaten gebruikt; kies een andere "
            "bestandsnaam",
        )
    if len(stem) > MAX_ID_LENGTH:
        return Problem(
            display_path,
            1,
            1,
            "(bestandsnaam)",
            f"bestandsnaam is {len(stem)} tekens lang; maximaal {MAX_ID_LENGTH}",
        )
    if ID_PATTERN.match(stem):
        return None
    suggestion = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")
    return Problem(
        display_path,
        1,
        1,
        "(bestandsnaam)",
        f"bestandsnaam '{stem}' mag alleen kleine letters, cijfers en streepjes bevatten; "
        f"bijvoorbeeld '{suggestion}.yaml'",
    )


def markdown_problems(text: str, display_path: str, first_line: int, field: str) -> list[Problem]:
    """Markdown within the bounds that keep rendering linear, rendered by the code the build uses
    (so check finds what the build would stumble over)."""
    from .render import markdown, markdown_shape_problem

    shape = markdown_shape_problem(text)
    if shape:
        return [Problem(display_path, first_line + shape[0] - 1, 1, field, shape[1])]
    try:
        markdown(text)
    except Exception as exc:  # noqa: BLE001  (any failure of the renderer is the file's problem)
        return [
            Problem(
                display_path,
                first_line,
                1,
                field,
                f"deze tekst kan niet worden weergegeven ({type(exc).__name__})",
            )
        ]
    return []


def entry_rules(data: dict, doc: Document, vocabularies, display_path: str) -> list[Problem]:
    """Rules across fields that a JSON Schema cannot express."""
    problems = []

    def add(path, message):
        line, column = doc.position(path)
        problems.append(Problem(display_path, line, column, dotted(path), message))

    if isinstance(data.get("beschrijving"), str):
        line, _ = doc.position(("beschrijving",))
        # a block scalar ("|") starts on the line after its key
        block = "\n" in data["beschrijving"]
        problems += markdown_problems(
            data["beschrijving"], display_path, line + block, "beschrijving"
        )

    region = data.get("regio")
    for i, municipality in enumerate(data.get("gemeenten") or []):
        home = vocabularies.region_of(municipality)
        if home and region and region != "landelijk" and home != region:
            add(
                ("gemeenten", i),
                f"gemeente '{municipality}' hoort bij regio '{home}', niet bij '{region}'",
            )
        if region == "landelijk" and home:
            add(
                ("gemeenten", i),
                "landelijk aanbod heeft geen gemeenten; kies een regio of laat gemeenten weg",
            )
    span = data.get("leeftijd")
    if (
        isinstance(span, dict)
        and _comparable(span.get("van"), span.get("tot"))
        and span["van"] > span["tot"]
    ):
        add(("leeftijd", "tot"), f"'tot' ({span['tot']}) ligt onder 'van' ({span['van']})")
    span = data.get("periode")
    if isinstance(span, dict) and span.get("van") is not None and span.get("tot") is not None:
        if sources.period_bounds(span["van"])[0] > sources.period_bounds(span["tot"])[1]:
            add(("periode", "tot"), f"'tot' ({span['tot']}) ligt vóór 'van' ({span['van']})")
    for field_name in NAME_FIELDS:
        value = data.get(field_name)
        if (
            not isinstance(value, str) or value.isascii()
        ):  # plain ASCII: one script, no format characters
            continue
        if any(unicodedata.category(ch) == "Cf" for ch in value):
            add(
                (field_name,),
                "bevat onzichtbare of richting-omkerende tekens; typ de tekst opnieuw",
            )
        elif len(scripts_of(value)) > 1:
            add(
                (field_name,),
                "mengt letters uit verschillende schriften "
                f"({', '.join(sorted(scripts_of(value)))}); "
                "gebruik gewone letters, zodat de naam niet op een andere lijkt",
            )
    for path, value in _strings(data, ()):
        if CONTROL_CHARACTERS.search(value):
            add(path, "bevat een stuurteken; typ de tekst opnieuw")
        elif "\n" in value and path[:1] not in MULTILINE_FIELDS:
            add(
                path,
                "mag geen regeleinde bevatten; gebruik >- om een lange tekst over meer regels te "
                "schrijven",
            )
    return problems


def _strings(value, path):
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, path + (index,))


def scripts_of(text: str) -> set[str]:
    """The scripts of the letters in a text (LATIN, CYRILLIC, GREEK, ...), from Unicode names."""
    return {unicodedata.name(ch, "?").split()[0] for ch in text if ch.isalpha()}


def _comparable(a, b) -> bool:
    return a is not None and b is not None and type(a) is type(b)


def catalogue_problems(entries) -> list[Problem]:
    """Rules across entries: unique names. Both files are named, each pointing at the other."""
    problems = []
    by_name: dict[str, list] = {}
    for entry in entries:
        by_name.setdefault(_name_key(entry["naam"]), []).append(entry)
    for same in by_name.values():
        for entry in same if len(same) > 1 else []:
            others = ", ".join(other.display_path for other in same if other is not entry)
            line, column = entry.doc.position(("naam",))
            problems.append(
                Problem(
                    entry.display_path,
                    line,
                    column,
                    "naam",
                    f"naam '{entry['naam']}' wordt ook gebruikt door {others}; elke naam mag maar "
                    "één keer voorkomen",
                )
            )
    return problems


def _name_key(name: str) -> str:
    """Names that read the same are one name: compared by their confusable skeleton (Unicode
    TS #39: each character as the Latin or common character it looks like, from the Unicode
    confusables data in ``confusable_homoglyphs``), spacing and case ignored. Invisible characters
    are refused before this (the rule for visible text)."""
    return re.sub(r"\s+", " ", skeleton(name)).strip().casefold()


@functools.lru_cache(maxsize=1)
def _prototypes() -> dict[str, str]:
    """Character -> the ASCII character it is confusable with, where the Unicode data has one."""
    import json
    from importlib import resources

    data = json.loads(
        resources.files("confusable_homoglyphs")
        .joinpath("confusables.json")
        .read_text(encoding="utf-8")
    )
    return {
        char: next((h["c"] for h in glyphs if h["c"].isascii()), char)
        for char, glyphs in data.items()
    }


def skeleton(text: str) -> str:
    """A text as its look-alike skeleton: NFD, each character replaced by its ASCII prototype."""
    prototypes = _prototypes()
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize(
        "NFD", "".join(prototypes.get(ch, ch) if not ch.isascii() else ch for ch in decomposed)
    )


def entry_warnings(entry, today: dt.date) -> list[Problem]:
    """Findings that do not fail the build but that maintainers should act on."""
    warnings = []

    def warn(path, message):
        line, column = entry.doc.position(path)
        warnings.append(Problem(entry.display_path, line, column, dotted(path), message, WARNING))

    if entry.get("gecontroleerd"):
        checked = dt.date.fromisoformat(entry["gecontroleerd"])
        age = (today - checked).days
        if age > REVIEW_AFTER_DAYS:
            warn(
                ("gecontroleerd",),
                f"al {age // 30} maanden niet gecontroleerd (sinds {checked.isoformat()}); kijk of "
                "het nog klopt",
            )
    if not has_contact(entry):
        warn(
            ("contact",),
            "geen manier om contact op te nemen (website, telefoon, e-mail, WhatsApp, adres of "
            "locatie)",
        )
    if entry.get("status") == "onbekend":
        warn(("status",), "status onbekend: loopt dit aanbod nog?")
    for field_name in ("samenvatting", "beschrijving"):
        for phrase in taal.document_phrases(entry.get(field_name) or ""):
            warn(
                (field_name,),
                f"spreekt over de bronnen ('{phrase}'); beschrijf het aanbod zelf, de bron staat "
                "al in 'bronnen'",
            )
    professionals = ((entry.get("contact") or {}).get("professionals") or {}).get("naam")
    if professionals and not any(
        w in professionals.casefold() for w in taal.rules()["professionals_woorden"]
    ):
        warn(
            ("contact", "professionals", "naam"),
            f"'{professionals}' lijkt geen team, loket of rol; noem nooit een persoon",
        )
    for finding in taal.readability(entry["samenvatting"]):
        warn(("samenvatting",), f"moeilijker dan B1: {finding}")
    return warnings


def article_warnings(article) -> list[Problem]:
    """The youth part of an article (before "Voor professionals") must be plain and speak about
    the subject, not the documents."""
    youth = taal.plain_text(taal.youth_part(article.body))
    found = []
    for message in [f"moeilijker dan B1: {f}" for f in taal.readability(youth)] + [
        f"spreekt over de bronnen ('{p}'); beschrijf het onderwerp zelf"
        for p in taal.document_phrases(youth)
    ]:
        found.append(
            Problem(
                article.display_path,
                article.body_line,
                1,
                "(tekst voor jongeren)",
                message,
                WARNING,
            )
        )
    return found


def _collector(item, problems: list):
    def error(path, message):
        line, column = item.doc.position(path)
        problems.append(Problem(item.display_path, line, column, dotted(path), message))

    return error


def date_problems(item, today: dt.date) -> list[Problem]:
    """Errors in the dates of an entry or article that depend on today: a check in the future, a
    source dated ahead, a source with both or neither of its dates."""
    problems: list[Problem] = []
    error = _collector(item, problems)

    checked = item.get("gecontroleerd")
    if checked and dt.date.fromisoformat(checked) > today:
        error(
            ("gecontroleerd",),
            f"datum {checked} ligt in de toekomst; vul de dag in waarop je het echt hebt "
            "nagevraagd",
        )
    for i, source in enumerate(item.get("bronnen") or []):
        if isinstance(source, dict):
            _source_date_problems(source, ("bronnen", i), today, error)
    return problems


def status_problems(entry, today: dt.date) -> list[Problem]:
    """A status must agree with the dates: an ended period is ``beeindigd``, and ``actief`` needs a
    dated source from the last three years. An honest "onbekend" beats a status nobody can back."""
    problems: list[Problem] = []
    error = _collector(entry, problems)
    status = entry.get("status", "actief")
    end = (entry.get("periode") or {}).get("tot")
    if end is not None and sources.period_ended(entry, today) and status != "beeindigd":
        error(
            ("periode", "tot"),
            f"de periode is voorbij ({sources.display_period(end)}) maar de status is '{status}'; "
            "zet status: beeindigd, of haal 'tot' weg als een bron laat zien dat het doorloopt",
        )
    if status == "actief" and not sources.shows_running(entry, today):
        error(
            ("status",),
            "status 'actief' vraagt een bron met een datum uit de laatste "
            f"{sources.ACTIVE_NEEDS_YEARS} jaar "
            "(een brondocument, of een webpagina met 'datum'); zet anders status: onbekend",
        )
    return problems


def _source_date_problems(source: dict, path, today: dt.date, error) -> None:
    dated, consulted = source.get("datum"), source.get("geraadpleegd")
    if (dated is None) == (consulted is None):
        error(
            path,
            "geef precies één van 'datum' (de datum op de pagina) of 'geraadpleegd' (als de pagina "
            "geen datum toont)",
        )
    if dated is not None and sources.period_bounds(dated)[0] > today:
        error(path + ("datum",), f"datum {dated} ligt in de toekomst")
    if consulted is not None and dt.date.fromisoformat(consulted) > today:
        error(path + ("geraadpleegd",), f"datum {consulted} ligt in de toekomst")


def duplicate_warnings(catalogue, pairs) -> list[Problem]:
    """A warning on both entries of each very similar pair: the 'dubbelingen' the documents name."""
    warnings = []
    for first, second, similarity in pairs:
        for this, other in ((first, second), (second, first)):
            entry = catalogue.by_slug[this]
            line, column = entry.doc.position(("naam",))
            warnings.append(
                Problem(
                    entry.display_path,
                    line,
                    column,
                    "naam",
                    f"lijkt sterk op {catalogue.by_slug[other].display_path} (overeenkomst "
                    f"{similarity:.2f}); is dit hetzelfde aanbod?",
                    WARNING,
                )
            )
    return warnings


def has_contact(entry) -> bool:
    contact = entry.get("contact") or {}
    return any(contact.get(name) for name in CONTACT_FIELDS) or bool(entry.get("locaties"))


__all__ = [
    "ERROR",
    "WARNING",
    "make_validator",
    "schema_problems",
    "entry_rules",
    "catalogue_problems",
    "entry_warnings",
    "file_name_problem",
    "has_contact",
]
