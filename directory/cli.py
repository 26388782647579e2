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
    handler = COMMANDS[command]
    try:
        return handler(args)
    except KeyboardInterrupt:
        print("Afgebroken.", file=sys.stderr)
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="build.py", description="Voorveld in beeld: bouw en controleer de sociale kaart.")
    parser.add_argument("--project", type=Path, default=PROJECT_DIR, help="map met entries/ (standaard: deze map)")
    sub = parser.add_subparsers(dest="command")
    build = sub.add_parser("build", help="controleer, indexeer en bouw de site in site/ (standaard)")
    build.add_argument("--output", type=Path, default=None, help="doelmap (standaard: site/)")
    build.add_argument("--base-url", default=None, help="adres waarop de site komt, bijvoorbeeld https://example.org/voorveld/")
    check = sub.add_parser("check", help="controleer de catalogus")
    check.add_argument("--github", action="store_true", help="meld problemen als GitHub Actions-annotaties")
    check.add_argument("--zonder-waarschuwingen", action="store_true", help="toon alleen fouten")
    sub.add_parser("schema", help="schrijf de JSON Schema's opnieuw uit de vocabulaires")
    return parser


def cmd_check(args) -> int:
    result = load_catalogue(args.project)
    shown = result.errors if args.zonder_waarschuwingen else result.problems
    for problem in shown:
        print(problem.as_annotation() if args.github else problem)
    entries, articles = len(result.catalogue.entries), len(result.catalogue.articles)
    print(f"{len(result.errors)} fout(en), {len(result.warnings)} waarschuwing(en); "
          f"{entries} aanbod en {articles} artikel(en) zonder fouten.", file=sys.stderr)
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
    from .builder import BuildFailed, build_site

    try:
        build_site(args.project, output=getattr(args, "output", None), base_url=getattr(args, "base_url", None))
    except BuildFailed as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"Bouwen mislukt: {exc}. De vorige site/ is niet veranderd.", file=sys.stderr)
        return 1
    return 0


COMMANDS = {
    "build": cmd_build,
    "check": cmd_check,
    "schema": cmd_schema,
}
