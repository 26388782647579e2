"""Properties that must hold for any input, checked with Hypothesis:

(a) the YAML reader (``yamlsource.decode`` and ``load``) raises nothing but ``SourceError`` on any
    bytes or text, and round-trips JSON-like data written by ``yaml.safe_dump``, with a position
    for every key and value;
(b) the entry loader (``catalogue.load_catalogue``) never raises on entry-like mappings built from
    the schema (valid and invalid values, three ways of writing YAML), and every problem points at
    a line and column >= 1;
(c) the search (``search.search``) never raises on any query and filters, its results agree with
    its total and its filters, and ``clean_query`` gives at most 500 printable characters;
(d) the static search (``directory/static/zoeken.js`` in Node) answers every one of a few hundred
    generated queries with a JSON line with a total >= 0, the same total as the live search.

The check functions are plain functions so that ``benchmarks/fuzz.py`` runs the same properties
with 10,000 examples each. Bugs found this way have their own tests at the end.
"""

from __future__ import annotations

import json
import math
import re
import shutil
import subprocess
import unicodedata
from functools import cache
from pathlib import Path

import pytest
import yaml
from conftest import DEMO, PROJECT, run_build_py, time_limit
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from directory import search
from directory.catalogue import load_catalogue
from directory.schema import build_schema
from directory.vocabularies import load_vocabularies
from directory.yamlsource import MAX_DEPTH, SourceError, decode, load

NODE = shutil.which("node")
SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ],
)

# ------------------------------------------------------------------------------------------------
# Strategies

JSON_SCALARS = (
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40)
)
JSON_LIKE = st.recursive(
    JSON_SCALARS,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)

# Pieces of YAML that exercise the scanner, the parser and the loader's refusals.
YAML_TOKENS = [
    "naam: ",
    "organisatie: ",
    "categorieen: ",
    "bronnen: ",
    "gecontroleerd: ",
    "contact:\n  website: ",
    "\n",
    "\n  ",
    "  ",
    "- ",
    "[",
    "]",
    "{",
    "}",
    ", ",
    ": ",
    "? ",
    "&a ",
    "*a",
    "&b ",
    "*b",
    "<<: ",
    "!!python/object/apply:os.system ",
    "!!python/name:os.system ",
    "!!binary ",
    "!!set ",
    "!!omap ",
    "!!timestamp ",
    "!!int ",
    "!!str ",
    "!foo ",
    "!<tag:x> ",
    "|\n",
    "|-\n",
    ">+\n",
    "'",
    '"',
    "\\",
    "\\u202e",
    "\\x00",
    "\\e",
    "#",
    " # ",
    "%TAG ! tag:x,2002:\n",
    "%YAML 1.1\n",
    "---\n",
    "...\n",
    "\t",
    "\r\n",
    "\r",
    "2024-02-30",
    "2023-13-01",
    "2024-01-01",
    "1e999",
    ".nan",
    ".inf",
    "~",
    "null",
    "yes",
    "no",
    "0x1F",
    "0o17",
    "1:20",
    "=",
    "\u2028",
    "\x85",
    "\ufeff",
    "\u202e",
    "\u200b",
    "\x7f",
    "\x80",
    "\uffff",
    "9" * 5000,
    "é",
    "😀",
    "javascript:alert(1)",
    "<script>",
    "https://www.urk.nl",
    "rmc",
    "flevoland",
]
YAMLISH = st.lists(st.sampled_from(YAML_TOKENS) | st.text(max_size=6), max_size=40).map("".join)
TEXTS = YAMLISH | st.text(max_size=200)
BYTES = (
    st.binary(max_size=300)
    | TEXTS.map(lambda t: t.encode("utf-8"))
    | st.tuples(TEXTS, st.binary(max_size=4), TEXTS).map(
        lambda parts: parts[0].encode() + parts[1] + parts[2].encode()
    )
)


@st.composite
def nested_data(draw):
    """JSON-like mappings (the top of an entry) no deeper than the reader allows."""
    data = draw(st.dictionaries(st.text(max_size=12), JSON_LIKE, max_size=6))
    if depth(data) > MAX_DEPTH:
        return {}
    return data


def depth(value, level=0) -> int:
    if isinstance(value, dict):
        return max([depth(v, level + 1) for v in value.values()], default=level)
    if isinstance(value, list):
        return max([depth(v, level + 1) for v in value], default=level)
    return level


DUMP_STYLES = st.sampled_from(["block", "flow", "unicode", "narrow"])


def dump(data, style: str) -> str:
    if style == "flow":
        return yaml.safe_dump(data, default_flow_style=True, sort_keys=False)
    if style == "unicode":
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    if style == "narrow":
        return yaml.safe_dump(data, width=20, sort_keys=False)
    return yaml.safe_dump(data, sort_keys=False)


@cache
def entry_schema() -> dict:
    return build_schema("schema.yaml", load_vocabularies())


def valid_values(schema: dict, root: dict) -> st.SearchStrategy:
    """A strategy for values that satisfy a (sub)schema of the entry schema."""
    if "$ref" in schema:
        resolved = dict(root["$defs"][schema["$ref"].rsplit("/", 1)[1]])
        resolved.update({k: v for k, v in schema.items() if k != "$ref"})
        schema = resolved
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    kind = schema.get("type")
    if kind == "string":
        if schema.get("format") == "date":
            return st.dates().map(lambda d: d.isoformat())
        if "pattern" in schema and schema["pattern"] != "\\S":
            return st.from_regex(schema["pattern"], fullmatch=True).filter(lambda s: "\n" not in s)
        return st.text(min_size=1, max_size=min(schema.get("maxLength", 80), 80)).filter(
            lambda s: s.strip()
        )
    if kind == "integer":
        return st.integers(schema.get("minimum", -10), schema.get("maximum", 10))
    if kind == "boolean":
        return st.booleans()
    if kind == "array":
        return st.lists(
            valid_values(schema["items"], root),
            min_size=schema.get("minItems", 0),
            max_size=4,
            unique=schema.get("uniqueItems", False),
        )
    if kind == "object":
        properties = {
            name: valid_values(sub, root) for name, sub in schema.get("properties", {}).items()
        }
        required = set(schema.get("required", []))
        return st.fixed_dictionaries(
            {k: v for k, v in properties.items() if k in required},
            optional={k: v for k, v in properties.items() if k not in required},
        )
    return JSON_LIKE


@st.composite
def entries(draw):
    """An entry-like mapping: each field valid (mostly) or anything JSON-like; required fields
    usually present; now and then an unknown or misspelt key."""
    schema = entry_schema()
    entry = {}
    for name, sub in schema["properties"].items():
        present = draw(st.integers(0, 9)) > 0 if name in schema["required"] else draw(st.booleans())
        if present:
            entry[name] = draw(
                st.one_of(
                    valid_values(sub, schema),
                    valid_values(sub, schema),
                    valid_values(sub, schema),
                    JSON_LIKE,
                )
            )
    if draw(st.integers(0, 4)) == 0:
        key = draw(
            st.sampled_from(["telefoonnummer", "Naam", "categorien", "doelgroep", "1", "null", ""])
            | st.text(max_size=10)
        )
        entry[key] = draw(JSON_LIKE)
    return entry


def raw_yaml(entry: dict) -> str:
    """Written by hand, the careless way: text unquoted, nested values as JSON."""
    lines = []
    for key, value in entry.items():
        if isinstance(value, dict):
            lines.append(f"{key}:")
            lines += [
                f"  {k}: {v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)}"
                for k, v in value.items()
            ]
        elif isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            lines.append(f"{key}:")
            lines += [f"  - {v}" for v in value]
        else:
            shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
            lines.append(f"{key}: {shown}")
    return "\n".join(lines) + "\n"


ENTRY_STYLES = st.sampled_from(["block", "flow", "raw"])


def write_entry(entry: dict, style: str) -> str:
    if style == "raw":
        return raw_yaml(entry)
    return yaml.safe_dump(
        entry, allow_unicode=True, sort_keys=False, default_flow_style=(style == "flow")
    )


@cache
def demo_words() -> tuple[str, ...]:
    text = " ".join(
        p.read_text(encoding="utf-8") for p in sorted((DEMO / "entries").rglob("*")) if p.is_file()
    )
    return tuple(sorted(set(re.findall(r"[^\W_]{3,}", text))))


@cache
def facet_values() -> tuple[str, ...]:
    vocabularies = load_vocabularies()
    values = {"actief", "beeindigd", "onbekend", "landelijk"}
    for name in ("categorieen", "doelgroepen", "fasen", "leefgebieden", "regios", "gemeenten"):
        values.update(vocabularies[name].ids)
    return tuple(sorted(values))


WORDS = st.deferred(lambda: st.sampled_from(demo_words()))
QUERIES = st.one_of(
    st.text(max_size=80),
    st.lists(WORDS | st.text(max_size=5), max_size=14).map(" ".join),
    st.lists(WORDS, min_size=1, max_size=4).map("".join),  # run-together words: compound splitting
    st.text(min_size=400, max_size=2500),
    st.lists(
        st.sampled_from(
            [
                "?",
                "wat",
                "hoe",
                " ",
                "\t",
                "\n",
                "\x00",
                "\u202e",
                "\u200b",
                "😀",
                "é",
                "İ",
                "ß",
                "ﬁ",
            ]
        )
        | WORDS,
        max_size=20,
    ).map("".join),
)
FILTERS = st.dictionaries(
    st.sampled_from(list(search.FACETS) + ["onbekend", ""]),
    st.lists(
        st.deferred(lambda: st.sampled_from(facet_values())) | st.text(max_size=8), max_size=3
    ),
    max_size=3,
)
LIMITS = st.none() | st.integers(0, 30)
STATIC_QUERIES = st.fixed_dictionaries(
    {"q": QUERIES},
    optional={"filters": FILTERS, "typing": st.booleans(), "limit": st.integers(1, 30)},
)


# ------------------------------------------------------------------------------------------------
# The properties, as plain functions


def check_reader_text(text: str):
    try:
        doc = load(text)
    except SourceError as exc:
        assert exc.line >= 1 and exc.column >= 1 and exc.message and exc.field
        return
    for line, column in list(doc.positions.values()) + list(doc.key_positions.values()):
        assert line >= 1 and column >= 1
    for _, line, column, message in doc.problems:
        assert line >= 1 and column >= 1 and message


def check_reader_bytes(raw: bytes):
    try:
        text = decode(raw)
    except SourceError as exc:
        assert exc.line >= 1 and exc.column >= 1 and exc.message
        return
    check_reader_text(text)


def check_round_trip(data: dict, style: str):
    if style == "unicode" and "\x85" in json.dumps(data, ensure_ascii=False):
        # PyYAML's emitter writes NEL (U+0085) raw inside single quotes with allow_unicode=True and
        # its readers (both) fold it to a space:
        # yaml.safe_load(yaml.safe_dump({"\x85": 1}, allow_unicode=True)) gives {" ": 1}.
        # A PyYAML limitation, not ours; the escaped styles round-trip it.
        style = "block"
    text = dump(data, style)
    doc = load(text)
    assert doc.data == data, text
    assert not doc.problems
    lines = text.split("\n")

    def walk(value, path):
        assert path in doc.positions, f"no position for {path}"
        line, column = doc.positions[path]
        assert 1 <= line <= len(lines) and column >= 1, (path, line, column)
        if isinstance(value, dict):
            for key, child in value.items():
                assert path + (key,) in doc.key_positions, f"no key position for {path + (key,)}"
                line, column = doc.key_positions[path + (key,)]
                assert 1 <= line <= len(lines), (path, key, line)
                first = lines[line - 1][column - 1 : column]
                assert first in {key[:1], "'", '"', "|", ">"}, (
                    f"key {key!r} is not at {line}:{column} of\n{text}"
                )
                walk(child, path + (key,))
        elif isinstance(value, list):
            for i, child in enumerate(value):
                walk(child, path + (i,))

    walk(data, ())


def check_loader(project: Path, entry: dict, style: str):
    text = write_entry(entry, style)
    (project / "entries" / "fuzz.yaml").write_text(text, encoding="utf-8")
    result = load_catalogue(project)
    for problem in result.problems:
        assert problem.line >= 1 and problem.column >= 1, str(problem)
        assert problem.path.startswith("entries/") and problem.field and problem.message, str(
            problem
        )
    own_errors = [p for p in result.errors if p.path == "entries/fuzz.yaml"]
    loaded = result.catalogue.by_slug.get("fuzz")
    assert (loaded is None) == bool(own_errors), (
        f"errors {own_errors} but loaded={loaded is not None}"
    )
    if loaded is not None and style != "raw":
        expected = dict(entry)
        expected.setdefault("status", "actief")
        assert dict(loaded) == expected


def check_search(index, query: str, filters: dict, typing: bool, limit):
    result = search.search(index, query, filters, typing=typing, limit=limit)
    effective = {
        name: list(values) for name, values in filters.items() if name in search.FACETS and values
    }
    assert 0 <= result.total <= len(index.records)
    assert len(result.hits) == (result.total if limit is None else min(result.total, limit))
    slugs = [hit.slug for hit in result.hits]
    assert len(set(slugs)) == len(slugs)
    for hit in result.hits:
        assert hit.slug in index.records_by_slug
        assert math.isfinite(hit.score)
        assert search.matches_filters(hit.record, effective)
    assert result.query == search.clean_query(query)
    for counts in result.facets.values():
        assert all(isinstance(n, int) and n > 0 for n in counts.values())
    json.dumps(result.as_json())


def check_clean_query(query: str):
    cleaned = search.clean_query(query)
    assert len(cleaned) <= search.MAX_QUERY_CHARS
    bad = [
        ch
        for ch in cleaned
        if unicodedata.category(ch)[0] == "C" or unicodedata.category(ch) in ("Zl", "Zp")
    ]
    assert not bad, f"control or format characters left: {bad!r}"
    assert "  " not in cleaned and "\n" not in cleaned and "\t" not in cleaned


def run_static(site: Path, queries: list[dict], timeout: float = 600) -> list[str]:
    lines = "\n".join(json.dumps(q) for q in queries) + "\n"
    result = subprocess.run(
        [NODE, str(PROJECT / "tests" / "static_search_node.js"), str(site)],
        input=lines,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout.splitlines()


def unknown_to_python(query: str) -> bool:
    """Whether the query holds characters Python's Unicode database does not know (category Cn;
    Python 3.11 has Unicode 14.0) that Node's may call letters (Node 20: Unicode 17.0);
    benchmarks/fuzz.py labels a disagreement on such a query. See
    test_characters_newer_than_pythons_unicode_are_not_words_in_either_search."""
    return any(unicodedata.category(ch) == "Cn" for ch in query)


def check_static(queries: list[dict], lines: list[str], index=None) -> list[tuple[dict, str]]:
    """Each query's line parses with a total >= 0 and, given the live index, has the same total as
    the live search. Returns the (query, complaint) pairs; empty when all is well."""
    bad = []
    if len(lines) != len(queries):
        return [({"q": f"{len(queries)} queries"}, f"{len(lines)} answer lines")]
    for query, line in zip(queries, lines, strict=True):
        try:
            answer = json.loads(line)
        except ValueError:
            bad.append((query, f"not JSON: {line[:200]!r}"))
            continue
        total = answer.get("total")
        if not isinstance(total, int) or total < 0 or not isinstance(answer.get("slugs"), list):
            bad.append((query, f"total {total!r}"))
        elif index is not None:
            live = search.search(
                index,
                query["q"],
                query.get("filters") or {},
                typing=bool(query.get("typing")),
                limit=None,
            )
            if live.total != total:
                bad.append((query, f"static total {total}, live total {live.total}"))
    return bad


# ------------------------------------------------------------------------------------------------
# Fixtures


@pytest.fixture(scope="module")
def fuzz_project(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("fuzz") / "project"
    shutil.copytree(DEMO, project)
    return project


@cache
def demo_index():
    return search.build_index(load_catalogue(DEMO).catalogue)


@pytest.fixture(scope="module")
def index():
    return demo_index()


def require_node():
    if not NODE:
        pytest.skip(
            "Node.js (`node`) is not installed: the static search property runs zoeken.js in Node"
        )


@pytest.fixture(scope="module")
def static_site(tmp_path_factory) -> Path:
    require_node()
    project = tmp_path_factory.mktemp("static") / "project"
    shutil.copytree(DEMO, project)
    result = run_build_py("build", project=project, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return project / "site"


# ------------------------------------------------------------------------------------------------
# (a) the YAML reader


@SETTINGS
@given(TEXTS)
@example("naam: [" + "[" * 100 + "]" * 101)
@example("kosten: &k naam\n*k : x\n")
@example("a: !!python/object/apply:os.system ['true']")
def test_load_raises_only_source_error(text):
    check_reader_text(text)


# Standard tags on values that do not fit them once escaped load() as IndexError and the like.
@pytest.mark.parametrize(
    "text", ["a: !!int\n", "a: !!float\n", "a: !!timestamp morgen\n", "a: !!bool misschien\n"]
)
def test_standard_tags_on_values_that_do_not_fit_them(text):
    check_reader_text(text)


@SETTINGS
@given(BYTES)
@example(b"\xef\xbb\xbfnaam: x")
@example(b"naam: caf\xe9")
@example(b"naam: a\x00b")
@example(b"\xff\xfen\x00a\x00")
def test_decode_and_load_raise_only_source_error(raw):
    check_reader_bytes(raw)


@SETTINGS
@given(nested_data(), DUMP_STYLES)
@example(
    {"<<": 1, "=": "=", "": [], "~": None, "2024-02-30": "2024-02-30", "a b": {"c": [{}]}}, "block"
)
@example({"x": "\u2028\x85\u2029\ufeff"}, "unicode")
def test_safe_dump_round_trips_with_a_position_for_every_key(data, style):
    check_round_trip(data, style)


# ------------------------------------------------------------------------------------------------
# (b) the entry loader


@SETTINGS
@given(entries(), ENTRY_STYLES)
def test_the_loader_never_raises_and_every_problem_has_a_position(fuzz_project, entry, style):
    check_loader(fuzz_project, entry, style)


@cache
def schema_validator(template: str = "schema.yaml"):
    from directory.checks import make_validator

    return make_validator(build_schema(template, load_vocabularies()))


def assert_fast_check_agrees(data, template: str = "schema.yaml"):
    """The fast validity check (fastjsonschema) decides which files jsonschema explains: what it
    passes, jsonschema must pass, or an error would go unreported. (The other way round it may be
    stricter: its pattern ``$`` does not match before a final line break, Python's does; such a
    file then simply has no schema errors, and our own rule reports the line break.)"""
    validator = schema_validator(template)
    if validator.passes(data):
        assert not any(True for _ in validator.iter_errors(data)), data


def article_headers() -> list[dict]:
    headers = []
    for path in sorted((PROJECT / "entries" / "kennisbank").glob("*.md")) + sorted(
        (DEMO / "entries" / "kennisbank").glob("*.md")
    ):
        lines = path.read_text(encoding="utf-8").split("\n")
        end = 1 + [line.strip() for line in lines[1:]].index("---")
        headers.append(load("\n".join(lines[1:end])).data)
    return headers


def mutations(data: dict):
    """Each field dropped, given a value of another type, emptied; and an unknown key added."""
    for key in data:
        yield {k: v for k, v in data.items() if k != key}
        for wrong in (123, 1.5, True, None, "", [], ["x"], {"x": 1}, "2024-02-30"):
            yield {**data, key: wrong}
    yield {**data, "onbekend_veld": "x"}


@settings(SETTINGS, max_examples=400)
@given(entries())
def test_the_fast_schema_check_agrees_with_jsonschema(entry):
    assert_fast_check_agrees(entry)


def test_the_fast_schema_check_agrees_on_every_corpus_file():
    files = [
        p
        for folder in (
            PROJECT / "entries",
            DEMO / "entries",
            PROJECT / "tests" / "broken",
            PROJECT / "tests" / "hostile",
        )
        for p in sorted(folder.glob("*.yaml"))
    ]
    parsed = passed = 0
    for path in files:
        try:
            doc = load(decode(path.read_bytes()))
        except SourceError:
            continue
        assert_fast_check_agrees(doc.data)
        parsed += 1
        passed += schema_validator().passes(doc.data)
    assert parsed > 250 and 200 < passed < parsed  # both kinds of file were really tried


@pytest.mark.parametrize("template", ["schema.yaml", "artikel-schema.yaml"])
def test_the_fast_schema_check_agrees_on_mutated_entries_and_articles(template):
    if template == "schema.yaml":
        originals = [
            load(decode(p.read_bytes())).data
            for p in sorted((PROJECT / "entries").glob("*.yaml"))[:40]
        ]
    else:
        originals = article_headers()
    tried = rejected = 0
    for original in originals:
        for data in [original, *mutations(original)]:
            assert_fast_check_agrees(data, template)
            tried += 1
            rejected += not schema_validator(template).passes(data)
    assert tried > 1000 and 0.3 * tried < rejected < tried


def test_the_fast_schema_check_refuses_keywords_it_would_ignore():
    from directory.checks import as_draft7

    for newer in (
        {"prefixItems": [{"type": "string"}]},
        {"dependentRequired": {"a": ["b"]}},
        {"unevaluatedProperties": False},
    ):
        with pytest.raises(ValueError, match="newer than draft 7"):
            as_draft7({"type": "object", "properties": {"veld": newer}})
    assert as_draft7({"$ref": "#/$defs/tekst", "maxLength": 5}) == {
        "maxLength": 5,
        "allOf": [{"$ref": "#/$defs/tekst"}],
    }


# ------------------------------------------------------------------------------------------------
# (c) the query side


@settings(SETTINGS, max_examples=200)
@given(QUERIES, FILTERS, st.booleans(), LIMITS)
@example("", {}, False, None)
@example("", {"gemeente": ["urk"]}, False, None)
@example("wat is een startkwalificatie?", {"status": ["actief", "beeindigd"]}, True, 0)
def test_search_never_raises_and_agrees_with_itself(index, query, filters, typing, limit):
    check_search(index, query, filters, typing, limit)


@settings(SETTINGS, max_examples=200)
@given(QUERIES | st.text(max_size=3000))
@example("a" * 499 + " b")
@example("\x00\u202e\u2028\ud7ff\ue000\U0010ffff" * 200)
def test_clean_query_is_short_and_printable(query):
    check_clean_query(query)


# ------------------------------------------------------------------------------------------------
# (d) the static search


@settings(SETTINGS, max_examples=2)
@given(st.lists(STATIC_QUERIES, min_size=250, max_size=300))
def test_static_search_answers_every_query(static_site, index, queries):
    lines = run_static(static_site, queries)
    bad = check_static(queries, lines, index)
    assert not bad, f"{len(bad)} of {len(queries)} queries: {bad[:5]}"


# ------------------------------------------------------------------------------------------------
# Bugs found by these properties (and by benchmarks/fuzz.py), each pinned to one example; the
# compound bombs were fixed (memoised _split, MAX_COMPOUND) and stay as regression tests


def compound_bomb(index, length: int) -> str:
    """A word of ``length`` letters made of copies of W+L where both W and W+L are catalogue words
    (L a linking sound), ending in a letter that stops every split: without memoisation the
    splitter tries 2**(length/len(W+L)) ways (22 copies of 'warme' took 8 s before _split was
    memoised)."""
    pairs = sorted(
        (w, w + linker)
        for w in index.parts
        for linker in search.LINKERS
        if w + linker in index.parts
    )
    word, longer = min(pairs, key=lambda pair: len(pair[1]))
    return (longer * (length // len(longer) + 1))[: length - 1] + "q"


BOMB_LENGTHS = [getattr(search, "MAX_COMPOUND", 40), search.MAX_QUERY_CHARS]


@pytest.mark.parametrize("length", BOMB_LENGTHS)
def test_a_compound_bomb_query_is_answered_quickly(index, length):
    query = compound_bomb(index, length)
    with time_limit(2.0):
        search.search(index, query)
        search.search(index, query[:-1], typing=True)


@pytest.mark.parametrize("length", BOMB_LENGTHS)
def test_a_compound_bomb_query_is_answered_quickly_by_the_static_search(static_site, index, length):
    query = compound_bomb(index, length)
    try:
        run_static(static_site, [{"q": query}, {"q": query[:-1], "typing": True}], timeout=5)
    except subprocess.TimeoutExpired:
        pytest.fail("the static search did not answer within 5 s")


def test_long_queries_with_emoji_are_cut_the_same_way_live_and_static(static_site, index):
    queries = [{"q": "😀" * 249 + " werk"}, {"q": "\U0001d41a" * 300 + " werk"}]
    bad = check_static(queries, run_static(static_site, queries), index)
    assert not bad, bad


def test_load_refuses_lone_surrogates_with_a_source_error():
    check_reader_text("naam: \ud800")


def test_a_plain_equals_sign_is_text():
    assert load("kosten: =\n").data == {"kosten": "="}


def test_characters_newer_than_pythons_unicode_are_not_words_in_either_search(static_site, index):
    """Python 3.11's Unicode is 14.0, Node's newer: U+323B0 (CJK Extension J) is unassigned for
    Python, so clean_query makes it a space, and zoeken.js must too (static_index exports the code
    points Python does not know). Twelve of them before 'werk' would otherwise be twelve words and
    push 'werk' past MAX_QUERY_WORDS."""
    queries = [{"q": "\U000323b0 " * 12 + "werk"}]
    bad = check_static(queries, run_static(static_site, queries), index)
    assert not bad, bad


MARKDOWN_ALPHABET = "[]()`*_<>!\\#-> \nab1"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=MARKDOWN_ALPHABET, max_size=3000))
def test_markdown_the_check_accepts_stays_within_the_bounds_and_renders(text):
    """Structurally: a text the check accepts has no block beyond the limits that keep rendering
    linear (benchmarks/render_bounds.py prints the time at the limits), and renders."""
    from directory.render import MARKDOWN_LIMITS, markdown, markdown_shape_problem

    if markdown_shape_problem(text) is not None:
        return
    for block in re.split(r"\n[ \t]*\n", text):
        assert block.count("[") <= MARKDOWN_LIMITS["["]
        assert block.count("`") <= MARKDOWN_LIMITS["`"]
        assert block.count("*") + block.count("_") <= MARKDOWN_LIMITS["nadruk"]
    assert isinstance(markdown(text), str)


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(["[", "`", "*", "_"]), st.integers(min_value=65, max_value=400))
def test_markdown_beyond_a_bound_is_refused(marker, count):
    from directory.render import markdown_shape_problem

    assert markdown_shape_problem("tekst " + marker * count) is not None


def test_packed_positions_are_the_positions_read_and_share_one_layout():
    """Positions are packed once a file is read (#21: a dict per file was a fifth of a large
    catalogue's memory): the same answers as a plain table, one shared table of paths for files
    with the same keys in the same order, and the same after the check cache's pickle."""
    import pickle

    from directory.yamlsource import PackedPositions

    first = load("naam: Werkpunt\nleeftijd:\n  van: 16\n  tot: 27\n")
    second = load("naam: Leerwerkloket Flevoland\nleeftijd:\n  van: 18\n  tot: 23\n")
    assert isinstance(first.positions, PackedPositions)
    assert dict(first.positions) == {
        (): (1, 1),
        ("naam",): (1, 7),
        ("leeftijd",): (3, 3),
        ("leeftijd", "van"): (3, 8),
        ("leeftijd", "tot"): (4, 8),
    }
    assert first.key_positions[("leeftijd", "tot")] == (4, 3)
    assert first.position(("leeftijd", "van", "x")) == (3, 8)  # the nearest parent
    assert first.positions._rows is second.positions._rows
    assert dict(pickle.loads(pickle.dumps(second)).positions) == dict(second.positions)
    with pytest.raises(KeyError):
        first.positions[("contact",)]


def test_documents_from_one_pickle_share_layouts_with_documents_read_anew():
    """The check cache is one pickle of many documents; unpickled, their positions take the
    layout of files read in the same build, and a layout goes when no file uses it."""
    import gc
    import pickle

    from directory import yamlsource

    texts = [f"naam: Punt {n}\nregio: flevoland\n" for n in range(3)]
    cached = pickle.loads(pickle.dumps([load(text) for text in texts]))
    fresh = load("naam: Nog een punt\nregio: flevoland\n")
    assert {id(doc.positions._rows) for doc in [*cached, fresh]} == {id(fresh.positions._rows)}
    assert [dict(doc.positions) for doc in cached] == [dict(load(t).positions) for t in texts]
    odd = load("een: 1\ntwee: 2\ndrie: 3\nvier: 4\nvijf: 5\nzes: 6\n")
    paths = tuple(odd.positions)
    assert paths in yamlsource._LAYOUTS
    del odd
    gc.collect()
    assert paths not in yamlsource._LAYOUTS
