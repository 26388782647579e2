"""Search: the Whoosh index of the catalogue, and the query side that reads it.

It is written so that the static search (a small script in the browser, fed by
``static_index.StaticIndex``) can do exactly the same: every step of the analysis and of the
ranking is a plain rule that is easy to repeat in another language. One module per concern:

- ``rules``: the numbers (weights, factors, limits);
- ``engine``: Whoosh, the only module that imports it;
- ``text``: words, folding, compounds, stems (index and query alike);
- ``records``: the flat record of each entry and article;
- ``index``: the built index and what the query side reads beside it;
- ``query``: what a query asks for and the alternatives of each word;
- ``ranking``: scores, factors, the cut-off, the result;
- ``facets``, ``snippets``, ``related``: filters and counts, snippets, related entries.

docs/zoeken.md states the rules; this package re-exports its public names, so callers write
``search.search(index, "werk")``.
"""

from .engine import STOPWORDS, give_back_freed_memory, stem
from .facets import facet_counts, filter_mask, matches_filters, municipalities_applying
from .index import (
    SearchIndex,
    baseline_search,
    build_index,
    compound_parts,
    distinct_rows,
    portable_index,
    records_index,
    reopened_index,
    whoosh_query,
    word_analyser,
)
from .query import (
    Group,
    Place,
    analyse_query,
    analyse_words,
    clean_query,
    dutch_municipalities,
    edit_distance,
    find_place,
    fuzzy_terms,
    glossary_pairs,
    is_question,
    max_distance,
    place_key,
    prefix_terms,
    query_rules,
    query_words,
    thesaurus_map,
)
from .ranking import (
    Hit,
    PlacePage,
    SearchResult,
    chosen_place,
    pages_by_place,
    place_factors,
    place_json,
    search,
    suggestion,
)
from .records import applies_in_keys, area, documents, inclusive, place_tier
from .related import possible_duplicates, related_entries, similar_entries
from .rules import *  # noqa: F403  (the numbers, for the static export and the tests)
from .rules import __all__ as _rules
from .snippets import snippet, snippet_source
from .text import (
    AGE_WORD,
    COMBINING_MARKS,
    WORD,
    PartChange,
    fold,
    index_terms,
    split_compound,
    term_counts,
    words,
)

__all__ = [
    "AGE_WORD",
    "COMBINING_MARKS",
    "Group",
    "Hit",
    "Place",
    "STOPWORDS",
    "SearchIndex",
    "SearchResult",
    "WORD",
    "analyse_query",
    "analyse_words",
    "applies_in_keys",
    "area",
    "baseline_search",
    "build_index",
    "portable_index",
    "records_index",
    "reopened_index",
    "clean_query",
    "compound_parts",
    "documents",
    "distinct_rows",
    "dutch_municipalities",
    "edit_distance",
    "facet_counts",
    "filter_mask",
    "find_place",
    "fold",
    "fuzzy_terms",
    "give_back_freed_memory",
    "glossary_pairs",
    "inclusive",
    "index_terms",
    "is_question",
    "matches_filters",
    "max_distance",
    "municipalities_applying",
    "place_factors",
    "PlacePage",
    "chosen_place",
    "pages_by_place",
    "place_json",
    "place_key",
    "place_tier",
    "possible_duplicates",
    "prefix_terms",
    "query_rules",
    "query_words",
    "related_entries",
    "search",
    "similar_entries",
    "snippet",
    "snippet_source",
    "PartChange",
    "split_compound",
    "stem",
    "suggestion",
    "term_counts",
    "thesaurus_map",
    "whoosh_query",
    "word_analyser",
    "words",
] + _rules
