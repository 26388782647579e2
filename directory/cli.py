"""The command line: `python build.py [build|check|schema|search|stats|review|serve]`.

Messages for people are Dutch, like the catalogue; a mistake in an entry is reported, never shown
as a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .catalogue import load_catalogue

PROJECT_DIR = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    command = args.command or "build"
    if command != "schema" and not (args.project / "entries").is_dir():
        print(f"Geen map entries/ in {args.project}: is --project goed?", file=sys.stderr)
        return 2
    handler = COMMANDS[command]
    try:
        return handler(args)
    except KeyboardInterrupt:
        print("Afgebroken.", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into `head` and the like
        sys.stderr.close()
        return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="build.py", description="Voorveld in beeld: bouw en controleer de sociale kaart."
    )
    parser.add_argument(
        "--project", type=Path, default=PROJECT_DIR, help="map met entries/ (standaard: deze map)"
    )
    sub = parser.add_subparsers(dest="command")
    build = sub.add_parser(
        "build", help="controleer, indexeer en bouw de site in site/ (standaard)"
    )
    build.add_argument("--output", type=Path, default=None, help="doelmap (standaard: site/)")
    build.add_argument(
        "--base-url",
        default=None,
        help="adres waarop de site komt, bijvoorbeeld https://example.org/voorveld/",
    )
    build.add_argument(
        "--volledig",
        action="store_true",
        help="maak alles opnieuw, zonder wat de vorige build al controleerde en maakte",
    )
    check = sub.add_parser("check", help="controleer de catalogus")
    check.add_argument(
        "--github", action="store_true", help="meld problemen als GitHub Actions-annotaties"
    )
    check.add_argument("--zonder-waarschuwingen", action="store_true", help="toon alleen fouten")
    sub.add_parser("schema", help="schrijf de JSON Schema's opnieuw uit de vocabulaires")
    serve = sub.add_parser(
        "serve", help="start de live site om te bekijken (http://127.0.0.1:8000/)"
    )
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    find = sub.add_parser("search", help="zoek in de catalogus")
    find.add_argument("query", nargs="?", default="")
    for name, facet in (
        ("gemeente", "gemeente"),
        ("categorie", "categorie"),
        ("doelgroep", "doelgroep"),
        ("fase", "fase"),
        ("leefgebied", "leefgebied"),
        ("regio", "regio"),
        ("status", "status"),
    ):
        find.add_argument(
            f"--{name}",
            action="append",
            default=[],
            metavar="ID",
            help=f"filter op {facet} (herhaal voor OF)",
        )
    find.add_argument("--json", action="store_true", help="geef het antwoord als JSON")
    find.add_argument("--aantal", type=int, default=10, help="hoeveel resultaten (standaard 10)")
    sub.add_parser("stats", help="tellingen per categorie, regio, gemeente, status en doelgroep")
    herzien = sub.add_parser("review", help="aanbod dat aandacht nodig heeft, per organisatie")
    herzien.add_argument(
        "--markdown", action="store_true", help="als Markdown (voor een GitHub-samenvatting)"
    )
    herzien.add_argument(
        "--links",
        type=Path,
        metavar="RAPPORT",
        help="voeg de dode links uit dit lychee-rapport (JSON) toe",
    )
    links = sub.add_parser(
        "links", help="dode links per aanbod, uit het rapport van de linkcontrole (lychee, JSON)"
    )
    links.add_argument("report", type=Path, metavar="RAPPORT")
    links.add_argument(
        "--markdown", action="store_true", help="als Markdown (de tekst van het GitHub-issue)"
    )
    return parser


def cmd_check(args) -> int:
    result = load_catalogue(args.project)
    if not args.zonder_waarschuwingen:
        from .checks import duplicate_warnings
        from .search import possible_duplicates, similar_entries

        pairs = possible_duplicates(similar_entries(result.catalogue))
        result.problems.extend(duplicate_warnings(result.catalogue, pairs))
    shown = result.errors if args.zonder_waarschuwingen else result.problems
    for problem in shown:
        print(problem.as_annotation() if args.github else problem)
    entries, articles = len(result.catalogue.entries), len(result.catalogue.articles)
    print(
        f"{len(result.errors)} fout(en), {len(result.warnings)} waarschuwing(en); "
        f"{entries} aanbod en {articles} artikel(en) zonder fouten.",
        file=sys.stderr,
    )
    return 1 if result.errors else 0


def cmd_schema(args) -> int:
    from .schema import write_schemas
    from .vocabularies import load_vocabularies

    changed = write_schemas(load_vocabularies())
    for path in changed:
        print(f"bijgewerkt: {path.relative_to(PROJECT_DIR)}")
    if not changed:
        print("schema's waren al bij.")
    return 0


def cmd_build(args) -> int:
    from urllib.parse import urlparse

    from .builder import BuildFailed, build_site

    base_url = getattr(args, "base_url", None)
    if base_url and not (
        urlparse(base_url).scheme in ("http", "https") and urlparse(base_url).netloc
    ):
        print(
            "--base-url moet een volledig webadres zijn, zoals https://example.org/voorveld/ "
            f"(niet '{base_url}').",
            file=sys.stderr,
        )
        return 2
    try:
        build_site(
            args.project,
            output=getattr(args, "output", None),
            base_url=base_url,
            full=getattr(args, "volledig", False),
        )
    except BuildFailed as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"Bouwen mislukt: {exc}. De vorige site/ is niet veranderd.", file=sys.stderr)
        return 1
    except OSError as exc:
        print(
            f"Bouwen mislukt: {exc.strerror or exc} ({exc.filename}). De vorige site/ is niet "
            "veranderd.",
            file=sys.stderr,
        )
        return 1
    return 0


def _load_or_report(args):
    """Load the catalogue; on errors print them and return None (the caller exits 1). Files
    that a build or an earlier command checked come from the check cache (``incremental.py``)."""
    import datetime as dt

    from .incremental import CheckCache, build_key

    today = dt.date.today()
    cache = CheckCache(args.project, build_key())
    result = load_catalogue(args.project, today, warnings=False, cache=cache)
    if not result.errors:
        cache.save()
    if result.errors:
        for problem in result.errors:
            print(problem, file=sys.stderr)
        print(
            f"{len(result.errors)} fout(en) in de catalogus; los ze eerst op (python build.py "
            "check).",
            file=sys.stderr,
        )
        return None
    return result.catalogue


def live_app(args):
    """The app of the live preview, or None after printing the catalogue's errors. The index is
    made in a helper process (``builder.index_beside``): the server keeps only the result."""
    from .app import create_app
    from .builder import index_beside

    catalogue = _load_or_report(args)
    if catalogue is None:
        return None
    index, related = index_beside(catalogue)
    base_url = f"http://{args.host}:{args.port}/"
    app = create_app(catalogue, index, base_url=base_url, related=related)
    index.arrays, index.facet_masks, index.columns  # noqa: B018 - computed before the first query
    return app


def cmd_serve(args) -> int:
    app = live_app(args)
    if app is None:
        return 1
    print(f"Live site op http://{args.host}:{args.port}/ (stoppen met Ctrl+C)", file=sys.stderr)
    app.run(host=args.host, port=args.port, debug=False, threaded=True)
    return 0


def cmd_search(args) -> int:
    import json

    from . import search

    catalogue = _load_or_report(args)
    if catalogue is None:
        return 1
    index = search.build_index(catalogue)
    filters = {name: getattr(args, name) for name in search.FACETS if getattr(args, name, None)}
    result = search.search(index, args.query, filters, limit=args.aantal, snippets=not args.json)
    if args.json:
        print(json.dumps(result.as_json(limit=args.aantal), ensure_ascii=False, indent=2))
        return 0
    if result.suggestion:
        print(f"Bedoelde je: {result.suggestion}?")
    print(f"{result.total} resultaten")
    for rank, hit in enumerate(result.hits, 1):
        kind = " [kennis]" if hit.record["soort"] == "kennis" else ""
        ended = " [beëindigd]" if hit.record["status"] == "beeindigd" else ""
        print(f"{rank:>3}. {hit.record['naam']}{kind}{ended}  ({hit.slug}, {hit.score:.2f})")
    return 0


def cmd_stats(args) -> int:
    from .stats import catalogue_stats, format_stats

    catalogue = _load_or_report(args)
    if catalogue is None:
        return 1
    print(format_stats(catalogue_stats(catalogue)))
    return 0


def cmd_review(args) -> int:
    from .app import site_settings
    from .review import as_text, requests_to_providers, review

    catalogue = _load_or_report(args)
    if catalogue is None:
        return 1
    requests = requests_to_providers(catalogue, site_settings())
    dead = None
    if args.links:
        dead = _dead_links(args, catalogue)
        if dead is None:
            return 1
    print(as_text(review(catalogue), markdown=args.markdown, requests=requests), end="")
    if dead is not None:
        from . import links

        print("\n" + links.as_text(dead, markdown=args.markdown), end="")
    return 0


def cmd_links(args) -> int:
    from . import links

    catalogue = _load_or_report(args)
    if catalogue is None:
        return 1
    dead = _dead_links(args, catalogue, report=args.report)
    if dead is None:
        return 1
    print(links.as_text(dead, markdown=args.markdown), end="")
    return 0


def _dead_links(args, catalogue, report=None):
    """The dead links of a lychee report, or None after saying why it cannot be read."""
    from . import links

    try:
        return links.read_report(report or args.links, catalogue, args.project)
    except links.ReportError as exc:
        print(exc, file=sys.stderr)
        return None


COMMANDS = {
    "build": cmd_build,
    "check": cmd_check,
    "schema": cmd_schema,
    "serve": cmd_serve,
    "search": cmd_search,
    "stats": cmd_stats,
    "review": cmd_review,
    "links": cmd_links,
}
