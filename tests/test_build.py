"""`build.py build`: the whole pipeline on the demo project, and what a failed build leaves
behind."""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from html.parser import HTMLParser

import pytest
from conftest import PROJECT, leftovers_after_removal, run_build_py, tree_digest

from directory import builder
from directory.catalogue import load_catalogue


def test_build_writes_the_pages_and_reports_each_phase(demo_build):
    for phase in ("controle", "index", "bevriezen", "export", "wisselen"):
        assert phase in demo_build.log
    site = demo_build.site
    for page in (
        "index.html",
        "404.html",
        "robots.txt",
        "aanbod/uwv/index.html",
        "categorie/rmc/index.html",
        "gemeente/urk/index.html",
        "a-z/index.html",
        "begrippen/index.html",
        "kennisbank/startkwalificatie/index.html",
        "data/aanbod.json",
        "data/aanbod.csv",
    ):
        assert (site / page).is_file(), page
    assert oct((site).stat().st_mode & 0o777) == oct(0o755)


class LinkCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("href", "src"):
            if attrs.get(name, "").startswith("/"):
                self.links.append(attrs[name])


def test_every_internal_link_resolves_to_a_file(demo_build):
    site = demo_build.site
    for page in site.rglob("*.html"):
        collector = LinkCollector()
        collector.feed(page.read_text(encoding="utf-8"))
        for link in collector.links:
            path = link.split("#")[0].split("?")[0]
            target = site / path.lstrip("/")
            assert target.is_file() or (target / "index.html").is_file(), (
                f"{page.relative_to(site)} -> {link}"
            )


@pytest.mark.parametrize(
    "broken", ["onjuist-email", "yaml-syntaxfout", "dubbele-naam", "python-tag"]
)
def test_a_failed_build_leaves_the_previous_site_as_it_was(built_demo, broken):
    before = tree_digest(built_demo / "site")
    shutil.copy(PROJECT / "tests" / "broken" / f"{broken}.yaml", built_demo / "entries")
    result = run_build_py("build", project=built_demo)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert (
        f"entries/{broken}.yaml:" in result.stderr
        or "entries/rmc-regio-flevoland.yaml" in result.stderr
    )
    assert "De vorige site/ is niet veranderd." in result.stderr
    assert tree_digest(built_demo / "site") == before
    assert not list(built_demo.glob(".site-*"))


def test_every_broken_file_fails_the_build_and_keeps_the_site(built_demo):
    from directory.cli import main

    before = tree_digest(built_demo / "site")
    for broken in sorted((PROJECT / "tests" / "broken").glob("*.yaml")):
        target = built_demo / "entries" / broken.name
        shutil.copy(broken, target)
        assert main(["--project", str(built_demo), "build"]) == 1, broken.name
        target.unlink()
        assert tree_digest(built_demo / "site") == before, broken.name


def test_rebuilding_replaces_the_site_and_removes_leftovers(built_demo):
    (built_demo / ".site-nieuw-half").mkdir()
    (built_demo / ".site-nieuw-half" / "index.html").write_text("half")
    (built_demo / "entries" / "uwv.yaml").unlink()
    result = run_build_py("build", project=built_demo)
    assert result.returncode == 0, result.stderr
    assert not (built_demo / "site" / "aanbod" / "uwv").exists()
    assert not leftovers_after_removal(built_demo)


class TwoArgumentError(Exception):
    def __init__(self, a, b):  # pickles, but cannot be rebuilt from its args
        super().__init__(f"{a} en {b}")


def test_work_beside_the_build_hands_back_its_result_or_its_exception():
    assert builder.Beside(lambda: 6 * 7).result()[0] == 42

    def disk_full():
        raise OSError(28, "Geen ruimte meer op het apparaat")

    with pytest.raises(OSError, match="Geen ruimte"):
        builder.Beside(disk_full).result()

    def odd_error():
        raise TwoArgumentError("dit", "dat")

    with pytest.raises(Exception, match="TwoArgumentError: dit en dat"):
        builder.Beside(odd_error).result()
    with pytest.raises(Exception, match="resultaat"):
        builder.Beside(lambda: lambda: None).result()  # a result that cannot be sent back
    with pytest.raises(builder.BuildFailed, match="stopte onverwacht"):
        builder.Beside(lambda: os._exit(3)).result()  # the process dies without a word


def test_cancelled_work_beside_the_build_stops():
    import time

    work = builder.Beside(lambda: time.sleep(60))
    work.cancel()
    assert not work._process.is_alive()


def test_a_failing_export_fails_the_build_and_keeps_the_site(built_demo, monkeypatch, capsys):
    """The exports run in a forked process beside the freeze; their failure must still stop the
    build before the swap, with a message and without a traceback."""
    from directory import exports
    from directory.cli import main

    def disk_full(*args):
        raise OSError(28, "Geen ruimte meer op het apparaat")

    before = tree_digest(built_demo / "site")
    monkeypatch.setattr(exports, "write_all", disk_full)
    assert main(["--project", str(built_demo), "build"]) != 0
    assert "Geen ruimte" in capsys.readouterr().err
    assert tree_digest(built_demo / "site") == before
    assert not list(built_demo.glob(".site-*"))


def test_an_error_in_the_exports_is_raised_as_the_exports_own(built_demo, monkeypatch):
    """The exports run after the index in the same helper, whose result the search page waits
    for; an error of theirs is raised where the exports are collected, as itself, not as a
    problem of the search page, and the site stays as it was."""
    from directory import exports

    def broken(*args):
        raise ValueError("kapotte export")

    before = tree_digest(built_demo / "site")
    monkeypatch.setattr(exports, "write_all", broken)
    with pytest.raises(ValueError, match="kapotte export"):
        builder.build_site(built_demo, log=lambda line: None)
    assert tree_digest(built_demo / "site") == before
    assert not list(built_demo.glob(".site-*"))


def test_swap_exchanges_old_and_new(tmp_path):
    old, new = tmp_path / "site", tmp_path / "nieuw"
    old.mkdir(), new.mkdir()
    (old / "a").write_text("oud")
    (new / "a").write_text("nieuw")
    builder.swap_into_place(new, old)
    assert (old / "a").read_text() == "nieuw"
    # the old site is removed by a process of its own, which takes it under a name it owns
    deadline = time.monotonic() + 60
    while new.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not new.exists() and not leftovers_after_removal(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_without_a_base_url_nothing_points_at_localhost(demo_build):
    """No base URL configured: relative links only, and what must be absolute is left out with
    one warning that says how to set it."""
    assert demo_build.log.count("basis_url is leeg") == 1
    site = demo_build.site
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (
            ".html",
            ".xml",
            ".json",
            ".csv",
            ".txt",
            ".atom",
            ".js",
        ):
            assert "localhost" not in path.read_text(encoding="utf-8"), path
    assert not (site / "sitemap.xml").exists() and not (site / "data" / "aanbod.atom").exists()
    assert "Sitemap:" not in (site / "robots.txt").read_text(encoding="utf-8")
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'rel="canonical"' not in home and "og:url" not in home
    partners = (site / "partners" / "index.html").read_text(encoding="utf-8")
    assert '<span class="absoluut">/embed/gemeente/urk/</span>' in partners
    assert "aanbod.atom" not in partners
    record = json.loads((site / "data" / "aanbod.json").read_text(encoding="utf-8"))["aanbod"][0]
    assert record["url"] == f"aanbod/{record['id']}/"


def test_site_under_a_sub_path(demo_project):
    result = run_build_py(
        "build", "--base-url", "https://example.org/voorveld/", project=demo_project
    )
    assert result.returncode == 0, result.stderr
    home = (demo_project / "site" / "index.html").read_text(encoding="utf-8")
    assert 'href="/voorveld/static/style.css"' in home
    assert '<link rel="canonical" href="https://example.org/voorveld/">' in home
    sitemap = (demo_project / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://example.org/voorveld/aanbod/uwv/</loc>" in sitemap
    robots = (demo_project / "site" / "robots.txt").read_text(encoding="utf-8")
    assert "Sitemap: https://example.org/voorveld/sitemap.xml" in robots
    feed = (demo_project / "site" / "data" / "aanbod.atom").read_text(encoding="utf-8")
    assert "https://example.org/voorveld/aanbod/uwv/" in feed
    partners = (demo_project / "site" / "partners" / "index.html").read_text(encoding="utf-8")
    assert (
        '<span class="absoluut">https://example.org/voorveld/embed/gemeente/urk/</span>' in partners
    )


def test_the_real_catalogue_builds(site, real_catalogue):
    """``site`` is the real catalogue built once for the session (conftest.py)."""
    for entry in real_catalogue.catalogue.entries:
        assert (site / "aanbod" / entry.slug / "index.html").is_file()


def test_static_pages_carry_their_csp_and_no_inline_script_or_style(demo_build):
    for page in demo_build.site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert (
            '<meta http-equiv="Content-Security-Policy" content="default-src &#39;self&#39;' in html
        ), page
        for attributes in re.findall(r"<script([^>]*)>", html):
            assert "src=" in attributes or 'type="application/ld+json"' in attributes, (
                page,
                attributes,
            )
        assert "<style" not in html and " style=" not in html, page
        assert not re.search(r"\son[a-z]+=", html), page


def test_contact_links_for_phone_whatsapp_and_mail(demo_project):
    entry = demo_project / "entries" / "uwv.yaml"
    text = entry.read_text(encoding="utf-8")
    text = (
        re.sub(r"(?m)^contact:.*$", "", text)
        + 'contact:\n  telefoon: "0320 123 456"\n  whatsapp: "06 12345678"\n  email: info@uwv.nl\n'
    )
    entry.write_text(text, encoding="utf-8")
    assert run_build_py("build", project=demo_project).returncode == 0
    page = (demo_project / "site" / "aanbod" / "uwv" / "index.html").read_text(encoding="utf-8")
    assert 'href="tel:+31320123456"' in page
    assert 'href="https://wa.me/31612345678"' in page
    assert 'href="mailto:info@uwv.nl"' in page


def test_build_never_replaces_a_folder_it_did_not_make(demo_project, tmp_path):
    precious = tmp_path / "mijn-map"
    precious.mkdir()
    (precious / "notities.txt").write_text("belangrijk")
    result = run_build_py("build", "--output", str(precious), project=demo_project)
    assert result.returncode == 1 and "geen gebouwde site" in result.stderr
    assert (precious / "notities.txt").read_text() == "belangrijk"
    result = run_build_py("build", "--output", str(demo_project), project=demo_project)
    assert result.returncode == 1 and "bevat het project zelf" in result.stderr
    assert (demo_project / "entries" / "uwv.yaml").exists()


def test_mistakes_on_the_command_line_get_a_message_not_a_traceback(demo_project, tmp_path):
    missing = run_build_py("check", project=tmp_path / "bestaat-niet")
    assert missing.returncode == 2 and "Geen map entries/" in missing.stderr
    bad_url = run_build_py("build", "--base-url", "example.org", project=demo_project)
    assert bad_url.returncode == 2 and "volledig webadres" in bad_url.stderr
    (tmp_path / "bestand").write_text("x")
    not_a_folder = run_build_py(
        "build", "--output", str(tmp_path / "bestand" / "site"), project=demo_project
    )
    assert not_a_folder.returncode == 1
    for result in (missing, bad_url, not_a_folder):
        assert "Traceback" not in result.stderr


def test_raw_html_and_code_in_markdown():
    from directory.render import markdown

    out = markdown("<script>alert(1)</script> `a < b & c` [x](javascript:alert(1))")
    assert "<script" not in out and "&lt;script&gt;" in out
    assert "<code>a &lt; b &amp; c</code>" in out
    assert "javascript:" not in out


def test_freezing_reports_every_problem_at_once(demo_project, tmp_path):
    """A missing URL generator and each dead link are all named, not only the first (MkDocs)."""
    from directory.app import create_app

    catalogue = load_catalogue(demo_project, warnings=False).catalogue
    app = create_app(catalogue, live=False)
    from flask import url_for

    app.add_url_rule("/los/<naam>/", "los", lambda naam: naam)  # no generator, no link

    def broken_page():  # links to two entries that do not exist: both answer 404
        return " ".join(
            f'<a href="{url_for("entry", slug=slug)}">x</a>'
            for slug in ("bestaat-niet", "ook-niet")
        )

    app.add_url_rule("/kapot/", "kapot", broken_page)
    with pytest.raises(builder.BuildFailed) as failure:
        builder.freeze(app, tmp_path / "site")
    found = {(p.field, p.message.split(";")[0].split(" (")[0]) for p in failure.value.problems}
    assert found == {
        ("los", "geen enkele pagina gemaakt"),
        ("/aanbod/bestaat-niet/", "een link op de site wijst naar een pagina die niet bestaat"),
        ("/aanbod/ook-niet/", "een link op de site wijst naar een pagina die niet bestaat"),
    }
    assert all(str(p).startswith("(bevriezen):0:0: ") for p in failure.value.problems)
