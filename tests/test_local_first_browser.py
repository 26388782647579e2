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
QUESTIONS = [
    q["id"]
    for q in yaml.safe_load(
        (PROJECT / "directory" / "data" / "vragen.yaml").read_text(encoding="utf-8")
    )
]
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
def test_a_young_person_finds_local_doors_for_every_question(
    phone, base_url, real_catalogue, municipality
):
    catalogue = real_catalogue.catalogue
    phone.goto(base_url + "/")
    phone.click(f'#kies-gemeente a[data-gemeente="{municipality}"]')
    phone.wait_for_url(f"**/gemeente/{municipality}/")
    for question in QUESTIONS:
        phone.goto(base_url + "/")
        phone.click(f'a[data-vraag="{question}"]')  # the home page now leads to the local page
        phone.wait_for_url(f"**/gemeente/{municipality}/{question}/")
        ids = phone.locator("li.card[data-id]").evaluate_all(
            "cards => cards.map(c => c.dataset.id)"
        )
        first = [catalogue.by_slug[i] for i in ids[:5]]
        for entry in first:
            assert entry["vorm"] == "dienst" and entry["status"] != "beeindigd", (
                question,
                entry.slug,
            )
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
    assert (
        phone.locator(".jouw-gemeente-link a").get_attribute("href").endswith("/gemeente/urk/werk/")
    )
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
    context = chromium.new_context(
        java_script_enabled=False, viewport={"width": 360, "height": 740}
    )
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
    ids = phone.locator("#zoekresultaten li.card[data-id]").evaluate_all(
        "cards => cards.map(c => c.dataset.id)"
    )
    entries = [
        real_catalogue.catalogue.by_slug[i]
        for i in ids[:5]
        if i in real_catalogue.catalogue.by_slug
    ]
    assert entries and all(applies_in(e, "urk", "flevoland") for e in entries)


def test_share_links_carry_the_page_and_listen_uses_speech_synthesis(chromium, base_url):
    context = chromium.new_context(viewport={"width": 360, "height": 740})
    context.add_init_script("""
      window.__spoken = [];
      Object.defineProperty(window, 'speechSynthesis', { configurable: true, value: {
        speaking: false, getVoices: () => [{ lang: 'nl-NL', name: 'Test' }],
        speak: (u) => window.__spoken.push({ text: u.text, lang: u.lang }), cancel: () => {} } });
      Object.defineProperty(window, 'SpeechSynthesisUtterance', { configurable: true,
        value: function (text) { this.text = text; } });
    """)
    page = context.new_page()
    page.goto(base_url + "/aanbod/urk-leerplicht/")
    whatsapp = page.get_attribute('.share-links a[data-share="whatsapp"]', "href")
    assert (
        whatsapp.startswith("https://wa.me/?text=")
        and "Leerplicht%20Urk" in whatsapp
        and "aanbod%2Furk-leerplicht" in whatsapp
    )
    assert page.get_attribute('.share-links a[data-share="sms"]', "href").startswith(
        "sms:?&body=Leerplicht%20Urk"
    )
    assert "subject=Leerplicht%20Urk" in page.get_attribute(
        '.share-links a[data-share="email"]', "href"
    )
    page.click(".lees-voor")
    spoken = page.evaluate("window.__spoken")
    assert spoken and spoken[0]["lang"] == "nl-NL" and "Leerplicht Urk" in spoken[0]["text"]
    context.close()


def test_listen_is_hidden_without_speech_synthesis(chromium, base_url):
    context = chromium.new_context()
    context.add_init_script(
        "Object.defineProperty(window, 'speechSynthesis', "
        "{ configurable: true, value: undefined });"
    )
    page = context.new_page()
    page.goto(base_url + "/aanbod/urk-leerplicht/")
    assert page.locator(".lees-voor").is_hidden()
    context.close()


@pytest.mark.parametrize(
    "moment, expected",
    [
        ("2026-12-08T10:00:00+01:00", "Nu open, tot 12:00."),  # Tuesday morning
        ("2026-12-08T07:15:00+01:00", "Nu gesloten. Gaat vandaag open om 08:30."),
        ("2026-12-08T13:00:00+01:00", "Nu gesloten. Weer open op donderdag om 08:30."),
        ("2026-12-09T23:30:00+01:00", "Nu gesloten. Weer open op morgen (donderdag) om 08:30."),
        (
            "2026-12-11T09:00:00Z",
            "Nu gesloten. Weer open op dinsdag om 08:30.",
        ),  # Friday, UTC given
    ],
)
def test_open_now_follows_the_clock_in_the_dutch_time_zone(chromium, base_url, moment, expected):
    import datetime as dt

    context = chromium.new_context()
    page = context.new_page()
    page.clock.set_fixed_time(dt.datetime.fromisoformat(moment))
    page.goto(base_url + "/aanbod/noordoostpolder-sociaal-loket/")
    assert page.locator(".nu-open").inner_text() == expected
    context.close()


def test_the_referral_list_warns_that_a_shared_note_travels_in_the_link(chromium, base_url):
    page = chromium.new_page()
    page.goto(base_url + "/aanbod/urk-leerplicht/")
    page.click(".op-lijst")
    page.goto(base_url + "/verwijslijst/")
    page.wait_for_selector("#verwijslijst[data-klaar=ja]")
    page.fill("#notitie", "Afspraak dinsdag")
    assert page.locator(".notitie-waarschuwing").is_hidden()
    page.check("#notitie-mee")
    assert page.locator(".notitie-waarschuwing").is_visible()
    whatsapp = page.get_attribute('.share-links a[data-share="whatsapp"]', "href")
    assert "a%3Durk-leerplicht" in whatsapp and "n%3DAfspraak" in whatsapp
    page.close()
