"""The numbers of the search, in one place: weights, factors and limits. The static search
reads them from the exported index (``static_index.StaticIndex``), so both searches use these
values and no others. docs/zoeken.md explains them."""

from __future__ import annotations

# Field -> boost: the name weighs most, then summary and organisation, then the rest.
FIELD_BOOSTS = {
    "naam": 4.0,
    "samenvatting": 2.0,
    "organisatie": 2.0,
    "trefwoorden": 1.5,
    "plaats": 1.5,
    "beschrijving": 1.0,
}


WEIGHT_SYNONYM = 0.7


WEIGHT_PART = 0.3


WEIGHT_PREFIX = 0.6


WEIGHT_FUZZY = 0.8


PREFIX_LIMIT = 12


MIN_PREFIX = 3


MIN_COMPOUND = 8  # only words this long are split ...


MAX_COMPOUND = 40  # ... and not longer than this


MIN_PART = 4  # into parts at least this long


LINKERS = ("s", "en", "e")  # Dutch linking sounds: arbeid-s-markt, jongere-n-loket


WEIGHT_DECIMALS = 3


ENDED_FACTOR = 0.5


# A door (dienst) comes before an example or a network about the same words: they count half, as
# ended provision does. A professional who wants examples filters on the facet vorm.
KIND_FACTOR = 0.5


# Knowledge articles answer questions ("wat is een startkwalificatie?"); for other queries the
# provision itself should come first. A question starts with a question word or ends in "?".
QUESTION_WORDS = frozenset({"wat", "wie", "hoe", "waarom", "wanneer", "welke", "waar"})


ARTICLE_FACTOR = {True: 1.5, False: 0.5}


RELATED_COUNT = 4


DUPLICATE_SIMILARITY = 0.8


RELATED_TERMS = 20  # an entry's most characteristic terms ...


RELATED_POSTINGS_CAP = 60  # ... that occur in at most this many entries (common words say little)


FACETS = {  # facet name (URL parameter) -> entry field
    "categorie": "categorieen",
    "doelgroep": "doelgroepen",
    "fase": "fasen",
    "leefgebied": "leefgebieden",
    "regio": "regio",
    "gemeente": "gemeenten",
    "status": "status",
    "vorm": "vorm",
}


MAX_QUERY_CHARS = 500


MAX_QUERY_WORDS = 12


MIN_SYNONYM_WORD = 3  # a thesaurus variant's word shorter than this ("vmbo-k" -> "k") is noise


RELATIVE_CUTOFF = 0.1  # a hit scoring under this share of the best one is not shown


AGE_MISMATCH_FACTOR = 0.5  # provision whose age range excludes the age in the query counts half


# A municipality named in the query is a place, not a word that must match: provision there counts
# double, the region's one and a half, national provision a little more, the rest half. For a
# municipality the catalogue does not know, national provision counts one and a half.
PLACE_FACTORS = {"gemeente": 2.0, "regio": 1.5, "landelijk": 1.2, "elders": 0.5}


UNKNOWN_PLACE_FACTORS = {"gemeente": 0.5, "regio": 0.5, "landelijk": 1.5, "elders": 0.5}


SNIPPET_CHARS = 180


SNIPPET_SOURCE_CHARS = 700

__all__ = [
    "FIELD_BOOSTS",
    "WEIGHT_SYNONYM",
    "WEIGHT_PART",
    "WEIGHT_PREFIX",
    "WEIGHT_FUZZY",
    "PREFIX_LIMIT",
    "MIN_PREFIX",
    "MIN_COMPOUND",
    "MAX_COMPOUND",
    "MIN_PART",
    "LINKERS",
    "WEIGHT_DECIMALS",
    "ENDED_FACTOR",
    "KIND_FACTOR",
    "QUESTION_WORDS",
    "ARTICLE_FACTOR",
    "RELATED_COUNT",
    "DUPLICATE_SIMILARITY",
    "RELATED_TERMS",
    "RELATED_POSTINGS_CAP",
    "FACETS",
    "MAX_QUERY_CHARS",
    "MAX_QUERY_WORDS",
    "MIN_SYNONYM_WORD",
    "RELATIVE_CUTOFF",
    "AGE_MISMATCH_FACTOR",
    "PLACE_FACTORS",
    "UNKNOWN_PLACE_FACTORS",
    "SNIPPET_CHARS",
    "SNIPPET_SOURCE_CHARS",
]
