"""Script injection: every text field of an entry filled with known XSS payloads. In Chromium no
script runs (no dialog opens, also with the CSP switched off) and the CSP reports no violation, on
entry pages, browse pages, the static and the live search, embeds, the referral list and the
propose form."""

from __future__ import annotations

import json
import threading

import pytest
import yaml
from browser import require_chromium, serve_folder
from conftest import PROJECT, run_build_py

pytestmark = pytest.mark.browser
PAYLOADS = [
    line
    for line in (PROJECT / "tests" / "xss_payloads.txt").read_text(encoding="utf-8").splitlines()
    if line
]
WATCH = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
"""  # noqa: E501 - JavaScript, kept as written


def hostile_entry(number: int, payload: str) -> dict:
    text = f"Aanbod {number} {payload}"
    return {
        "naam": f"XSS {number} {payload}"[:120],
        "organisatie": f"Organisatie {payload}"[:120],
        "vorm": "dienst",
        "samenvatting": text[:200],
        "beschrijving": (
            f"{payload}\n\n**vet** {payload}\n\n- {payload}\n\n"
            f"[link](https://example.org/{number}) {payload}"
        ),
        "categorieen": ["coaching"],
        "regio": "flevoland",
        "gemeenten": ["urk"],
        "aanmelden": {"zelf": True, "verwijzers": [payload], "hoe": payload},
        "voorwaarden": [payload],
        "kosten": payload,
        "contact": {
            "adres": payload,
            "website": f"https://example.org/{number}?q=%3Cscript%3E",
            "professionals": {"naam": payload},
            "openingstijden": {
                "tijden": [{"dagen": ["ma"], "van": "09:00", "tot": "12:00"}],
                "toelichting": payload,
            },
        },
        "locaties": [
            {"naam": payload, "adres": payload, "plaats": payload, "openingstijden": payload}
        ],
        "status": "onbekend",
        "bronnen": [
            f"https://example.org/bron/{number}",
            {
                "url": f"https://example.org/pagina/{number}",
                "titel": payload,
                "geraadpleegd": "2026-11-01",
            },
        ],
    }


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    require_chromium()
    project = tmp_path_factory.mktemp("xss") / "project"
    (project / "entries").mkdir(parents=True)
    for number, payload in enumerate(PAYLOADS):
        (project / "entries" / f"xss-{number:02d}.yaml").write_text(
            yaml.safe_dump(hostile_entry(number, payload), allow_unicode=True), encoding="utf-8"
        )
    check = run_build_py("check", "--zonder-waarschuwingen", project=project)
    assert check.returncode == 0, check.stdout[-2000:]
    result = run_build_py("build", project=project)
    assert result.returncode == 0, result.stderr
    return project


def visit_all(chromium, base_url, paths, bypass_csp):
    """Visit pages; return the dialogs that opened and the CSP violations reported."""
    context = chromium.new_context(bypass_csp=bypass_csp)
    context.add_init_script(WATCH)
    dialogs, violations = [], []
    page = context.new_page()
    page.on("dialog", lambda dialog: (dialogs.append((page.url, dialog.message)), dialog.dismiss()))
    for path in paths:
        page.goto(base_url + path)
        if "/zoeken/" in path and page.locator("#zoekresultaten").count():  # the static search page
            page.wait_for_selector('#zoekresultaten[data-klaar="ja"]')
        if "/verwijslijst/" in path:
            page.wait_for_selector('#verwijslijst[data-klaar="ja"]')
        page.wait_for_timeout(50)
        violations += [(path, v) for v in page.evaluate("window.__violations")]
    context.close()
    return dialogs, violations


def static_paths():
    slugs = ",".join(f"xss-{n:02d}" for n in range(len(PAYLOADS)))
    return [f"/aanbod/xss-{n:02d}/" for n in range(len(PAYLOADS))] + [
        "/",
        "/categorie/coaching/",
        "/gemeente/urk/",
        "/a-z/",
        "/organisatie/",
        "/embed/categorie/coaching/",
        "/embed/gemeente/urk/",
        "/zoeken/?q=alert",
        "/zoeken/?q=script+img",
        "/zoeken/?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        f"/verwijslijst/?a={slugs}&n=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E",
    ]


@pytest.mark.parametrize("bypass_csp", [False, True], ids=["met-csp", "zonder-csp"])
def test_no_script_runs_on_the_static_site(hostile_site, chromium, bypass_csp):
    with serve_folder(hostile_site / "site") as base_url:
        dialogs, violations = visit_all(chromium, base_url, static_paths(), bypass_csp)
    assert not dialogs, dialogs
    if not bypass_csp:
        assert not violations, violations[:10]


def test_no_script_runs_in_the_live_search(hostile_site, chromium):
    from werkzeug.serving import make_server

    from directory import search
    from directory.app import create_app
    from directory.catalogue import load_catalogue

    catalogue = load_catalogue(hostile_site).catalogue
    app = create_app(catalogue, search.build_index(catalogue))
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base_url = f"http://127.0.0.1:{server.server_port}"
        paths = [
            "/zoeken/?q=alert",
            "/zoeken/?q=script",
            "/zoeken/?q=%3Cimg+src%3Dx+onerror%3Dalert(1)%3E",
            "/aanbod/xss-01/",
            "/embed/gemeente/urk/",
        ]
        for bypass in (False, True):
            dialogs, violations = visit_all(chromium, base_url, paths, bypass)
            assert not dialogs, dialogs
            if not bypass:
                assert not violations, violations[:10]
        api = json.loads(app.test_client().get("/api/zoeken?q=alert").get_data(as_text=True))
        assert api["total"] > 0
        for result in api["results"]:
            markup = result["snippet"].replace("<mark>", "").replace("</mark>", "")
            assert "<" not in markup, result["snippet"]
    finally:
        server.shutdown()


def test_no_script_runs_from_the_propose_form(hostile_site, chromium):
    with serve_folder(hostile_site / "site") as base_url:
        context = chromium.new_context(bypass_csp=True)
        page = context.new_page()
        dialogs = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(base_url + "/aanmelden/")
        payload = PAYLOADS[1]
        for field in (
            "#naam",
            "#organisatie",
            "#samenvatting",
            "#beschrijving",
            "#hoe",
            "#kosten",
            "#adres",
            "#prof-naam",
        ):
            page.fill(field, payload)
        page.check('input[name="categorieen"][value="rmc"]')
        page.fill("#bronnen", "https://example.org")
        page.click("button[type=submit]")
        page.wait_for_selector("#resultaat:not([hidden])")
        page.wait_for_timeout(100)
        assert payload in page.locator("#yaml").inner_text()
        assert page.locator("#yaml img").count() == 0
        context.close()
    assert not dialogs
