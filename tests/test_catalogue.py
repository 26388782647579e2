"""The real catalogue: size, coverage of the four municipalities, sources that exist, and the
knowledge base woven into it."""

from __future__ import annotations

import re

import yaml
from conftest import PROJECT, run_build_py

from directory.vocabularies import DATA_DIR, load_vocabularies

SOURCE = re.compile(r"^(?P<file>[A-Za-z0-9_.-]+\.txt):(?P<start>\d+)(?:-(?P<end>\d+))?$")


def cited_sources():
    """(where it is cited, reference) for every file:line source in entries, articles and
    glossary."""
    for path in sorted((PROJECT / "entries").glob("*.yaml")):
        for ref in yaml.safe_load(path.read_text(encoding="utf-8")).get("bronnen", []):
            yield path.name, ref
    for path in sorted((PROJECT / "entries" / "kennisbank").glob("*.md")):
        header = path.read_text(encoding="utf-8").split("---")[1]
        for ref in yaml.safe_load(header).get("bronnen", []):
            yield path.name, ref
    for term in yaml.safe_load((DATA_DIR / "begrippen.yaml").read_text(encoding="utf-8")):
        for ref in term.get("bronnen", []):
            yield f"begrippen.yaml#{term['id']}", ref
    for name in ("doelgroepen", "leefgebieden"):
        for term in yaml.safe_load(
            (DATA_DIR / "vocabulaires" / f"{name}.yaml").read_text(encoding="utf-8")
        ):
            for ref in term.get("bronnen", []):
                yield f"{name}.yaml#{term['id']}", ref


def test_the_catalogue_checks_clean():
    result = run_build_py("check", "--zonder-waarschuwingen")
    assert result.returncode == 0, result.stdout[-3000:]


def test_every_file_line_source_exists_in_the_seeds(seeds):
    lengths = {}
    missing = []
    count = 0
    for where, ref in cited_sources():
        if isinstance(ref, dict):  # a web page with its date
            assert ref["url"].startswith(("http://", "https://")), (where, ref)
            continue
        match = SOURCE.match(ref)
        if not match:
            assert ref.startswith(("http://", "https://")), (where, ref)
            continue
        count += 1
        path = seeds / match["file"]
        if not path.exists():
            missing.append((where, ref, "no such document"))
            continue
        if path not in lengths:
            lengths[path] = len(path.read_text(encoding="utf-8").splitlines())
        start, end = int(match["start"]), int(match["end"] or match["start"])
        if not (1 <= start <= end <= lengths[path]):
            missing.append((where, ref, f"the document has {lengths[path]} lines"))
    assert count > 300
    assert not missing, missing[:20]


def test_size_and_coverage(real_catalogue):
    catalogue = real_catalogue.catalogue
    assert len(catalogue.entries) >= 180
    for municipality in ("lelystad", "dronten", "urk", "noordoostpolder"):
        assert len(catalogue.entries_for_municipality(municipality)) >= 8, municipality
    used = {c for e in catalogue.entries for c in e.ids("categorieen")}
    assert used == set(catalogue.vocabularies["categorieen"].ids)


def test_the_entries_of_a_municipality_are_those_the_municipality_rule_keeps(real_catalogue):
    """entries_for_municipality groups every municipality in one pass; it must keep exactly what
    applies_in keeps, in catalogue order, and answer a municipality outside the vocabulary too."""
    from directory.catalogue import applies_in

    catalogue = real_catalogue.catalogue
    region_of = catalogue.vocabularies.region_of
    for municipality in [*catalogue.vocabularies["gemeenten"].ids, "elders"]:
        expected = [
            e for e in catalogue.entries if applies_in(e, municipality, region_of(municipality))
        ]
        assert catalogue.entries_for_municipality(municipality) == expected, municipality
    assert catalogue.entries_for_municipality("elders")  # the national ones


def _contact_values(entry):
    """(field, value) of every phone number, e-mail address and street address of an entry."""
    contact = entry.get("contact") or {}
    for key in ("telefoon", "whatsapp", "email", "adres"):
        if contact.get(key):
            yield f"contact.{key}", contact[key]
    for key in ("telefoon", "email"):
        if (contact.get("professionals") or {}).get(key):
            yield f"contact.professionals.{key}", contact["professionals"][key]
    for place in entry.get("locaties") or []:
        yield "locaties.adres", place["adres"]


def _host(url: str) -> str:
    return re.sub(r"^https?://(www\.)?", "", url).split("/")[0].lower()


def test_no_invented_contact_details(real_catalogue, seeds):
    """Contact details are copied, never composed: every phone number, e-mail address and street
    address appears in a cited source document, or its entry cites a web page (where a reviewer
    finds it); a website is on a host the entry cites, or appears in the source documents."""
    text = re.sub(r"\s+", " ", " ".join(p.read_text(encoding="utf-8") for p in seeds.glob("*.txt")))
    digits_of_text = re.sub(r"\D", "", text)
    problems = []
    for entry in real_catalogue.catalogue.entries:
        urls = [b["url"] if isinstance(b, dict) else b for b in entry["bronnen"]]
        web = [u for u in urls if u.startswith(("http://", "https://"))]
        for field, value in _contact_values(entry):
            in_seeds = value in text or (
                field.endswith(("telefoon", "whatsapp"))
                and re.sub(r"\D", "", value) in digits_of_text
            )
            if not in_seeds and not web:
                problems.append((entry.slug, field, value))
        website = (entry.get("contact") or {}).get("website")
        if (
            website
            and _host(website) not in {_host(u) for u in web}
            and _host(website).replace("www.", "") not in text
        ):
            problems.append((entry.slug, "contact.website", website))
    assert not problems, problems


def test_contacts_for_professionals_name_a_team_desk_or_role(real_catalogue):
    from directory import taal

    words = taal.rules()["professionals_woorden"]
    for entry in real_catalogue.catalogue.entries:
        name = ((entry.get("contact") or {}).get("professionals") or {}).get("naam")
        if name:
            assert any(w in name.casefold() for w in words), (entry.slug, name)


def test_glossary_and_thesaurus():
    glossary = yaml.safe_load((DATA_DIR / "begrippen.yaml").read_text(encoding="utf-8"))
    terms = {t["term"].lower() for t in glossary}
    for required in (
        "rmc",
        "w&i",
        "wsp",
        "llo",
        "mbo",
        "vso",
        "pro",
        "vsv",
        "uwv",
        "sbb",
        "rmt",
        "lwl",
        "rwf",
        "duo",
        "bbl",
        "lob",
        "cjg",
        "wmo",
        "participatiewet",
    ):
        assert required in terms, required
    for term in glossary:
        if term.get("interpretatie"):
            assert (
                "interpretatie" in term["uitleg"].lower() or "niet voluit" in term["uitleg"].lower()
            ), term["id"]
    thesaurus = yaml.safe_load((DATA_DIR / "thesaurus.yaml").read_text(encoding="utf-8"))
    assert len(thesaurus) >= 60


def test_every_law_has_an_article(real_catalogue):
    covered = {law for a in real_catalogue.catalogue.articles for law in a.get("wetten", [])}
    assert set(load_vocabularies()["wetten"].ids) <= covered
    assert len(real_catalogue.catalogue.articles) >= 25


def test_articles_open_for_young_people_then_professionals(real_catalogue):
    for article in real_catalogue.catalogue.articles:
        before, _, after = article.body.partition("## Voor professionals")
        assert before.strip() and after.strip(), article.slug


def test_every_article_is_linked_from_another_page(site):
    pages = {p: p.read_text(encoding="utf-8") for p in site.rglob("*.html")}
    for article in (PROJECT / "entries" / "kennisbank").glob("*.md"):
        link = f'href="/kennisbank/{article.stem}/"'
        own = site / "kennisbank" / article.stem / "index.html"
        assert any(link in html for page, html in pages.items() if page != own), article.stem
    entry_page = (site / "aanbod" / "rmc-regio-flevoland" / "index.html").read_text(
        encoding="utf-8"
    )
    assert "/kennisbank/" in entry_page
    glossary = (site / "begrippen" / "index.html").read_text(encoding="utf-8")
    assert 'href="/kennisbank/startkwalificatie/"' in glossary


def test_synthetic_catalogues_for_the_benchmarks_are_valid(tmp_path):
    """A benchmark over a synthetic catalogue that the check rejects would measure nothing."""
    import sys

    sys.path.insert(0, str(PROJECT))
    from benchmarks.synthetic import generate
    from directory.catalogue import load_catalogue

    project = generate(40, tmp_path / "synthetisch")
    result = load_catalogue(project, warnings=False)
    assert not result.errors, result.errors[:3]
    assert len(result.catalogue.entries) == 40
