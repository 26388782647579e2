"""Local first: the pages a young person opens lead to doors, own municipality before region
before national; the overview shows real gaps; text speaks to the reader (issue: a social map,
not a digest). Built in-process on the demo project."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

import pytest
from conftest import DEMO, PROJECT, run_build_py
from flask import render_template_string
from markupsafe import Markup

RAW_SOURCE_NAME = re.compile(r"\b\d{3}_[0-9a-f]{16}\.txt\b")


@pytest.fixture(scope="module")
def demo():
    from directory.catalogue import load_catalogue

    result = load_catalogue(DEMO)
    assert not result.errors, result.errors
    return result.catalogue


@pytest.fixture(scope="module")
def client(demo):
    from directory.app import create_app

    return create_app(demo, live=False).test_client()


@pytest.fixture(scope="module")
def demo_site(demo_build):
    return demo_build.site


def card_ids(html: str) -> list[str]:
    return re.findall(r'<li class="card[^"]*" data-id="([^"]+)"', html)


def test_question_page_in_a_municipality_lists_local_then_regional_then_national(client, demo):
    html = client.get("/gemeente/urk/school/").get_data(as_text=True)
    ids = card_ids(html)
    assert ids[:2] == ["urk-leerplicht", "rmc-regio-flevoland"], ids
    for slug in ids:
        entry = demo.by_slug[slug]
        assert entry["vorm"] == "dienst" and entry["status"] != "beeindigd"
    tiers = [
        (
            "gemeente"
            if "urk" in (demo.by_slug[s].get("gemeenten") or [])
            else "landelijk"
            if demo.by_slug[s]["regio"] == "landelijk"
            else "regio"
        )
        for s in ids
    ]
    assert tiers == sorted(tiers, key=["gemeente", "regio", "landelijk"].index)


def test_without_a_local_door_the_page_says_so_before_regional_ones(client):
    html = client.get("/gemeente/dronten/school/").get_data(as_text=True)
    assert 'id="geen-lokaal"' in html
    assert html.index('id="geen-lokaal"') < html.index("rmc-regio-flevoland")


def test_ended_examples_and_networks_are_never_doors(client, demo):
    for municipality in ("lelystad", "urk", "almere"):
        for question in ("werk", "school", "geld", "weet-niet"):
            for slug in card_ids(
                client.get(f"/gemeente/{municipality}/{question}/").get_data(as_text=True)
            ):
                assert demo.by_slug[slug]["vorm"] == "dienst"
                assert demo.by_slug[slug]["status"] != "beeindigd"


def test_the_national_question_page_asks_where_you_live_and_lists_national_doors(client, demo):
    html = client.get("/vraag/werk/").get_data(as_text=True)
    assert "Waar woon je?" in html
    assert 'href="/gemeente/urk/werk/"' in html  # a plain link: works without JavaScript
    assert all(demo.by_slug[s]["regio"] == "landelijk" for s in card_ids(html))


def test_cards_show_place_status_and_the_quickest_way_in(client):
    html = client.get("/gemeente/urk/school/").get_data(as_text=True)
    card = re.search(r'<li class="card[^"]*" data-id="urk-leerplicht">.*?</li>', html, re.S).group(
        0
    )
    assert '<span class="place">Urk</span>' in card
    assert "Status onbekend" in card
    assert 'href="tel:+31527689868"' in card and ">Bel<" in card and ">Website<" in card


def test_entry_page_shows_what_is_not_known_and_the_year_of_its_information(client):
    html = client.get("/aanbod/rmc-regio-flevoland/").get_data(as_text=True)
    assert "Nog niet bekend:" in html and "telefoon" in html
    assert "Informatie uit 2023" in html
    assert "Nagevraagd bij de aanbieder" in html and "Nog niet" in html


def test_old_information_is_flagged(client):
    html = client.get("/aanbod/jonca-gooi-en-vechtstreek/").get_data(as_text=True)
    assert "Informatie uit 2017" in html and "meer dan vijf jaar oud" in html


def test_ended_entry_promises_no_way_in(client):
    html = client.get("/aanbod/jongeren-participatiecoach-lelystad/").get_data(as_text=True)
    assert "Hoe begin je?" not in html and "appen" not in html.lower()


def visible_text(html: str) -> str:
    class Text(HTMLParser):
        def __init__(self):
            super().__init__()
            self.parts, self.skip = [], 0

        def handle_starttag(self, tag, attrs):
            self.skip += tag in ("script", "style")

        def handle_endtag(self, tag):
            self.skip -= tag in ("script", "style")

        def handle_data(self, data):
            if not self.skip:
                self.parts.append(data)

    parser = Text()
    parser.feed(html)
    return " ".join(parser.parts)


def test_no_page_of_the_real_site_shows_a_raw_source_file_name(site):
    pages = list(site.rglob("*.html"))
    assert len(pages) > 500
    shown = [
        p.relative_to(site)
        for p in pages
        if RAW_SOURCE_NAME.search(visible_text(p.read_text(encoding="utf-8")))
    ]
    assert not shown, shown[:10]


def test_the_build_warns_while_the_maintainers_address_is_a_placeholder():
    from directory.builder import settings_warnings

    live = {"basis_url": "https://voorveld.example.nl/"}
    assert settings_warnings({**live, "beheer_email": "beheer@voorbeeld.nl"})
    assert not settings_warnings({**live, "beheer_email": "sociale-kaart@lelystad.nl"})
    # no base URL yet
    assert settings_warnings({"basis_url": "", "beheer_email": "sociale-kaart@lelystad.nl"})
    assert not settings_warnings(
        {"basis_url": "", "beheer_email": "x@lelystad.nl"}, base_url="https://a.nl/"
    )


def test_sources_are_readable_titles_never_raw_file_names(demo_site):
    pages = list(demo_site.rglob("*.html"))
    assert len(pages) > 50
    for page in pages:
        visible = visible_text(page.read_text(encoding="utf-8"))
        assert not RAW_SOURCE_NAME.search(visible), (
            f"{page.relative_to(demo_site)} shows a raw source file name"
        )
    entry = (demo_site / "aanbod" / "rmc-regio-flevoland" / "index.html").read_text(
        encoding="utf-8"
    )
    assert "Projectvoorstel Pilot Jongeren-participatiecoach, 2023, regel" in entry


def test_every_frozen_page_writes_abbreviations_out_anew(demo_site):
    """The freezer renders many pages in one app context: what one page explained must not count
    as explained on the next."""
    for slug in ("rmc-regio-flevoland", "urk-leerplicht"):
        html = (demo_site / "aanbod" / slug / "index.html").read_text(encoding="utf-8")
        lead = re.search(r'<p class="lead">(.*?)</p>', html, re.S).group(1)
        assert (
            "(middelbaar beroepsonderwijs)" in lead
            or "(Regionaal Meld- en Coördinatiepunt)" in lead
        ), (slug, lead)


EACH_CARD = '{% from "_macros.html" import entry_card with context %}{{ entry_card(entry, level) }}'


def test_cards_from_memory_are_the_cards_the_macro_makes(demo, real_catalogue):
    """``app.remembered_card`` makes each card once per entry, heading level and abbreviations
    already written out on the page; every list page must be what the macro makes each time,
    abbreviations written out at their first use on the page and only there."""
    from directory.app import create_app

    for catalogue in (demo, real_catalogue.catalogue):
        remembered = create_app(catalogue, live=False)
        plain = create_app(catalogue, live=False)

        def each_time(entry, level=2):  # the macro as a page imports it, with the page's context
            return Markup(render_template_string(EACH_CARD, entry=entry, level=level))

        plain.jinja_env.globals["card"] = each_time
        urls = ["/", "/voorbeelden/", "/gemeente/lelystad/", "/gemeente/urk/"]
        urls += [f"/bekijk/{dimension}/" for dimension in ("categorie", "doelgroep")]
        first, second = remembered.test_client(), plain.test_client()
        pages = 0
        for url in urls * 2:  # the second round takes every card from memory
            a, b = first.get(url), second.get(url)
            assert a.status_code == b.status_code
            if a.status_code == 200:
                pages += 1
                assert a.get_data(as_text=True) == b.get_data(as_text=True), url
        assert pages >= 8


def test_abbreviations_are_written_out_at_their_first_use(client):
    html = client.get("/aanbod/rmc-regio-flevoland/").get_data(as_text=True)
    assert html.count("Regionaal Meld- en Coördinatiepunt") >= 1
    lead = re.search(r'<p class="lead">(.*?)</p>', html, re.S).group(1)
    assert "RMC (Regionaal Meld- en Coördinatiepunt)" in lead


def app_with_address(demo, address: str):
    from directory.app import create_app, maintainer_address

    app = create_app(demo, live=False)
    app.config["SITE"]["beheer_email"] = maintainer_address(address)
    return app.test_client()


def test_report_a_mistake_without_github(demo):
    client = app_with_address(demo, "sociale-kaart@lelystad.nl")
    html = client.get("/aanbod/uwv/").get_data(as_text=True)
    link = re.search(r'href="(mailto:[^"]+)"[^>]*>Mail ons wat er niet klopt', html).group(1)
    assert link.startswith("mailto:sociale-kaart@lelystad.nl?")
    assert "subject=Klopt%20er%20iets%20niet%3F%20UWV" in link
    assert "aanbod/uwv/" in link
    form = client.get("/aanmelden/").get_data(as_text=True)
    assert 'data-mail="sociale-kaart@lelystad.nl"' in form and 'id="mail-link"' in form


@pytest.mark.parametrize("address", ["beheer@voorbeeld.nl", "x@EXAMPLE.org", "", "  "])
def test_no_mail_link_while_the_maintainers_address_is_a_placeholder(demo, address):
    """Mail to a placeholder domain would reach a stranger: until site.yaml names the
    maintainers' own address, the pages offer GitHub only (and the build warns)."""
    client = app_with_address(demo, address)
    html = client.get("/aanbod/uwv/").get_data(as_text=True)
    assert "mailto:" not in html.split('id="klopt"')[1]
    assert "een fout melden</a>" in html
    form = client.get("/aanmelden/").get_data(as_text=True)
    assert 'id="mail-link"' not in form and "per e-mail stuurt" not in form
    assert 'id="github-link"' in form


def test_examples_page_groups_voorbeeld_entries(client):
    html = client.get("/voorbeelden/").get_data(as_text=True)
    assert card_ids(html) and set(card_ids(html)) == {"jonca-gooi-en-vechtstreek"}
    assert "Gooi en Vechtstreek" in html


def test_overview_shows_a_gap_where_a_municipality_has_no_local_or_regional_door(demo):
    from directory import overview

    matrix = overview.MATRICES["leefgebied-gemeente"]
    table = overview.matrix_table(demo, matrix)
    # Financien: only a national door (UWV) and an ended local one: a real gap in every
    # municipality.
    assert all(table["counts"][("financien", m)] == 0 for m in overview.FOCUS)
    assert table["national"]["financien"] >= 1
    # the regional RMC; leerplicht Urk's status is unknown
    assert table["counts"][("school", "urk")] == 1
    wide = overview.matrix_table(demo, matrix, wide=True)
    assert wide["counts"][("school", "urk")] == 2  # counting unknown status adds it
    assert wide["counts"][("financien", "urk")] >= 1  # counting national provision fills it


def test_overview_page_never_claims_no_gaps_when_there_are(client):
    html = client.get("/overzicht/leefgebied-gemeente/").get_data(as_text=True)
    assert "Geen lege cellen" not in html
    assert 'class="gap"' in html


def test_review_lists_never_checked_first_and_drafts_requests_to_providers(demo):
    from directory.app import load_settings
    from directory.review import requests_to_providers, review

    grouped = review(demo, dt.date(2026, 12, 6))
    first = next(iter(grouped.values()))[0]
    assert "nooit-gecontroleerd" in first.reasons
    requests = requests_to_providers(demo, load_settings())
    urk = (
        next(r for r in requests if r.organisation == "Gemeente Urk")
        if any(r.organisation == "Gemeente Urk" for r in requests)
        else None
    )
    assert requests and all("Nog niet bekend:" in r.body for r in requests)
    if urk:
        assert urk.mailto.startswith("mailto:gemeente@urk.nl?subject=")
    # the letters name a reply address only once it is the maintainers' own (cli: site_settings)
    for address, said in (("", False), ("sociale-kaart@lelystad.nl", True)):
        body = requests_to_providers(demo, {**load_settings(), "beheer_email": address})[0].body
        assert ("mailen naar" in body) is said
    from directory.app import site_settings

    assert "voorbeeld.nl" not in requests_to_providers(demo, site_settings())[0].body


def test_hsds_assures_only_checked_entries_and_exports_only_services(demo):
    from directory.hsds import HSDSExport

    export = HSDSExport(demo, "https://example.org/").build()
    names = {s["name"] for s in export.services}
    assert "JONCA jongerenplatform Gooi en Vechtstreek" not in names  # a voorbeeld
    assert all(s.get("assured_date") is None for s in export.services)


def test_readability_warning_fires_on_a_hard_text(demo_project):
    entry = demo_project / "entries" / "uwv.yaml"
    text = entry.read_text(encoding="utf-8")
    hard = (
        "De intersectorale arbeidsmarktondersteuningsstructuur faciliteert gemeentelijke "
        "samenwerkingsverbanden ten behoeve van kwetsbare jongvolwassenen."
    )
    text = re.sub(r"samenvatting: >-\n(  .*\n)+", f"samenvatting: {hard}\n", text)
    entry.write_text(text, encoding="utf-8")
    result = run_build_py("check", project=demo_project)
    assert re.search(
        r"entries/uwv\.yaml:\d+:\d+: samenvatting: waarschuwing: moeilijker dan B1: lang woord",
        result.stdout,
    ), result.stdout


def test_phrases_about_documents_are_warned(demo_project):
    entry = demo_project / "entries" / "uwv.yaml"
    text = entry.read_text(encoding="utf-8").replace(
        "beschrijving: |\n", "beschrijving: |\n  Het projectvoorstel noemt UWV.\n", 1
    )
    entry.write_text(text, encoding="utf-8")
    result = run_build_py("check", project=demo_project)
    assert re.search(
        r"entries/uwv\.yaml:\d+:\d+: beschrijving: waarschuwing: spreekt over de bronnen",
        result.stdout,
    ), result.stdout


@pytest.mark.parametrize(
    "municipality", ["lelystad", "dronten", "urk", "noordoostpolder", "almere", "zeewolde"]
)
def test_every_flevoland_municipality_has_a_page_per_question(client, municipality):
    import yaml

    questions = yaml.safe_load(
        (PROJECT / "directory" / "data" / "vragen.yaml").read_text(encoding="utf-8")
    )
    for question in questions:
        assert client.get(f"/gemeente/{municipality}/{question['id']}/").status_code == 200
