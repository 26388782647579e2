"""The controlled vocabularies: categories, target groups, phases, life domains, regions, ...

They live as YAML files in ``directory/data/vocabulaires/`` so that a partner can propose a new
value with a pull request; the JSON Schema, the checks, the facets and the browse pages all read
them from here.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import yaml

DATA_DIR = Path(__file__).parent / "data"
VOCABULARY_DIR = DATA_DIR / "vocabulaires"

# Entry field -> vocabulary file. The order is the order of facets and browse pages.
ENTRY_FIELDS = {
    "categorieen": "categorieen",
    "doelgroepen": "doelgroepen",
    "fasen": "fasen",
    "leefgebieden": "leefgebieden",
    "regio": "regios",
    "gemeenten": "gemeenten",
    "wettelijk_kader": "wetten",
    "vorm": "vormen",
}


@dataclass(frozen=True)
class Term:
    id: str
    label: str
    omschrijving: str = ""
    extra: dict = field(default_factory=dict, compare=False)

    def get(self, key, default=None):
        return self.extra.get(key, default)


@dataclass
class Vocabulary:
    name: str
    terms: dict  # id -> Term, in file order

    def __contains__(self, term_id) -> bool:
        return term_id in self.terms

    def __iter__(self):
        return iter(self.terms.values())

    def __len__(self) -> int:
        return len(self.terms)

    def label(self, term_id: str) -> str:
        term = self.terms.get(term_id)
        return term.label if term else term_id

    @property
    def ids(self) -> list[str]:
        return list(self.terms)


class Vocabularies:
    """All vocabularies, by name (``vocabularies["gemeenten"]``)."""

    def __init__(self, vocabularies: dict[str, Vocabulary]):
        self._by_name = vocabularies

    def __getitem__(self, name: str) -> Vocabulary:
        return self._by_name[name]

    def __iter__(self):
        return iter(self._by_name.values())

    def for_field(self, field_name: str) -> Vocabulary:
        return self._by_name[ENTRY_FIELDS[field_name]]

    @cached_property
    def municipalities_by_region(self) -> dict[str, list[str]]:
        result: dict[str, list[str]] = {}
        for term in self["gemeenten"]:
            result.setdefault(term.get("regio"), []).append(term.id)
        return result

    def region_of(self, municipality: str) -> str | None:
        term = self["gemeenten"].terms.get(municipality)
        return term.get("regio") if term else None


@functools.cache
def load_vocabularies(directory: Path = VOCABULARY_DIR) -> Vocabularies:
    """Read once per process: the files do not change while the build runs."""
    vocabularies = {}
    for path in sorted(directory.glob("*.yaml")):
        items = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader) or []
        terms = {}
        for item in items:
            item = dict(item)
            term_id, label = item.pop("id"), item.pop("label")
            terms[term_id] = Term(term_id, label, item.pop("omschrijving", ""), item)
        vocabularies[path.stem] = Vocabulary(path.stem, terms)
    return Vocabularies(vocabularies)
