"""The public site in a real browser, as a young person and as a coach would use it."""

from __future__ import annotations

import json
import re
from urllib.parse import urlparse

import pytest
from browser import SCREENSHOTS
from conftest import PROJECT

pytestmark = pytest.mark.browser
AXE = PROJECT / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture
def page(chromium, base_url):
    """A fresh page that records every request; the test fails if one leaves the site."""
    context = chromium.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    yield page
    host = urlparse(base_url).netloc
    outside = [
        u
        for u in requests
        if urlparse(u).scheme in ("http", "https") and urlparse(u).netloc != host
    ]
    assert not outside, f"requests left the site: {outside}"
    assert not context.cookies(), "the site set cookies"
    context.close()


def test_young_person_goes_from_a_question_to_an_entry(page, base_url):
    page.goto(base_url + "/")
    assert page.locator("html").get_attribute("lang") == "nl"
    page.get_by_role("link", name="Ik zoek werk").click()
    assert page.locator("h1").inner_text() == "Ik zoek werk"
    page.locator(".cards a").first.click()
    assert page.get_by_role("heading", name="Hoe begin je?").is_visible()
    assert page.get_by_role("heading", name="Voor professionals").is_visible()
    assert "Nagevraagd bij de aanbieder" in page.content()


def test_by_municipality(page, base_url):
    page.goto(base_url + "/")
    page.locator(".places").first.get_by_role("link", name="Urk").click()
    assert page.locator("h1").inner_text() == "Urk"
    names = page.locator(".cards .card-title a").all_inner_texts()
    assert "Werk & Inkomen Urk" in names  # the municipality's own doors, then the region's
    page.get_by_role("link", name="Ik heb vragen over geld").click()
    assert "/gemeente/urk/geld/" in page.url and page.locator("h2#landelijk").count() == 1


def test_coach_browses_by_target_group(page, base_url):
    page.goto(base_url + "/doelgroep/")
    page.get_by_role("link", name="Jongeren zonder startkwalificatie").click()
    count = page.locator(".cards > li").count()
    assert count > 0
    assert f"{count} keer aanbod" in page.locator(".count-line").inner_text()


def test_ended_entry_is_marked(page, base_url):
    page.goto(base_url + "/aanbod/jongeren-participatiecoach-urk/")
    assert "Dit aanbod is beëindigd" in page.locator(".notice-ended").inner_text()


def test_contact_links(page, base_url, site):
    page.goto(base_url + "/aanbod/netwerk-match-op-meedoen/")
    assert page.locator('a.button[href^="https://"]').count() >= 1


def test_print_media_hides_navigation_and_keeps_the_professional_part(page, base_url):
    page.goto(base_url + "/aanbod/rmc-regio-flevoland/")
    page.emulate_media(media="print")
    assert not page.locator(".site-header nav").is_visible()
    assert not page.locator(".report").is_visible()
    assert page.locator(".for-pros").is_visible()
    page.pdf(path=str(SCREENSHOTS / "entry-print.pdf")) if SCREENSHOTS.exists() else None


def test_404_page(page, base_url):
    response = page.goto(base_url + "/bestaat-niet/")
    assert response.status == 404
    assert "Deze pagina bestaat niet" in page.locator("h1").inner_text()
    assert page.get_by_role("link", name="startpagina").is_visible()


def test_skip_link_and_focus(page, base_url):
    page.goto(base_url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Naar de inhoud"


def test_readable_at_320px_without_horizontal_scroll(chromium, base_url):
    context = chromium.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    for path in ("/", "/aanbod/rmc-regio-flevoland/", "/gemeente/lelystad/", "/zoeken/"):
        page.goto(base_url + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, path
    context.close()


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/aanbod/rmc-regio-flevoland/",
        "/aanbod/jongeren-participatiecoach-urk/",
        "/gemeente/urk/",
        "/categorie/",
        "/a-z/",
        "/begrippen/",
        "/kennisbank/",
        "/kennisbank/startkwalificatie/",
        "/zoeken/",
        "/meedoen/",
        "/404.html",
    ],
)
def test_axe_reports_no_violations(chromium, base_url, path):
    if not AXE.exists():
        pytest.skip("axe-core is not installed: run `npm ci` (make test does)")
    context = chromium.new_context(bypass_csp=True)
    page = context.new_page()
    page.goto(base_url + path)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']})"
    )
    violations = [
        (v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]
    ]
    context.close()
    assert not violations, json.dumps(violations, indent=1, ensure_ascii=False)


def test_screenshots(chromium, base_url):
    """Screenshots at 360 px and 1280 px, for people to look at (tests/screenshots/)."""
    SCREENSHOTS.mkdir(exist_ok=True)
    pages = {
        "home": "/",
        "entry": "/aanbod/rmc-regio-flevoland/",
        "browse": "/gemeente/urk/",
        "article": "/kennisbank/startkwalificatie/",
        "search": "/zoeken/?q=jobcoatch&gemeente=urk",
    }
    for width in (360, 1280):
        context = chromium.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        for name, path in pages.items():
            page.goto(base_url + path)
            if name == "search":
                page.wait_for_selector('#zoekresultaten[data-klaar="ja"]')
            target = SCREENSHOTS / f"{name}-{width}.png"
            page.screenshot(path=str(target), full_page=True)
            assert target.stat().st_size > 5000
        context.close()


def wait_for_results(page):
    page.wait_for_selector('#zoekresultaten[data-klaar="ja"]')


def test_static_search_as_you_type_filters_and_back_button(page, base_url):
    page.goto(base_url + "/zoeken/")
    page.fill("#q", "jobcoatch")
    page.wait_for_selector(".results li")
    assert "Bedoelde je" in page.locator(".suggestion").inner_text()
    assert "jobcoach" in page.locator(".results").inner_text().lower()
    assert page.locator(".results mark").count() > 0
    page.locator("#q").press("Enter")
    page.wait_for_url("**/zoeken/?q=jobcoatch")
    if not page.locator(".filterpanel").get_attribute("open") is not None:
        page.locator(".filterpanel > summary").click()
    page.locator("summary", has_text="Gemeente").click()
    page.locator(".facets a", has_text="Urk").click()
    page.wait_for_url("**gemeente=urk**")
    page.wait_for_selector('.facets a[aria-current="true"]')
    page.go_back()
    page.wait_for_url("**/zoeken/?q=jobcoatch")
    page.wait_for_function(
        "document.querySelector('.count-line') && "
        "!document.querySelector('.facets a[aria-current]')"
    )
    assert "gemeente" not in page.url


def test_enter_shows_the_search_asked_for_not_the_one_as_you_type(page, base_url):
    """Typing then Enter at once: the search as you type (which also finds words that start with
    the last one) must not replace the submitted search when its pause is over."""
    page.goto(base_url + "/zoeken/?q=werk")
    wait_for_results(page)
    submitted = page.locator(".count-line").inner_text()
    page.goto(base_url + "/zoeken/")
    wait_for_results(page)
    page.fill("#q", "werk")
    page.wait_for_selector(".count-line")
    as_you_type = page.locator(".count-line").inner_text()
    assert as_you_type != submitted, "pick a word whose prefixes find more: this test cannot fail"
    page.goto(base_url + "/zoeken/")
    wait_for_results(page)
    page.fill("#q", "werk")  # starts the pause of the search as you type
    page.locator("#q").press("Enter")
    page.wait_for_url("**/zoeken/?q=werk")
    page.wait_for_timeout(600)  # well past the pause of 120 ms
    assert page.locator(".count-line").inner_text() == submitted


def test_static_search_url_can_be_shared(chromium, base_url):
    context = chromium.new_context()
    page = context.new_page()
    page.goto(base_url + "/zoeken/?q=gestopt+met+school&gemeente=lelystad")
    wait_for_results(page)
    assert page.locator("#q").input_value() == "gestopt met school"
    assert page.locator(".results li").count() > 0
    assert page.locator('.facets a[aria-current="true"]', has_text="Lelystad").count() == 1
    context.close()


def test_static_search_loads_a_facet_when_it_is_opened(page, base_url):
    """The result list needs no facet values; a facet's file is fetched when its heading opens."""
    facet_files = []
    page.on(
        "request",
        lambda request: facet_files.append(request.url) if "/zoekindex/f-" in request.url else None,
    )
    page.goto(base_url + "/zoeken/?q=werk")
    wait_for_results(page)
    assert page.locator(".results li").count() > 0
    assert facet_files == []
    if page.locator(".filterpanel").get_attribute("open") is None:
        page.locator(".filterpanel > summary").click()
    assert page.locator(".facets details summary", has_text="Status").count() == 1
    page.locator("summary", has_text="Status").click()
    page.wait_for_selector(".facets a:has-text('Actief')")
    assert [u.rsplit("/", 1)[1].split(".")[0] for u in facet_files] == ["f-status"]
    assert re.search(r"Actief \(\d+\)", page.locator(".facets").inner_text())


def test_a_facet_that_failed_to_load_can_be_tried_again(chromium, base_url):
    """A weak connection drops the facet file once: the heading says so and offers to try again.
    Without the service worker: once it controls the page (it may, soon after the first visit)
    it answers from its cache, and the dropped request never happens."""
    context = chromium.new_context(viewport={"width": 360, "height": 740}, service_workers="block")
    page = context.new_page()
    failed = []

    def drop_once(route):
        if not failed:
            failed.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    page.route("**/zoekindex/f-status.*", drop_once)
    page.goto(base_url + "/zoeken/?q=werk")
    wait_for_results(page)
    if page.locator(".filterpanel").get_attribute("open") is None:
        page.locator(".filterpanel > summary").click()
    page.locator("summary", has_text="Status").click()
    page.wait_for_selector(".facets li:has-text('lukt nu niet')")
    assert failed
    page.locator(".facets button", has_text="Opnieuw proberen").click()
    page.wait_for_selector(".facets a:has-text('Actief')")
    assert re.search(r"Actief \(\d+\)", page.locator(".facets").inner_text())
    context.close()


def test_without_javascript_the_search_page_says_so(chromium, base_url):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "/zoeken/")
    assert "Zoeken werkt met JavaScript" in page.content()
    assert page.locator("noscript").count() == 1
    context.close()
