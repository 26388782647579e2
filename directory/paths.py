"""Where things live on the site: one definition for the pages (their routes), the exports, HSDS,
the feed, the sitemap and the review, so that a link in an export always names a built page."""

from __future__ import annotations

from urllib.parse import urlsplit

ENTRY = "aanbod/{slug}/"
ORGANISATION = "organisatie/{slug}/"


def route(pattern: str, **converters: str) -> str:
    """A Flask route for a path pattern: route(ENTRY, slug="<slug>") is "/aanbod/<slug>/"."""
    return "/" + pattern.format(**converters)


def entry_path(slug: str) -> str:
    return ENTRY.format(slug=slug)


def entry_url(base_url: str, slug: str) -> str:
    """The entry's page: absolute under a base URL, else relative to the site's root."""
    return f"{base_url}{entry_path(slug)}"


def organisation_url(base_url: str, slug: str) -> str:
    return f"{base_url}{ORGANISATION.format(slug=slug)}"


def site_root(base_url: str) -> str:
    """The path the site is served under: "/" or "/voorveld/"."""
    path = urlsplit(base_url).path if base_url else "/"
    return path if path.endswith("/") else path + "/"
