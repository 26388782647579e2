"""Facets and filters: OR within a facet, AND across facets; a municipality passes what applies
there (its own provision, its region's and national provision)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from .index import SearchIndex


def filter_mask(index: SearchIndex, filters: dict) -> np.ndarray:
    mask = np.ones(len(index.records), dtype=bool)
    for name, values in filters.items():
        masks = index.facet_masks[name]
        either = np.zeros(len(index.records), dtype=bool)
        for value in values:
            if value in masks:
                either |= masks[value]
        mask &= either
    return mask


def municipalities_applying(record: dict, municipalities) -> list[str]:
    """Of the given municipalities, those where a record applies (the municipality rule, with the
    keys of ``applies_in_keys``): all of them for national provision."""
    keys = record["geldt_in"]
    return list(municipalities) if "landelijk" in keys else [m for m in municipalities if m in keys]


def matches_filters(record: dict, filters: dict) -> bool:
    for name, values in filters.items():
        if name == "gemeente":
            if not municipalities_applying(record, values):
                return False
        elif not set(values) & set(record["facets"].get(name, [])):
            return False
    return True


def facet_counts(index: SearchIndex, entries: np.ndarray) -> dict:
    """Counts per facet value among the entries found; a municipality counts what applies there."""
    counts = {}
    for name, masks in index.facet_masks.items():
        found = {value: int(np.count_nonzero(mask & entries)) for value, mask in masks.items()}
        counts[name] = dict(
            sorted(((v, n) for v, n in found.items() if n), key=lambda kv: (-kv[1], kv[0]))
        )
    return counts
