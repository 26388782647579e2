"""A young person in each Flevoland municipality, in a real browser on a 360 px phone: home →
"Waar woon je?" → their municipality → every question. The first cards are doors that apply
there, none ended, local before regional before national; the choice survives navigation and a
reload, and can be forgotten."""

from __future__ import annotations

import pytest
import yaml

from browser import SCREENSHOTS
from conftest import PROJECT

pytestmark = pytest.mark.browser
FLEVOLAND = ("lelystad", "dronten", "urk", "noordoostpolder", "almere", "zeewolde")
QUESTIONS = [q["id"] for q in yaml.safe_load((PROJECT / "directory" / "data" / "vragen.yaml").read_text(encoding="utf-8"))]
ORDER = ("gemeente", "regio", "landelijk")


@pytest.fixture
def phone(chromium):
    context = chromium.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    yield page
    assert not context.cookies(), "the site set cookies"
    context.close()


def tier(entry, municipality):
    if entry["regio"] == "landelijk":
        return "landelijk"
    return "gemeente" if municipality in (entry.get("gemeenten") or []) else "regio"


def applies(entry, municipality):
    if entry.get("gemeenten"):
        return municipality in entry["gemeenten"]
    return entry["regio"] in ("landelijk", "flevoland")


@pytest.mark.parametrize("municipality", FLEVOLAND)
def test_a_young_person_finds_local_doors_for_every_question(phone, base_url, real_catalogue, municipality):
    catalogue = real_catalogue.catalogue
    phone.goto(base_url + "/")
    phone.click(f'#kies-gemeente a[data-gemeente="{municipality}"]')
    phone.wait_for_url(f"**/gemeente/{municipality}/")
    for question in QUESTIONS:
        phone.goto(base_url + "/")
        phone.click(f'a[data-vraag="{question}"]')  # the home page now leads to the local page
        phone.wait_for_url(f"**/gemeente/{municipality}/{question}/")
        ids = phone.locator("li.card[data-id]").evaluate_all("cards => cards.map(c => c.dataset.id)")
        first = [catalogue.by_slug[i] for i in ids[:5]]
        for entry in first:
            assert entry["vorm"] == "dienst" and entry["status"] != "beeindigd", (question, entry.slug)
            assert applies(entry, municipality), (question, entry.slug)
        tiers = [ORDER.index(tier(catalogue.by_slug[i], municipality)) for i in ids]
        assert tiers == sorted(tiers), (question, ids)


def test_the_choice_survives_a_reload_and_can_be_forgotten(phone, base_url):
    phone.goto(base_url + "/")
    phone.click('#kies-gemeente a[data-gemeente="urk"]')
    phone.wait_for_url("**/gemeente/urk/")
    phone.goto(base_url + "/")
    phone.reload()
    banner = phone.locator(".jouw-gemeente-keuze")
    assert banner.is_visible() and "Urk" in banner.inner_text()
    assert phone.locator("#kies-gemeente").is_hidden()
    assert phone.get_attribute('a[data-vraag="geld"]', "href").endswith("/gemeente/urk/geld/")
    phone.goto(base_url + "/vraag/werk/")
    assert phone.locator(".jouw-gemeente-link a").get_attribute("href").endswith("/gemeente/urk/werk/")
    phone.goto(base_url + "/")
    phone.click(".jouw-gemeente-keuze .vergeet")
    assert phone.locator("#kies-gemeente").is_visible()
    assert phone.get_attribute('a[data-vraag="geld"]', "href").endswith("/vraag/geld/")
    phone.reload()
    assert phone.locator(".jouw-gemeente-keuze").is_hidden()
    assert phone.evaluate("localStorage.getItem('voorveld.gemeente')") is None


def test_elsewhere_keeps_the_national_question_pages(phone, base_url):
    phone.goto(base_url + "/")
    phone.click('#kies-gemeente a[data-gemeente="elders"]')
    assert "ergens anders" in phone.locator(".jouw-gemeente-keuze").inner_text()
    assert phone.get_attribute('a[data-vraag="werk"]', "href").endswith("/vraag/werk/")


def test_without_javascript_every_step_is_a_plain_link(chromium, base_url):
    context = chromium.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(base_url + "/")
    page.click('#kies-gemeente a[data-gemeente="dronten"]')
    page.click('a[href$="/gemeente/dronten/werk/"]')
    assert page.url.endswith("/gemeente/dronten/werk/")
    assert page.locator("li.card[data-id]").count() > 0
    context.close()


def test_screenshots_of_home_question_and_entry_at_360px(phone, base_url):
    SCREENSHOTS.mkdir(exist_ok=True)
    phone.goto(base_url + "/")
    phone.screenshot(path=str(SCREENSHOTS / "jongere-home-360.png"), full_page=True)
    phone.goto(base_url + "/gemeente/urk/werk/")
    phone.screenshot(path=str(SCREENSHOTS / "jongere-urk-werk-360.png"), full_page=True)
    phone.goto(base_url + "/aanbod/urk-leerplicht/")
    phone.screenshot(path=str(SCREENSHOTS / "jongere-entry-360.png"), full_page=True)
    assert (SCREENSHOTS / "jongere-urk-werk-360.png").stat().st_size > 10_000


def test_the_search_page_puts_the_chosen_municipality_first(phone, base_url, real_catalogue):
    from directory.catalogue import applies_in

    phone.goto(base_url + "/")
    phone.click('#kies-gemeente a[data-gemeente="urk"]')
    phone.goto(base_url + "/zoeken/?q=werk")
    phone.wait_for_selector("#zoekresultaten li.card")
    assert "Eerst wat er in Urk is" in phone.locator(".place-note").inner_text()
    ids = phone.locator("#zoekresultaten li.card[data-id]").evaluate_all("cards => cards.map(c => c.dataset.id)")
    entries = [real_catalogue.catalogue.by_slug[i] for i in ids[:5] if i in real_catalogue.catalogue.by_slug]
    assert entries and all(applies_in(e, "urk", "flevoland") for e in entries)
