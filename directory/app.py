"""The Flask app: every page of the site, for the live preview and for freezing.

The app gets a loaded catalogue and a search index; it never reads files on a request. Every
browse page is path-based (``/gemeente/urk/``) so that the frozen site is plain files.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from urllib.parse import quote

import yaml
from flask import Flask, abort, current_app, jsonify, render_template, request, url_for
from markupsafe import Markup, escape

from . import doors, openingstijden, paths, render, search, sources
from . import overview as overview_module
from .catalogue import STATUSES, Catalogue
from .vocabularies import DATA_DIR, Term

# Browse dimensions: URL prefix -> (entry field, vocabulary, heading for the index page).
BROWSE = {
    "categorie": ("categorieen", "categorieen", "Soorten aanbod"),
    "doelgroep": ("doelgroepen", "doelgroepen", "Doelgroepen"),
    "fase": ("fasen", "fasen", "Fasen van school naar werk"),
    "leefgebied": ("leefgebieden", "leefgebieden", "Leefgebieden"),
    "regio": ("regio", "regios", "Regio's"),
    "gemeente": ("gemeenten", "gemeenten", "Gemeenten"),
}
FOCUS_MUNICIPALITIES = ("lelystad", "dronten", "urk", "noordoostpolder", "almere", "zeewolde")
# what a partner website can filter an embed by
EMBEDS = (
    "gemeente",
    "categorie",
    "doelgroep",
    "fase",
)
ARTICLE_ENTRIES = 8  # an article lists the provision it names, then other provision under its laws
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self' https://github.com"
)


# Domains that only stand in for the maintainers' address (data/site.yaml until someone fills it
# in): mail sent there would reach a stranger, so the pages offer no mail link for them.
PLACEHOLDER_DOMAINS = ("voorbeeld.nl", "example.org", "example.com")


def maintainer_address(address: str | None) -> str:
    """The maintainers' e-mail address, or "" while it is empty or a placeholder."""
    address = (address or "").strip()
    if not address or address.rsplit("@", 1)[-1].lower() in PLACEHOLDER_DOMAINS:
        return ""
    return address


def load_settings() -> dict:
    return yaml.load((DATA_DIR / "site.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


def site_settings(base_url: str | None = None) -> dict:
    """The settings of data/site.yaml, with the base URL given on the command line if any."""
    settings = load_settings()
    settings["basis_url"] = normalised_base_url(base_url or settings.get("basis_url"))
    settings["beheer_email"] = maintainer_address(settings.get("beheer_email"))
    return settings


def normalised_base_url(base_url: str | None) -> str:
    """The address the site will live at, ending in a slash, or "" while none is configured: a
    build without one writes no absolute links (never localhost) and leaves out what needs them."""
    base_url = (base_url or "").strip()
    return base_url.rstrip("/") + "/" if base_url else ""


def create_app(
    catalogue: Catalogue,
    index: search.SearchIndex | None = None,
    *,
    base_url: str | None = None,
    related: dict | None = None,
    live: bool = True,
) -> Flask:
    """Make the app. ``live`` adds the JSON API and security headers of the preview server."""
    app = Flask(__name__)
    app.config.setdefault("SITE", site_settings(base_url))
    app.config.setdefault("LIVE", live)
    app.extensions["catalogue"] = catalogue
    index = index or search.build_index(catalogue)
    app.extensions["index"] = index
    app.extensions["related"] = related if related is not None else search.related_entries(index)
    app.extensions["questions"] = yaml.load(
        (DATA_DIR / "vragen.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader
    )
    app.extensions["glossary_linker"] = render.GlossaryLinker(catalogue.glossary)
    _register_template_helpers(app, catalogue)
    _register_pages(app)
    if live:
        _register_live(app)
    return app


def _register_template_helpers(app: Flask, catalogue: Catalogue):
    vocab = catalogue.vocabularies

    @app.context_processor
    def helpers():
        return {
            "site": app.config["SITE"],
            "vocab": vocab,
            "statuses": STATUSES,
            "browse": BROWSE,
            "focus_municipalities": FOCUS_MUNICIPALITIES,
            "flevoland": doors.FLEVOLAND,
            "doors": doors,
            "shade": overview_module.shade,
            "sources": sources,
            "openingstijden": openingstijden,
            "canonical": lambda: (
                absolute_url(request.path) if app.config["SITE"]["basis_url"] else ""
            ),
            "today": dt.date.today(),
            "csp": CSP,
        }

    def absolute_url(path: str) -> str:
        """The full address of a path; without a base URL the path itself (relative to the host)."""
        base = app.config["SITE"]["basis_url"]
        if not base:
            return path
        script_root = request.script_root if request else ""
        return (
            base + path[len(script_root) :].lstrip("/")
            if path.startswith(script_root)
            else base + path.lstrip("/")
        )

    app.jinja_env.globals["absolute_url"] = absolute_url
    # The icon travels inside each page (a data: URL, which the CSP allows): one request fewer.
    icon = (Path(app.static_folder) / "favicon.svg").read_text(encoding="utf-8")
    app.jinja_env.globals["favicon"] = "data:image/svg+xml," + quote(" ".join(icon.split()))
    app.jinja_env.globals["url_for"] = memoised_url_for(app)
    linker = app.extensions["glossary_linker"]
    app.jinja_env.globals["card"] = remembered_card(app, linker, vocab)
    # Values that follow from an entry, its address and the code: made while rendering, so that
    # the build's probe of an unchanged page (incremental.PageMemory) neither makes nor hashes them
    app.jinja_env.globals["entry_json_ld"] = lambda entry, page_url: render.json_ld(
        entry, vocab, absolute_url=page_url
    )
    app.jinja_env.globals["report_mailto"] = lambda entry, page_url: report_mailto(
        app.config["SITE"], entry, page_url
    )
    app.jinja_env.filters["markdown"] = lambda text: Markup(
        linker.link(render.markdown(text or ""), url_for("glossary"), _explained())
    )
    app.jinja_env.filters["voluit"] = lambda text: Markup(
        linker.expand(str(escape(text or "")), _explained())
    )
    app.jinja_env.filters["datum"] = render.dutch_date
    app.jinja_env.filters["periode"] = sources.display_period
    app.jinja_env.filters["tel"] = render.tel_href
    app.jinja_env.filters["whatsapp"] = render.whatsapp_href
    app.jinja_env.filters["mailto"] = render.mailto_href
    app.jinja_env.filters["tojson_ld"] = lambda data: Markup(
        json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")
    )
    app.jinja_env.filters["urlquote"] = lambda text: quote(str(text), safe="")
    app.jinja_env.filters["slugify"] = render.slugify


def render_page(template: str, **context):
    """Render a page of the site. When the build remembers the previous site
    (``app.extensions["page_memory"]``, see ``incremental.py``), a page whose template and context
    did not change is copied from it instead. Templates therefore read only their context and
    what the build key covers (settings, data, code), never the catalogue itself."""
    memory = current_app.extensions.get("page_memory")
    if memory is None:
        return render_template(template, **context)
    return memory.page(
        request.path, template, context, lambda: render_template(template, **context)
    )


def _explained() -> set:
    """The abbreviations this page has written out so far (first use only), kept on the request:
    the freezer may run every request inside one app context, so ``g`` would carry it over."""
    seen = getattr(request, "voorveld_explained", None)
    if seen is None:
        seen = request.voorveld_explained = set()
    return seen


def remembered_card(app: Flask, linker: render.GlossaryLinker, vocab):
    """The ``entry_card`` macro, each card made once: lists show every entry many times (at
    10,000 entries 200,000 cards on the overview pages, a fifth of the freeze). A card depends on
    its entry, its heading level and which of the abbreviations in its summary the page has
    already written out (``_explained``), so that is the key; a card taken from memory marks
    as written out what it writes out, as the macro does."""
    cards: dict = {}
    terms_of: dict = {}
    macros = []

    def card(entry, level=2):
        terms = terms_of.get(entry.slug)
        if terms is None:
            terms = terms_of[entry.slug] = linker.terms_in(str(escape(entry["samenvatting"] or "")))
        seen = _explained()
        key = (entry.slug, level, frozenset(seen & terms))
        made = cards.get(key)
        if made is None:
            if not macros:
                module = app.jinja_env.get_template("_macros.html").make_module(
                    {"vocab": vocab, "doors": doors, "statuses": STATUSES}
                )
                macros.append(module.entry_card)
            before = set(seen)
            html = Markup(macros[0](entry, level))
            made = cards[key] = (html, frozenset(seen - before))
        seen |= made[1]
        return made[0]

    return card


def memoised_url_for(app: Flask):
    """url_for for templates, remembered: a frozen site builds the same links thousands of times
    (cards, tags, the menu). The first call still goes through Flask, so Frozen-Flask sees it."""
    built: dict = {}

    def link(endpoint, **values):
        try:
            key = (endpoint, tuple(sorted(values.items())))
            hash(key)
        except TypeError:  # list values (search facets): build every time
            return url_for(endpoint, **values)
        url = built.get(key)
        if url is None:
            url = built[key] = url_for(endpoint, **values)
        return url

    return link


def _register_pages(app: Flask):
    """Every family of pages registers its routes and, where Frozen-Flask cannot find its pages by
    following links, a URL generator beside them (``app.extensions["url_generators"]``)."""
    app.extensions["url_generators"] = []
    for register in (
        _home_pages,
        _entry_pages,
        _browse_pages,
        _knowledge_pages,
        _search_pages,
        _partner_pages,
        _overview_pages,
        _site_files,
    ):
        register(app, app.extensions["catalogue"])


def script_bundles(path: Path) -> dict[str, list[str]]:
    """Bundle name -> script files in order; a member naming an earlier bundle stands for its
    files, so a page that needs two bundles can load one (the search page: site + search)."""
    bundles: dict[str, list[str]] = {}
    for name, members in yaml.load(
        path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader
    ).items():
        bundles[name] = [f for m in members for f in (bundles[m] if m in bundles else [m])]
    return bundles


def _generator(app: Flask, endpoint: str):
    """Register a freezer URL generator for ``endpoint`` (the builder hands them to
    Frozen-Flask)."""

    def decorate(function):
        app.extensions["url_generators"].append((endpoint, function))
        return function

    return decorate


def _home_pages(app: Flask, catalogue: Catalogue):
    """Home, the questions (national and per municipality) and the municipality pages: local
    first."""
    vocab = catalogue.vocabularies

    @app.route("/")
    def home():
        return render_page("home.html", questions=app.extensions["questions"])

    @app.route("/vraag/<question_id>/")
    def question(question_id):
        found = _question(app, question_id)
        return render_page(
            "question.html",
            question=found,
            municipality=None,
            tiers=_question_doors(app, found, None),
        )

    @app.route("/gemeente/<any(" + ",".join(doors.FLEVOLAND) + "):municipality_id>/<question_id>/")
    def question_here(municipality_id, question_id):
        found = _question(app, question_id)
        municipality = vocab["gemeenten"].terms[municipality_id]
        return render_page(
            "question.html",
            question=found,
            municipality=_term_dict(municipality),
            tiers=_question_doors(app, found, municipality_id),
        )

    _generator(app, "question_here")(lambda: _every_municipality_question(app))

    @app.route("/voorbeelden/")
    def examples():
        groups = _examples_by_life_domain(catalogue)
        total = len({e.slug for _, regions in groups for _, entries in regions for e in entries})
        return render_page("examples.html", groups=groups, total=total)


def _entry_pages(app: Flask, catalogue: Catalogue):

    @app.route(paths.route(paths.ENTRY, slug="<slug>"))
    def entry(slug):
        item = catalogue.by_slug.get(slug) or abort(404)
        related = [  # without their scores, which the page does not show
            catalogue.by_slug[other]
            for other, _score in app.extensions["related"].get(slug, [])
            if other in catalogue.by_slug
        ]
        articles = related_articles(catalogue, item)
        page_url = app.jinja_env.globals["absolute_url"](request.path)
        return render_page(
            "entry.html",
            entry=item,
            related=related,
            articles=articles,
            page_url=page_url,
        )

    @_generator(app, "entry")
    def every_entry():
        for item in catalogue.entries:
            yield {"slug": item.slug}

    @app.route("/organisatie/")
    def organisations():
        return render_page("organisations.html", organisations=catalogue.organisations)

    @app.route(paths.route(paths.ORGANISATION, slug="<slug>"))
    def organisation(slug):
        by_slug = {
            render.slugify(name): (name, entries)
            for name, entries in catalogue.organisations.items()
        }
        name, entries = by_slug.get(slug) or abort(404)
        return render_page(
            "list.html",
            title=name,
            intro="Aanbod van deze organisatie.",
            entries=entries,
            parent=("Organisaties", url_for("organisations")),
        )

    @app.route("/a-z/")
    def a_to_z():
        letters: dict[str, list] = {}
        for item in catalogue.entries:
            first = search.fold(item["naam"][:1]).upper()
            letters.setdefault(first if first.isalpha() else "#", []).append(item)
        return render_page("a_to_z.html", letters=dict(sorted(letters.items())))


def _browse_pages(app: Flask, catalogue: Catalogue):
    vocab = catalogue.vocabularies

    @app.route("/<any(" + ",".join(BROWSE) + "):dimension>/")
    def browse_index(dimension):
        field_name, vocabulary_name, heading = BROWSE[dimension]
        terms = [
            (term, _browse_entries(catalogue, dimension, term.id))
            for term in vocab[vocabulary_name]
        ]
        terms = [
            (term, entries)
            for term, entries in terms
            if entries or dimension in ("categorie", "fase", "gemeente")
        ]
        return render_page("browse_index.html", dimension=dimension, heading=heading, terms=terms)

    @app.route("/<any(" + ",".join(BROWSE) + "):dimension>/<term_id>/")
    def browse(dimension, term_id):
        field_name, vocabulary_name, heading = BROWSE[dimension]
        term = vocab[vocabulary_name].terms.get(term_id) or abort(404)
        if dimension == "gemeente" and term_id in doors.FLEVOLAND:
            return _municipality_page(app, catalogue, term)
        entries = _browse_entries(catalogue, dimension, term_id)
        return render_page(
            "list.html",
            title=term.label,
            intro=term.omschrijving,
            entries=entries,
            dimension=dimension,
            term=term,
            parent=(heading, url_for("browse_index", dimension=dimension)),
        )


def _knowledge_pages(app: Flask, catalogue: Catalogue):
    vocab = catalogue.vocabularies

    @app.route("/begrippen/")
    def glossary():
        terms = sorted(catalogue.glossary, key=lambda t: t["term"].casefold())
        return render_page("glossary.html", terms=terms, articles=glossary_articles(catalogue))

    @app.route("/kennisbank/")
    def knowledge_base():
        topics = [
            (t, [a for a in catalogue.articles if t.id in a["onderwerpen"]])
            for t in vocab["onderwerpen"]
        ]
        return render_page("knowledge_base.html", topics=topics)

    @app.route("/kennisbank/<slug>/")
    def article(slug):
        item = catalogue.articles_by_slug.get(slug) or abort(404)
        named = [catalogue.by_slug[s] for s in item.get("aanbod", []) if s in catalogue.by_slug]
        on_its_laws = [
            e
            for e in catalogue.entries
            if e not in named
            and e["status"] != "beeindigd"
            and set(item.get("wetten", [])) & set(e.ids("wettelijk_kader"))
        ]
        shown = (named + on_its_laws)[:ARTICLE_ENTRIES]
        return render_page(
            "article.html",
            article=item,
            entries=shown,
            more=len(named) + len(on_its_laws) - len(shown),
        )


def _search_pages(app: Flask, catalogue: Catalogue):
    @app.route("/zoeken/")
    def search_page():
        query = request.args.get("q", "")
        filters = {name: request.args.getlist(name) for name in search.FACETS}
        result = (
            search.search(app.extensions["index"], query, filters)
            if (query or any(filters.values())) and app.config["LIVE"]
            else None
        )
        return render_page(
            "search.html",
            query=query,
            filters=filters,
            result=result,
            facet_names=search.FACETS,
            manifest=app.config.get("STATIC_SEARCH_MANIFEST"),
            preload=app.config.get("STATIC_SEARCH_PRELOAD") or [],
        )

    @app.route("/verwijslijst/")
    def referral_list():
        return render_page("referral_list.html")


def _partner_pages(app: Flask, catalogue: Catalogue):
    """What partners use: contributing, the propose form, the schema, embeds."""
    vocab = catalogue.vocabularies

    @app.route("/meedoen/")
    def contribute():
        return render_page("contribute.html")

    @app.route("/aanmelden/")
    def propose():
        fields = {
            name: vocab[vocabulary]
            for name, vocabulary in (
                ("vorm", "vormen"),
                ("categorieen", "categorieen"),
                ("doelgroepen", "doelgroepen"),
                ("fasen", "fasen"),
                ("leefgebieden", "leefgebieden"),
                ("wettelijk_kader", "wetten"),
            )
        }
        return render_page(
            "propose.html",
            choices=fields,
            regions=vocab["regios"],
            municipalities=vocab["gemeenten"],
            today=dt.date.today().isoformat(),
        )

    @app.route("/schema/aanbod.schema.json")
    def entry_schema():
        return app.response_class(
            (DATA_DIR / "entry.schema.json").read_text(encoding="utf-8"),
            mimetype="application/json",
        )

    @app.route("/partners/")
    def partners():
        return render_page("partners.html", embeds=EMBEDS, questions=app.extensions["questions"])

    @app.route(
        "/embed/gemeente/<any(" + ",".join(doors.FLEVOLAND) + "):municipality_id>/<question_id>/"
    )
    def embed_question(municipality_id, question_id):
        """The doors for one question in one municipality, local first, as on the site."""
        found = _question(app, question_id)
        tiers = _question_doors(app, found, municipality_id)
        entries = tiers["gemeente"] + tiers["regio"] + tiers["landelijk"]
        term = vocab["gemeenten"].terms[municipality_id]
        return render_page(
            "embed.html",
            term=term,
            dimension="gemeente",
            entries=entries,
            heading=f"{found['label']} in {term.label}",
            more=url_for("question_here", municipality_id=municipality_id, question_id=question_id),
        )

    _generator(app, "embed_question")(lambda: _every_municipality_question(app))

    @app.route("/embed/<any(" + ",".join(EMBEDS) + "):dimension>/<term_id>/")
    def embed(dimension, term_id):
        field_name, vocabulary_name, heading = BROWSE[dimension]
        term = vocab[vocabulary_name].terms.get(term_id) or abort(404)
        entries = _browse_entries(catalogue, dimension, term_id)
        if dimension == "gemeente":
            entries = doors.local_first(entries, term_id)
        return render_page(
            "embed.html",
            term=term,
            dimension=dimension,
            entries=entries,
            heading=term.label,
            more=url_for("browse", dimension=dimension, term_id=term_id),
        )


def _overview_pages(app: Flask, catalogue: Catalogue):
    """The working group's view: where provision exists, is missing or overlaps; the review."""
    vocab = catalogue.vocabularies

    @app.route("/beheer/")
    def maintainers():
        from .review import REASONS, requests_to_providers, review, summary

        grouped = review(catalogue)
        return render_page(
            "maintainers.html",
            grouped=grouped,
            reasons=REASONS,
            counts=summary(grouped),
            requests=requests_to_providers(catalogue, app.config["SITE"]),
        )

    @app.route("/overzicht/")
    def overview():
        return render_page("overview_index.html", matrices=overview_module.MATRICES)

    @app.route("/overzicht/<matrix_id>/")
    def overview_matrix(matrix_id):
        matrix = overview_module.MATRICES.get(matrix_id) or abort(404)
        table = overview_module.matrix_table(catalogue, matrix)
        wide = overview_module.matrix_table(catalogue, matrix, wide=True)
        return render_page(
            "overview_matrix.html", matrix=matrix, matrix_id=matrix_id, table=table, wide=wide
        )

    @app.route("/overzicht/<matrix_id>/<row>/<column>/")
    def overview_cell(matrix_id, row, column):
        matrix = overview_module.MATRICES.get(matrix_id) or abort(404)
        if row not in vocab[matrix.rows[1]].ids or column not in overview_module.column_ids(
            catalogue, matrix
        ):
            abort(404)  # a cell the matrix does not have
        entries = overview_module.cell_entries(catalogue, matrix, row, column, wide=True)
        row_label = vocab[matrix.rows[1]].label(row)
        column_label = vocab[matrix.columns[1]].label(column)
        return render_page(
            "list.html",
            title=f"{row_label} × {column_label}",
            intro=matrix.title,
            entries=entries,
            parent=(matrix.title, url_for("overview_matrix", matrix_id=matrix_id)),
        )

    @app.route("/overzicht/overlap/")
    def overview_overlap():
        clusters = overview_module.overlap_clusters(catalogue, app.extensions["related"])
        return render_page("overview_overlap.html", clusters=clusters)

    @app.route("/overzicht/naast-elkaar/")
    def overview_side_by_side():
        return render_page(
            "overview_side.html", rows=overview_module.side_by_side(catalogue, FOCUS_MUNICIPALITIES)
        )


def _site_files(app: Flask, catalogue: Catalogue):
    @app.route("/404.html")
    def not_found_page():
        return render_template("404.html")

    @_generator(app, "not_found_page")
    def the_not_found_page():
        yield {}

    @app.errorhandler(404)
    def not_found(_error):
        return render_template("404.html"), 404

    bundles = script_bundles(DATA_DIR / "bundels.yaml")

    @app.route("/js/<name>.js")
    def script_bundle(name):
        """Several scripts as one file (data/bundels.yaml): fewer requests on a phone."""
        if name not in bundles:
            abort(404)
        static = Path(app.static_folder)
        parts = [(static / file).read_text(encoding="utf-8") for file in bundles[name]]
        return app.response_class("\n;\n".join(parts), mimetype="text/javascript")

    @_generator(app, "script_bundle")
    def every_bundle():
        for name in bundles:
            yield {"name": name}

    @app.route("/offline/")
    def offline_page():
        return render_page("offline.html")

    @app.route("/manifest.webmanifest")
    def web_app_manifest():
        site = app.config["SITE"]
        manifest = {
            "name": site["titel"],
            "short_name": site["titel"],
            "description": site["ondertitel"],
            "lang": "nl",
            "start_url": url_for("home"),
            "scope": url_for("home"),
            "display": "standalone",
            "background_color": "#ffffff",
            "theme_color": "#0b5394",
            "icons": [
                {
                    "src": url_for("static", filename="favicon.svg"),
                    "sizes": "any",
                    "type": "image/svg+xml",
                }
            ],
        }
        return app.response_class(
            json.dumps(manifest, ensure_ascii=False, indent=1), mimetype="application/manifest+json"
        )

    @app.route("/robots.txt")
    def robots():
        base = app.config["SITE"]["basis_url"]
        body = "User-agent: *\nAllow: /\n" + (f"Sitemap: {base}sitemap.xml\n" if base else "")
        return app.response_class(body, mimetype="text/plain")

    if not app.config["SITE"]["basis_url"]:
        return  # a sitemap must hold absolute addresses: none until the base URL is known

    @app.route("/sitemap.xml")
    def sitemap():
        return app.response_class(
            render_template("sitemap.xml", urls=sitemap_urls(app)), mimetype="application/xml"
        )


def _register_live(app: Flask):
    @app.route("/api/zoeken")
    def api_search():
        filters = {name: request.args.getlist(name) for name in search.FACETS}
        typing = request.args.get("typen") == "1"
        result = search.search(
            app.extensions["index"],
            request.args.get("q", ""),
            filters,
            typing=typing,
            chosen=request.args.get("plaats"),
        )
        return jsonify(result.as_json())

    @app.after_request
    def security_headers(response):
        framing = "*" if request.path.startswith("/embed/") else "'none'"
        response.headers.setdefault("Content-Security-Policy", f"{CSP}; frame-ancestors {framing}")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        return response


def glossary_articles(catalogue: Catalogue) -> dict:
    """Glossary id -> the article that explains it: the one named after it, else the first that
    lists it."""
    found = {}
    for article in catalogue.articles:
        for term_id in article.get("begrippen", []):
            if term_id not in found or article.slug == term_id:
                found[term_id] = article
    return found


def related_articles(catalogue: Catalogue, entry, limit: int = 6) -> list:
    """Articles about this entry first, then those on its laws, then on its target groups."""

    def closeness(article):
        return (
            entry.slug not in article.get("aanbod", []),
            -len(set(article.get("wetten", [])) & set(entry.ids("wettelijk_kader"))),
            -len(set(article.get("doelgroepen", [])) & set(entry.ids("doelgroepen"))),
        )

    candidates = [a for a in catalogue.articles if closeness(a) != (True, 0, 0)]
    return sorted(candidates, key=lambda a: (closeness(a), a["titel"]))[:limit]


def _every_municipality_question(app: Flask):
    """URL values of every Flevoland municipality and question (pages and embeds alike)."""
    for municipality_id in doors.FLEVOLAND:
        for found in app.extensions["questions"]:
            yield {"municipality_id": municipality_id, "question_id": found["id"]}


def _question(app: Flask, question_id: str) -> dict:
    found = next((q for q in app.extensions["questions"] if q["id"] == question_id), None)
    return found or abort(404)


def _question_doors(app: Flask, question: dict, municipality: str | None) -> dict:
    """The doors that answer a question, by tier; the filters apply as the search applies them.
    Computed once per question and municipality: the question page, its embed and the
    municipality's page all ask."""
    records = app.extensions["index"].records_by_slug
    filters = question["filters"]
    catalogue: Catalogue = app.extensions["catalogue"]
    answering = catalogue.memo(  # the same wherever: filtered once per question
        ("antwoorden", question["id"]),
        lambda: [e for e in catalogue.entries if search.matches_filters(records[e.slug], filters)],
    )
    return catalogue.memo(
        ("deuren", question["id"], municipality),
        lambda: doors.doors_for(
            catalogue,
            municipality,
            answering,
            closeness=lambda e: _filter_matches(records[e.slug], filters),
        ),
    )


def _filter_matches(record: dict, filters: dict) -> int:
    return sum(
        len(set(record["facets"].get(name, [])) & set(values)) for name, values in filters.items()
    )


def _term_dict(term) -> dict:
    return {"id": term.id, "label": term.label, "regio": term.get("regio")}


def _municipality_page(app: Flask, catalogue: Catalogue, term):
    """A Flevoland municipality: its questions, then its own doors and the region's."""
    questions = app.extensions["questions"]
    counts = {q["id"]: len(_question_doors(app, q, term.id)["gemeente"]) for q in questions}
    here = [e for e in catalogue.entries_for_municipality(term.id) if doors.is_door(e)]
    ordered = doors.local_first(here, term.id)
    local = [e for e in ordered if doors.tier(e, term.id) == "gemeente"]
    regional = [e for e in ordered if doors.tier(e, term.id) == "regio"]
    return render_page(
        "municipality.html",
        municipality=_term_dict(term),
        questions=questions,
        counts=counts,
        local=local,
        regional=regional,
    )


def _examples_by_life_domain(catalogue: Catalogue) -> list:
    """[(life domain, [(region, entries)])] of the ``voorbeeld`` entries; those without a life
    domain under "Overig"."""
    vocab = catalogue.vocabularies
    examples = [e for e in catalogue.entries if e.get("vorm") == "voorbeeld"]
    other = Term("overig", "Overig")
    groups = []
    for term in [*vocab["leefgebieden"], other]:
        inside = [
            e
            for e in examples
            if (term.id in e.ids("leefgebieden")) or (term is other and not e.ids("leefgebieden"))
        ]
        regions = {}
        for e in inside:
            regions.setdefault(e["regio"], []).append(e)
        ordered = sorted(
            regions.items(), key=lambda kv: (kv[0] == "landelijk", vocab["regios"].label(kv[0]))
        )
        if ordered:
            groups.append((term, [(vocab["regios"].terms[r], entries) for r, entries in ordered]))
    return groups


def report_mailto(settings: dict, entry, page_url: str) -> str:
    """A mailto link to the maintainers about one entry: subject names it, body carries its page."""
    subject = f"Klopt er iets niet? {entry['naam']}"
    body = (
        f"Over: {entry['naam']}\n{page_url}\n\nWat klopt er niet, en wat moet het zijn? "
        "Noem ook waar je het hebt gelezen (een website of een telefoontje met de aanbieder).\n"
    )
    address = quote(settings.get("beheer_email", ""), safe="@")
    return f"mailto:{address}?subject={quote(subject)}&body={quote(body)}"


def _browse_entries(catalogue: Catalogue, dimension: str, term_id: str) -> list:
    if dimension == "gemeente":
        return catalogue.entries_for_municipality(term_id)
    return catalogue.entries_with(BROWSE[dimension][0], term_id)


def sitemap_urls(app: Flask) -> list[str]:
    catalogue: Catalogue = app.extensions["catalogue"]
    urls = [
        url_for("home"),
        url_for("a_to_z"),
        url_for("glossary"),
        url_for("organisations"),
        url_for("contribute"),
        url_for("knowledge_base"),
        url_for("partners"),
        url_for("propose"),
        url_for("overview"),
    ]
    urls += [url_for("article", slug=a.slug) for a in catalogue.articles]
    urls += [url_for("entry", slug=e.slug) for e in catalogue.entries]
    for dimension, (_, vocabulary_name, _) in BROWSE.items():
        urls.append(url_for("browse_index", dimension=dimension))
        urls += [
            url_for("browse", dimension=dimension, term_id=t.id)
            for t in catalogue.vocabularies[vocabulary_name]
            if _browse_entries(catalogue, dimension, t.id)
            or dimension in ("categorie", "fase", "gemeente")
        ]
    urls += [url_for("organisation", slug=render.slugify(name)) for name in catalogue.organisations]
    return [app.jinja_env.globals["absolute_url"](u) for u in urls]


__all__ = ["create_app", "BROWSE", "CSP"]
