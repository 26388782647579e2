"""The real catalogue: size, coverage of the four municipalities, sources that exist, and the
knowledge base woven into it."""

from __future__ import annotations

import re

import yaml

from conftest import PROJECT, run_build_py
from directory.vocabularies import DATA_DIR, load_vocabularies

SOURCE = re.compile(r"^(?P<file>[A-Za-z0-9_.-]+\.txt):(?P<start>\d+)(?:-(?P<end>\d+))?$")


def cited_sources():
    """(where it is cited, reference) for every file:line source in entries, articles and glossary."""
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
        for term in yaml.safe_load((DATA_DIR / "vocabulaires" / f"{name}.yaml").read_text(encoding="utf-8")):
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


def test_no_invented_contact_details(real_catalogue, seeds):
    """A website in an entry must appear in the source documents (contacts are never invented)."""
    text = " ".join(p.read_text(encoding="utf-8") for p in seeds.glob("*.txt"))
    for entry in real_catalogue.catalogue.entries:
        contact = entry.get("contact") or {}
        for key in ("website", "email", "telefoon"):
            if contact.get(key):
                value = contact[key].replace("https://", "").replace("http://", "").rstrip("/")
                assert value.split("/")[0].replace("www.", "") in text, (entry.slug, key, contact[key])


def test_glossary_and_thesaurus():
    glossary = yaml.safe_load((DATA_DIR / "begrippen.yaml").read_text(encoding="utf-8"))
    terms = {t["term"].lower() for t in glossary}
    for required in ("rmc", "w&i", "wsp", "llo", "mbo", "vso", "pro", "vsv", "uwv", "sbb", "rmt", "lwl", "rwf", "duo", "bbl", "lob", "cjg", "wmo", "participatiewet"):
        assert required in terms, required
    for term in glossary:
        if term.get("interpretatie"):
            assert "interpretatie" in term["uitleg"].lower() or "niet voluit" in term["uitleg"].lower(), term["id"]
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


def test_every_article_is_linked_from_another_page(tmp_path):
    result = run_build_py("build", "--output", str(tmp_path / "site"), timeout=300)
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    pages = {p: p.read_text(encoding="utf-8") for p in site.rglob("*.html")}
    for article in (PROJECT / "entries" / "kennisbank").glob("*.md"):
        link = f'href="/kennisbank/{article.stem}/"'
        own = site / "kennisbank" / article.stem / "index.html"
        assert any(link in html for page, html in pages.items() if page != own), article.stem
    entry_page = (site / "aanbod" / "rmc-regio-flevoland" / "index.html").read_text(encoding="utf-8")
    assert "/kennisbank/" in entry_page
    glossary = (site / "begrippen" / "index.html").read_text(encoding="utf-8")
    assert 'href="/kennisbank/startkwalificatie/"' in glossary
