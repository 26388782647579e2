#!/usr/bin/env python3
"""Search quality: hit@5, MRR and nDCG@5 of the search over benchmarks/search_queries.yaml,
against a plain Whoosh baseline (StandardAnalyzer, no thesaurus, no compounds). Targets: hit@5 at
least 0.95 on the whole set, at least 0.92 for young people, above the baseline on every measure.

`relevant` is a list (every id grade 1) or a mapping id -> grade (2: exactly what this person
needs, 1: useful); nDCG@5 uses the grades as gains (2^grade - 1). A hit is any graded id in the
top 5. The queries with a `klasse` were written for the failure classes of the search issue.

Usage: python benchmarks/search_quality.py [--static]   (--static: also the static search, in Node)
"""

from __future__ import annotations

import argparse
import json
import math
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from directory import search  # noqa: E402
from directory.catalogue import load_catalogue  # noqa: E402

QUERIES = ROOT / "benchmarks" / "search_queries.yaml"


def load_queries() -> list[dict]:
    return yaml.safe_load(QUERIES.read_text(encoding="utf-8"))


def grades(relevant) -> dict[str, int]:
    return dict(relevant) if isinstance(relevant, dict) else {slug: 1 for slug in relevant}


def score(ranked: list[str], relevant) -> tuple[bool, float, float]:
    """(hit in the top 5, reciprocal rank, nDCG@5)."""
    graded = grades(relevant)
    rr = next((1 / rank for rank, slug in enumerate(ranked, 1) if slug in graded), 0.0)
    gains = [2 ** graded.get(slug, 0) - 1 for slug in ranked[:5]]
    dcg = sum(g / math.log2(i + 2) for i, g in enumerate(gains))
    ideal = sorted((2**g - 1 for g in graded.values()), reverse=True)[:5]
    idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    return rr >= 1 / 5, rr, dcg / idcg if idcg else 0.0


def evaluate(run, queries) -> dict:
    rows = []
    for q in queries:
        ranked = run(q["query"])
        hit, rr, ndcg = score(ranked, q["relevant"])
        rows.append(
            {
                "query": q["query"],
                "soort": q["soort"],
                "klasse": q.get("klasse"),
                "hit": hit,
                "rr": rr,
                "ndcg": ndcg,
                "top": ranked[:5],
            }
        )
    n = len(rows)
    result = {
        "hit@5": sum(r["hit"] for r in rows) / n,
        "mrr": sum(r["rr"] for r in rows) / n,
        "ndcg@5": sum(r["ndcg"] for r in rows) / n,
        "rows": rows,
    }
    new = [r for r in rows if r["klasse"]]
    if new:
        result["ndcg@5 nieuw"] = sum(r["ndcg"] for r in new) / len(new)
    for kind in sorted({r["soort"] for r in rows}):
        subset = [r for r in rows if r["soort"] == kind]
        result[f"hit@5 {kind}"] = sum(r["hit"] for r in subset) / len(subset)
    return result


def static_rankings(queries: list[dict]) -> dict[str, list[str]]:
    """Build the real site into a temporary folder and ask its static search (zoeken.js, in Node
    via tests/static_search_node.js) every query: query -> top 10 slugs."""
    from directory.builder import build_site

    node = shutil.which("node")
    if not node:
        sys.exit("--static needs Node.js (apt install nodejs)")
    with tempfile.TemporaryDirectory(prefix="kwaliteit-") as folder:
        site = build_site(ROOT, output=Path(folder) / "site", log=lambda line: None)
        lines = "".join(json.dumps({"q": q["query"], "limit": 10}) + "\n" for q in queries)
        result = subprocess.run(
            [node, str(ROOT / "tests" / "static_search_node.js"), str(site)],
            input=lines,
            capture_output=True,
            text=True,
            check=True,
        )
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    return {q["query"]: answer["slugs"] for q, answer in zip(queries, answers, strict=False)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--verbose", "-v", action="store_true", help="list every miss")
    parser.add_argument(
        "--static", action="store_true", help="also the static search of the built site, in Node"
    )
    args = parser.parse_args()
    catalogue = load_catalogue(ROOT, warnings=False).catalogue
    index = search.build_index(catalogue)
    queries = load_queries()
    ours = evaluate(
        lambda q: [h.slug for h in search.search(index, q, limit=10, snippets=False).hits], queries
    )
    baseline = evaluate(search.baseline_search(catalogue), queries)
    columns = {"voorveld": ours, "baseline": baseline}
    if args.static:
        rankings = static_rankings(queries)
        columns = {
            "voorveld": ours,
            "statisch": evaluate(rankings.__getitem__, queries),
            "baseline": baseline,
        }
    kinds = ", ".join(
        f"{k}: {sum(q['soort'] == k for q in queries)}" for k in ("coach", "jongere", "kennis")
    )
    print(f"{len(queries)} queries ({kinds})")
    print(f"{'':<16}" + "".join(f"{name:>10}" for name in columns))
    for key in [k for k in ours if k != "rows"]:
        print(f"{key:<16}" + "".join(f"{column[key]:>10.3f}" for column in columns.values()))
    misses = [r for r in ours["rows"] if not r["hit"]]
    print(f"misses: {len(misses)}")
    for r in misses if args.verbose else misses[:10]:
        print(f"  {r['query']!r}: {r['top']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
