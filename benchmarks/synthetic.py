#!/usr/bin/env python3
"""Generate a synthetic catalogue of N entries with realistic Dutch text and vocabulary.

Sentences, names and organisations are drawn from the real catalogue and recombined, so the text
has the catalogue's own words, lengths and compounds; vocabulary ids are drawn from the
vocabularies. Usage: python benchmarks/synthetic.py N TARGET_DIR [--seed S]
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from directory.catalogue import load_catalogue  # noqa: E402


def sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", text or "") if len(s.strip()) > 20]


def generate(count: int, target: Path, seed: int = 1) -> Path:
    rng = random.Random(seed)
    catalogue = load_catalogue(ROOT, warnings=False).catalogue
    vocab = catalogue.vocabularies
    pool = {
        "naam": [e["naam"] for e in catalogue.entries],
        "organisatie": [e["organisatie"] for e in catalogue.entries],
        "samenvatting": [e["samenvatting"] for e in catalogue.entries],
        "zin": [s for e in catalogue.entries for s in sentences(e.get("beschrijving", ""))],
    }
    regions = [r for r in vocab["regios"].ids]
    entries_dir = target / "entries"
    if target.exists():
        shutil.rmtree(target)
    entries_dir.mkdir(parents=True)
    for number in range(count):
        region = rng.choice(regions)
        municipalities = vocab.municipalities_by_region.get(region, [])
        data = {
            "naam": f"{rng.choice(pool['naam'])} {number + 1}",
            "organisatie": rng.choice(pool["organisatie"]),
            "vorm": rng.choice(["dienst", "dienst", "dienst", "voorbeeld", "voorbeeld", "netwerk"]),
            "samenvatting": rng.choice(pool["samenvatting"]),
            "beschrijving": "\n\n".join(
                " ".join(rng.sample(pool["zin"], 3)) for _ in range(rng.randint(1, 3))
            ),
            "categorieen": rng.sample(vocab["categorieen"].ids, rng.randint(1, 3)),
            "doelgroepen": rng.sample(vocab["doelgroepen"].ids, rng.randint(1, 3)),
            "fasen": rng.sample(vocab["fasen"].ids, rng.randint(1, 2)),
            "leefgebieden": rng.sample(vocab["leefgebieden"].ids, rng.randint(1, 3)),
            "leeftijd": {"van": rng.choice([16, 18]), "tot": rng.choice([23, 27])},
            "regio": region,
            "status": rng.choice(["actief", "actief", "actief", "onbekend", "beeindigd"]),
            "bronnen": [
                {"url": "https://www.voorbeeld.nl/bron", "titel": "Voorbeeldbron", "datum": 2025}
            ],
            "gecontroleerd": f"2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}",
        }
        if municipalities and rng.random() < 0.5:
            data["gemeenten"] = rng.sample(municipalities, 1)
        if rng.random() < 0.5:
            data["contact"] = {
                "website": f"https://www.voorbeeld{number}.nl",
                "telefoon": f"0320 {rng.randint(100, 999)} {rng.randint(100, 999)}",
            }
        text = yaml.dump(data, allow_unicode=True, sort_keys=False, width=100)
        (entries_dir / f"aanbod-{number + 1:05d}.yaml").write_text(text, encoding="utf-8")
    return target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("count", type=int)
    parser.add_argument("target", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate(args.count, args.target, args.seed)
    print(f"{args.count} entries in {args.target / 'entries'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
