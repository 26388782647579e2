"""The JSON Schemas of entries and articles, made from hand-written templates and the vocabularies.

The templates (``data/schema.yaml``, ``data/artikel-schema.yaml``) hold the structure; the
vocabularies supply the allowed ids. The generated JSON files are committed, because editors
(``# yaml-language-server: $schema=...``) and the propose form in the browser read them; a test
keeps them in step with the templates.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from .vocabularies import DATA_DIR, Vocabularies

SCHEMAS = {  # template -> generated file
    "schema.yaml": "entry.schema.json",
    "artikel-schema.yaml": "artikel.schema.json",
}


def build_schema(template_name: str, vocabularies: Vocabularies) -> dict:
    template = yaml.load(
        (DATA_DIR / template_name).read_text(encoding="utf-8"), Loader=yaml.CSafeLoader
    )
    return _fill(template, vocabularies)


def _fill(node, vocabularies):
    if isinstance(node, dict):
        if "$vocabulaire" in node:
            vocabulary = vocabularies[node["$vocabulaire"]]
            rest = {k: v for k, v in node.items() if k != "$vocabulaire"}
            return {
                "type": "string",
                "enum": vocabulary.ids,
                "enumDescriptions": [term.label for term in vocabulary],
                **rest,
            }
        return {key: _fill(value, vocabularies) for key, value in node.items()}
    if isinstance(node, list):
        return [_fill(item, vocabularies) for item in node]
    return node


def render(schema: dict) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def write_schemas(vocabularies: Vocabularies, directory: Path = DATA_DIR) -> list[Path]:
    """Regenerate the committed JSON Schemas; returns the files that changed."""
    changed = []
    for template, target in SCHEMAS.items():
        path = directory / target
        text = render(build_schema(template, vocabularies))
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed
