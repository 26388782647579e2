"""Partners and coaches in a real browser: the propose form, embeds on another site, the
referral list."""

from __future__ import annotations

import http.server
import shutil
import threading
from contextlib import contextmanager

import pytest
from browser import SCREENSHOTS
from conftest import DEMO, PROJECT, run_build_py

pytestmark = pytest.mark.browser


def fill_form(page):
    page.fill("#naam", "Jongerenloket Proefstad")
    page.fill("#organisatie", "Gemeente Urk")
    page.check('input[name="vorm"][value="dienst"]')
    page.fill("#samenvatting", "Hier kun je terecht met vragen over werk, school en geld.")
    page.check('input[name="categorieen"][value="werk-en-inkomen"]')
    page.check('input[name="doelgroepen"][value="werkzoekende-jongeren"]')
    page.check('input[name="fasen"][value="na-school"]')
    page.select_option("#regio", "flevoland")
    page.check('input[name="gemeenten"][value="urk"]')
    page.fill("#leeftijd-van", "16")
    page.fill("#leeftijd-tot", "27")
    page.check('input[name="zelf"][value="ja"]')
    page.fill("#verwijzers", "RMC, school")
    page.fill("#hoe", "Je loopt binnen of belt voor een afspraak.")
    page.fill("#voorwaarden", "Je woont in Urk.\nJe bent tussen 16 en 27.")
    page.fill("#website", "https://www.urk.nl/jongeren")
    page.fill("#telefoon", "0527 123 456")
    page.fill("#email", "jongeren@urk.nl")
    page.fill("#prof-naam", "Team Jongeren")
    page.fill("#bronnen", "https://www.urk.nl/jongeren")


def test_the_propose_form_makes_an_entry_that_passes_the_check(chromium, base_url, tmp_path):
    page = chromium.new_page()
    page.goto(base_url + "/aanmelden/")
    fill_form(page)
    page.click("button[type=submit]")
    page.wait_for_selector("#resultaat:not([hidden])")
    yaml_text = page.locator("#yaml").inner_text()
    link = page.locator("#github-link").get_attribute("href")
    assert "/new/main?filename=entries%2Fjongerenloket-proefstad.yaml&value=" in link
    # site.yaml still has the placeholder address: no mail button, GitHub and copying only
    # (test_doors.py checks the mail link once an address is set)
    assert page.locator("#mail-link").count() == 0
    assert (
        'vorm: "dienst"' in yaml_text
        and "geraadpleegd:" in yaml_text
        and "gecontroleerd" not in yaml_text
    )
    project = tmp_path / "project"
    shutil.copytree(DEMO, project)
    (project / "entries" / "jongerenloket-proefstad.yaml").write_text(yaml_text, encoding="utf-8")
    result = run_build_py("check", "--zonder-waarschuwingen", project=project)
    assert result.returncode == 0, yaml_text + result.stdout + result.stderr
    if SCREENSHOTS.exists():
        page.screenshot(path=str(SCREENSHOTS / "aanmelden-resultaat.png"), full_page=True)
    page.close()


def submit_with_errors(chromium, base_url, **fields):
    """The filled-in form with some fields changed, submitted: (page, the error summary's text)."""
    page = chromium.new_page()
    page.goto(base_url + "/aanmelden/")
    fill_form(page)
    for field, value in fields.items():
        page.fill(f"#{field}", value)
    page.click("button[type=submit]")
    page.wait_for_selector("#foutoverzicht:not([hidden])")
    return page, page.locator("#foutoverzicht").inner_text()


def test_the_propose_form_says_which_required_field_is_empty(chromium, base_url):
    page, summary = submit_with_errors(chromium, base_url, organisatie="", email="jongeren@urk")
    assert "Organisatie: Vul dit veld in." in summary
    assert "E-mail: Geen geldig e-mailadres" in summary
    assert page.locator("#organisatie").get_attribute("aria-invalid") == "true"
    assert page.locator("#resultaat").is_hidden()
    page.close()


class PartnerPage(http.server.BaseHTTPRequestHandler):
    """A partner's page on another port: an iframe of the embed, and optionally the sizing
    script."""

    embed_url = ""
    script_url = ""
    height = 800

    def do_GET(self):
        script = f'<script src="{self.script_url}"></script>' if self.script_url else ""
        sized = " data-voorveld" if self.script_url else ""
        body = (
            f'<!doctype html><html lang="nl"><head><title>Partner</title></head>'
            f"<body><h1>Partner</h1>"
            f'<iframe id="voorveld"{sized} src="{self.embed_url}" title="Aanbod" width="600" '
            f'height="{self.height}"></iframe>'
            f"{script}</body></html>"
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@contextmanager
def partner_site(**page_settings):
    """A partner's site on another port serving a PartnerPage with these settings; yields its
    URL."""
    handler = type("Partner", (PartnerPage,), page_settings)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()


def test_an_embed_works_inside_a_partner_page_on_another_port(chromium, base_url):
    with partner_site(embed_url=base_url + "/embed/gemeente/urk/") as partner:
        page = chromium.new_page()
        page.goto(partner)
        frame = page.frame_locator("#voorveld")
        assert frame.locator("h1").inner_text() == "Urk"
        names = frame.locator(".card-title a").all_inner_texts()
        assert "Werk & Inkomen Urk" in names and "Werk & Inkomen Dronten" not in names
        frame.locator(".card-title a", has_text="Werk & Inkomen Urk").click()
        # the top window navigated, not the frame
        page.wait_for_url("**/aanbod/werk-en-inkomen-urk/")
        page.close()


def test_embed_filters_by_category_target_group_and_phase(chromium, base_url):
    page = chromium.new_page()
    for path, expected in (
        ("/embed/categorie/rmc/", "RMC regio Flevoland"),
        ("/embed/fase/aan-het-werk/", None),
        ("/embed/doelgroep/pro-vso/", None),
    ):
        page.goto(base_url + path)
        assert page.locator(".card").count() > 0, path
        if expected:
            assert expected in page.locator(".cards").inner_text()
    page.close()


def test_the_referral_list(chromium, base_url):
    context = chromium.new_context()
    page = context.new_page()
    page.goto(base_url + "/aanbod/rmc-urk/")
    page.click("button.op-lijst")
    assert page.locator("button.op-lijst").get_attribute("aria-pressed") == "true"
    page.goto(base_url + "/aanbod/werk-en-inkomen-urk/")
    page.click("button.op-lijst")
    page.goto(base_url + "/aanbod/uwv/")
    page.click("button.op-lijst")
    page.click("button.op-lijst")  # and off again
    page.goto(base_url + "/verwijslijst/")
    page.wait_for_selector('#verwijslijst[data-klaar="ja"]')
    assert page.locator(".verwijslijst .card-title").all_inner_texts() == [
        "RMC Urk",
        "Werk & Inkomen Urk",
    ]
    page.reload()
    page.wait_for_selector('#verwijslijst[data-klaar="ja"]')
    assert page.locator(".verwijslijst > li").count() == 2
    page.fill("#notitie", "Gesprek op dinsdag")
    link_without_note = page.locator("#deellink").input_value()
    assert "n=" not in link_without_note
    page.check("#notitie-mee")
    link = page.locator("#deellink").input_value()
    assert "a=rmc-urk,werk-en-inkomen-urk" in link and "n=Gesprek" in link
    page.locator(".verwijslijst button", has_text="Van de lijst halen").first.click()
    assert page.locator(".verwijslijst > li").count() == 1
    page.emulate_media(media="print")
    assert not page.locator(".share").is_visible()
    assert page.locator(".verwijslijst").is_visible()
    if SCREENSHOTS.exists():
        page.pdf(path=str(SCREENSHOTS / "verwijslijst-print.pdf"))
    context.close()
    fresh = chromium.new_context()
    other = fresh.new_page()
    other.goto(link.replace("http://127.0.0.1", "http://127.0.0.1"))
    other.wait_for_selector('#verwijslijst[data-klaar="ja"]')
    assert other.locator(".verwijslijst .card-title").all_inner_texts() == [
        "RMC Urk",
        "Werk & Inkomen Urk",
    ]
    assert "Gesprek op dinsdag" in other.locator(".note").inner_text()
    pdf = other.pdf(format="A4")
    # prints on one or two A4 pages
    assert 1 <= pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") <= 2
    if SCREENSHOTS.exists():
        other.screenshot(path=str(SCREENSHOTS / "verwijslijst-gedeeld.png"), full_page=True)
        other.emulate_media(media="print")
        other.screenshot(path=str(SCREENSHOTS / "verwijslijst-print.png"), full_page=True)
    fresh.close()


def decode_qr_code(page, selector: str) -> str | None:
    """Read the QR code in an <img> with jsQR (a test-only npm package), inside the page."""
    page.evaluate(
        (PROJECT / "node_modules" / "jsqr" / "dist" / "jsQR.js").read_text(encoding="utf-8")
        + "\n;void 0"
    )
    return page.evaluate(
        """(selector) => {
        const img = document.querySelector(selector);
        const canvas = document.createElement("canvas");
        canvas.width = img.naturalWidth; canvas.height = img.naturalHeight;
        const context = canvas.getContext("2d");
        context.drawImage(img, 0, 0);
        const code = jsQR(context.getImageData(0, 0, canvas.width, canvas.height).data, canvas.width, canvas.height);
        return code ? code.data : null;
    }""",  # noqa: E501 - JavaScript evaluated in the page, kept as written
        selector,
    )


def test_the_printed_referral_list_has_a_qr_code_of_its_link_and_fits_one_page(chromium, base_url):
    context = chromium.new_context()
    page = context.new_page()
    for slug in ("rmc-urk", "werk-en-inkomen-urk", "urk-leerplicht"):
        page.goto(f"{base_url}/aanbod/{slug}/")
        page.click("button.op-lijst")
    page.goto(base_url + "/verwijslijst/")
    page.wait_for_selector('#verwijslijst[data-klaar="ja"]')
    assert page.locator(".qr-code").is_hidden()  # on screen the link itself is there
    page.fill("#notitie", "Bel eerst de balie")
    page.emulate_media(media="print")
    page.wait_for_function("document.querySelector('img.qr').naturalWidth > 0")
    assert page.locator(".qr-code").is_visible() and page.locator(".notitie-print").is_visible()
    assert page.locator("#notitie").is_hidden()
    assert decode_qr_code(page, "img.qr") == page.locator("#deellink").input_value()
    page.emulate_media(media="screen")
    page.check("#notitie-mee")  # the code follows the link: now with the note
    page.emulate_media(media="print")
    page.wait_for_function("document.querySelector('img.qr').naturalWidth > 0")
    link = page.locator("#deellink").input_value()
    assert "n=Bel" in link and decode_qr_code(page, "img.qr") == link
    pdf = page.pdf(format="A4")
    if SCREENSHOTS.exists():
        (SCREENSHOTS / "verwijslijst-qr.pdf").write_bytes(pdf)
    # list, note and code on one page
    assert pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") == 1
    if SCREENSHOTS.exists():
        page.screenshot(path=str(SCREENSHOTS / "verwijslijst-qr-print.png"), full_page=True)
    context.close()


def test_overview_screenshot(chromium, base_url):
    SCREENSHOTS.mkdir(exist_ok=True)
    page = chromium.new_page(viewport={"width": 1280, "height": 900})
    for name in ("categorie-gemeente", "naast-elkaar", "overlap"):
        page.goto(base_url + f"/overzicht/{name}/")
        page.screenshot(path=str(SCREENSHOTS / f"overzicht-{name}.png"), full_page=True)
    page.close()


def test_the_propose_form_refuses_invisible_characters_as_the_check_does(chromium, base_url):
    page, summary = submit_with_errors(
        chromium, base_url, naam="RMC Dro\u034fnten", kosten="Gratis \u202e.oruE"
    )
    assert "Naam: Bevat een onzichtbaar of richting-omkerend teken" in summary
    assert "onzichtbaar" in summary and page.locator("#resultaat").is_hidden()
    page.close()


def test_a_question_embed_fits_its_content_on_a_partner_page_on_another_port(chromium, base_url):
    with partner_site(
        embed_url=base_url + "/embed/gemeente/urk/werk/?aantal=3",
        script_url=base_url + "/static/embed-hoogte.js",
        height=150,
    ) as partner:
        page = chromium.new_page()
        page.goto(partner)
        frame = page.frame_locator("#voorveld")
        assert frame.locator(".cards > li:not([hidden])").count() == 3
        assert frame.locator(".embed-more a").is_visible()
        page.wait_for_function("document.getElementById('voorveld').style.height !== ''")
        inner = page.frames[1].evaluate("document.documentElement.scrollHeight")
        outer = page.evaluate("document.getElementById('voorveld').clientHeight")
        assert abs(inner - outer) <= 2 and outer > 150  # grew to its content: no scroll bar
        page.close()


def test_the_height_script_ignores_messages_from_elsewhere(chromium, base_url):
    page = chromium.new_page()
    page.goto(base_url + "/partners/")
    # from the page itself, not the frame
    page.evaluate("window.postMessage({voorveld: 'hoogte', hoogte: 9999}, '*')")
    page.wait_for_timeout(200)
    assert page.evaluate("document.querySelector('iframe[data-voorveld]').style.height") != "9999px"
    page.close()
