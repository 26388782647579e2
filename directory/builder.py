"""The build: check, index, freeze, export, offline, swap. Nothing is written until everything is
checked.

The new site is written to a fresh folder beside ``site/`` and exchanged with it in one atomic
step (``renameat2(RENAME_EXCHANGE)`` on Linux), so a reader or a killed build only ever sees the old
complete site or the new complete one. The old site is then removed by a process of its own, which
the build does not wait for; leftovers of an interrupted build or removal are removed next time.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import datetime as dt
import functools
import gc
import multiprocessing
import os
import pickle
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
import unicodedata
import warnings
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

from flask.testing import EnvironBuilder
from flask_frozen import Freezer, FrozenFlaskWarning, NotFoundWarning
from werkzeug.exceptions import HTTPException
from werkzeug.urls import iri_to_uri

from . import exports, offline, search
from .app import create_app, load_settings, maintainer_address, site_settings
from .catalogue import Catalogue, load_catalogue
from .incremental import (
    CheckCache,
    CountMemory,
    PageMemory,
    SegmentMemory,
    Unchanged,
    build_key,
)
from .problems import Problem
from .static_index import StaticIndex

STAGING_PREFIX = ".site-nieuw-"
RETIRED_PREFIX = ".site-oud-"
MARKER = ".voorveld-site"  # written into every built site: only such a folder may be replaced


class BuildFailed(Exception):
    def __init__(self, message: str, problems: list[Problem] | None = None):
        super().__init__(message)
        self.problems = problems or []


@contextmanager
def phase(name: str, log):
    """Print what a phase did and how long it took."""
    start = time.perf_counter()
    report: dict = {}
    yield report
    log(phase_line(name, time.perf_counter() - start, report.get("wat", "")))


def phase_line(name: str, seconds: float, what: str) -> str:
    return f"{name:<10} {seconds:6.2f} s  {what}"


def build_site(
    project_dir: Path,
    output: Path | None = None,
    base_url: str | None = None,
    log=None,
    *,
    full: bool = False,
) -> Path:
    """Build the site into ``output``. Unless ``full``, what the previous build checked and
    rendered is reused where its inputs did not change (``incremental.py``); the result is the
    same either way."""
    project_dir = Path(project_dir)
    output = Path(output or project_dir / "site").resolve()
    log = log or (lambda line: print(line, file=sys.stderr))
    check_output(project_dir, output)
    remove_leftovers(output)
    today = dt.date.today()
    code_key = build_key()  # the package, the libraries and Python: what every memory depends on
    catalogue, checked = check_catalogue(project_dir, today, full, log, code_key)
    for warning in settings_warnings(load_settings(), base_url):
        log(f"waarschuwing: {warning}")

    staging = make_staging(output)
    helpers: list[Beside] = []
    try:
        # What the related entries (here) and the index (beside) both read, made once: the
        # helper inherits it (at 10,000 entries 1.1 s of work the index's line then skips).
        search.documents(catalogue)
        search.compound_parts(catalogue)
        # The helper forked below would otherwise have its collector write to, and so copy,
        # every page it inherits; unfrozen in ``finally``.
        gc.freeze()
        settings = site_settings(base_url)
        # Two lines of work on two cores. The search index and the data exports need no page,
        # and the pages need neither: a process forked now, before the pages fill memory, writes
        # the first two while this one renders the pages.
        previous = None if full or not output.exists() else output
        segments = SegmentMemory(
            project_dir, code_key, search.compound_parts(catalogue), search.PartChange, fresh=full
        )
        indexing = Beside(
            lambda: index_then_export(catalogue, settings, staging, previous, segments, checked)
        )
        helpers.append(indexing)
        with phase("verwant", log) as report:
            related, kept = related_entries(catalogue, project_dir, code_key, full)
            report["wat"] = (
                f"vergelijkbaar aanbod bij elk aanbod ({kept} teksten niet opnieuw geteld)"
            )
        app = create_app(
            catalogue,
            search.records_index(catalogue),
            base_url=base_url,
            related=related,
            live=False,
        )
        app.extensions["page_memory"] = PageMemory(
            previous,
            build_key(today, settings, [(a.slug, a.source_hash) for a in catalogue.articles]),
        )
        freeze_pages(app, staging, indexing, log)
        exported, error, seconds = indexing.result()[0]["export"]
        if error is not None:
            raise error
        log(phase_line("export", seconds, f"{exported} bestanden"))
        finish(app, staging, output, log)
    except BaseException:
        for helper in helpers:
            helper.cancel()
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        gc.unfreeze()  # a process that builds again (the tests) collects as before
    return output


def check_catalogue(
    project_dir: Path, today: dt.date, full: bool, log, code_key: str
) -> tuple[Catalogue, CheckCache]:
    """Read and check the catalogue (files checked before come from the cache unless ``full``);
    any error stops the build before anything is written. The cache is the caller's to save."""
    with phase("controle", log) as report:
        # the rules that depend on the date run after the cache, on every entry: no date here
        cache = CheckCache(project_dir, code_key, fresh=full)
        result = load_catalogue(project_dir, today, warnings=False, cache=cache)
        if result.errors:
            raise BuildFailed(f"{len(result.errors)} fout(en) in de catalogus", result.errors)
        catalogue = result.catalogue
        report["wat"] = (
            f"{len(catalogue.entries)} aanbod ({cache.hits} ongewijzigd), "
            f"{len(catalogue.articles)} artikelen"
        )
    return catalogue, cache


def related_entries(
    catalogue: Catalogue, project_dir: Path, code_key: str, full: bool
) -> tuple[dict, int]:
    """The related entries, with the term counts the last build kept (unless ``full``), and how
    many texts were not counted again. The counts are saved and let go here: at 50,000 entries
    they are tens of megabytes that the pages do not need."""
    parts = search.compound_parts(catalogue)
    counted = CountMemory(project_dir, code_key, parts, search.PartChange, fresh=full)
    related = search.similar_entries(catalogue, counted=counted)
    counted.save()
    return related, counted.hits


def freeze_pages(app, staging: Path, indexing: Beside, log):
    """Freeze every page; the search page last, when the index (made beside) has its name."""

    def when_index_is_written():
        if "STATIC_SEARCH_MANIFEST" in app.config:
            return
        made, _ = indexing.result()
        app.config["STATIC_SEARCH_MANIFEST"] = made["manifest"]
        app.config["STATIC_SEARCH_PRELOAD"] = made["first"]
        log(phase_line("index", made["seconden"], made["wat"]))

    memory: PageMemory = app.extensions["page_memory"]
    with phase("bevriezen", log) as report:
        pages = freeze(app, staging, postponed={"/zoeken/": when_index_is_written})
        when_index_is_written()  # also when no page asked (its errors must not go unseen)
        memory.write(staging)
        report["wat"] = f"{pages} pagina's ({memory.rendered} gemaakt, {memory.copied} overgenomen)"


def finish(app, staging: Path, output: Path, log):
    """What the site needs offline, then the atomic exchange with the previous site."""
    settings = app.config["SITE"]
    with phase("offline", log) as report:
        saved = offline.minify_assets(staging)
        offline.write_service_worker(app, staging)
        offline.write_headers_file(staging, settings["basis_url"])
        worker = offline.SERVICE_WORKER
        report["wat"] = f"scripts en stijlen {saved // 1024} KB kleiner, {worker} geschreven"
    with phase("wisselen", log) as report:
        swap_into_place(staging, output)
        report["wat"] = str(output)


def index_then_export(
    catalogue: Catalogue,
    settings: dict,
    staging: Path,
    previous: Path | None,
    segments: SegmentMemory,
    checked: CheckCache,
) -> dict:
    """The search index, then the check cache and the data exports, one after the other in one
    helper: as a third process beside it, the exports' copy of the catalogue added 350 MB to the
    build's memory at 50,000 entries (#21). What ``write_search_index`` gives, with the seconds
    it took and ``export``: the exports' outcome (files written, exception, seconds), whose
    exception ``build_site`` raises where the exports are collected, not as a problem of the
    search page.
    The check cache is saved also when the index fails, so the next build need not check every
    file again; after the index, because pickling the catalogue copies its pages in this
    process."""
    start = time.perf_counter()
    try:
        made = write_search_index(catalogue, settings["facetten"], staging, previous, segments)
        made["seconden"] = time.perf_counter() - start
    finally:
        gc.collect()  # the index is written: its memory goes back before the next step
        search.give_back_freed_memory()
        checked.save()
    made["export"] = _outcome_of(
        lambda: len(exports.write_all(catalogue, settings, staging)), in_child=True
    )
    return made


def write_search_index(
    catalogue: Catalogue,
    headings: dict,
    site: Path,
    previous: Path | None = None,
    segments: SegmentMemory | None = None,
) -> dict:
    """Index the catalogue with Whoosh (taking over the unchanged segments the last build left
    in ``segments``) and write the static search index into the site, linking the files that
    equal those of the ``previous`` site."""
    index = search.build_index(catalogue, kept=segments)
    reused = ""
    if segments is not None:
        segments.save()
        reused = f" ({segments.hits} van {segments.hits + segments.misses} segmenten hergebruikt)"
    index.let_go_of_whoosh()
    static_search = StaticIndex(index, headings=headings)
    written = static_search.write(site, previous)
    return {
        "manifest": static_search.manifest_name,
        "first": static_search.first_files(),
        "wat": f"{len(index.records)} documenten, {len(index.lexicon)} termen, "
        f"{len(written)} bestanden{reused}",
    }


def index_beside(catalogue: Catalogue) -> tuple[search.SearchIndex, dict]:
    """``search.build_index`` and the related entries, made in a forked helper, keeping only the
    results here. Building Whoosh's index leaves freed memory that the allocator does not give
    back (about 270 MB at 10,000 entries against 20 MB of result), which a long-lived process
    (``build.py serve``) would otherwise hold for as long as it runs."""

    helpers: list[Beside] = []
    try:
        helpers.append(Beside(lambda: search.portable_index(search.build_index(catalogue))))
        helpers.append(Beside(lambda: search.similar_entries(catalogue)))  # on the other core
        (portable, _), (related, _) = (helper.result() for helper in helpers)
    finally:
        for helper in helpers:
            helper.cancel()
    return search.reopened_index(catalogue, portable), related


def make_staging(output: Path) -> Path:
    """A fresh folder beside the output, marked as a built site, for the new site."""
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=output.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; the site is for everyone
    (staging / MARKER).write_text(
        "Gebouwd door Voorveld in beeld; python build.py build vervangt deze map.\n",
        encoding="utf-8",
    )
    return staging


def settings_warnings(settings: dict, base_url: str | None = None) -> list[str]:
    """Settings a maintainer must still fill in before the site goes live."""
    found = []
    address = settings.get("beheer_email") or ""
    if not maintainer_address(address):
        found.append(
            f"directory/data/site.yaml: beheer_email is nog het voorbeeldadres '{address}'; "
            "zolang staat er bij 'Klopt er iets niet?' en op het formulier geen mailknop (alleen "
            "GitHub). Vul het adres van de beheerders in."
        )
    if not (base_url or settings.get("basis_url")):
        found.append(
            "directory/data/site.yaml: basis_url is leeg, dus de site krijgt geen sitemap, geen "
            "Atom-feed "
            "en geen canonieke links (die vragen een volledig adres). Vul basis_url in of bouw met "
            "--base-url https://…/ voordat de site online gaat."
        )
    return found


class CollectingFreezer(Freezer):
    """Frozen-Flask, keeping the endpoints it froze nothing for as data: its own warning names them
    only in a sentence. The check itself is Frozen-Flask's (``_check_endpoints``, 1.0)."""

    missing_endpoints: frozenset = frozenset()

    def __init__(self, app, postponed: dict | None = None, **options):
        super().__init__(app, **options)
        self.postponed = dict(postponed or {})  # url -> what must happen before it can be made
        memory = app.extensions.get("page_memory")
        if memory is not None:
            memory.follow = self._follow
            memory.script_name = self._script_name()

    def _generate_all_urls(self):
        """Frozen-Flask's URLs, with the postponed ones held back until all others are made;
        then what those pages link to."""
        waiting: dict = {}
        for url, endpoint, last_modified in super()._generate_all_urls():
            if url in self.postponed:
                waiting.setdefault(url, endpoint)
                continue
            yield url, endpoint, last_modified
        for url, endpoint in waiting.items():
            self.postponed[url]()
            yield url, endpoint, None
        generators, self.url_generators = self.url_generators, []
        try:
            yield from super()._generate_all_urls()  # only the calls logged since
        finally:
            self.url_generators = generators

    def _build_one(self, url, last_modified=None):
        return (
            self._copy_if_unchanged(url)
            or self._render_directly(url)
            or super()._build_one(url, last_modified)
        )

    def _render_directly(self, url) -> Path | None:
        """Make the page by calling its view in a request made from one environ (as the probe
        does), and write the text it returns. Frozen-Flask's test client builds a request and a
        response around every page: a third of the freeze at 10,000 entries. A view that answers
        anything else than text (a response, an error) is asked again the usual way, which also
        reports what went wrong; so are the pages of a freeze with relative links."""
        if self.app.config.get("FREEZER_RELATIVE_URLS"):
            return None
        with self.url_for_logger:
            answer = self._answer_of(url)
        if not isinstance(answer, str):
            return None
        path = self._file_of(url)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(answer.encode("utf-8"))
        return path

    def _copy_if_unchanged(self, url) -> Path | None:
        """Ask the page's view whether the page changed since the previous build (see
        ``incremental.PageMemory``); if not, take the previous file, whose links the memory
        follows. This skips Frozen-Flask's request and write, most of a copied page's cost."""
        memory = self.app.extensions.get("page_memory")
        if memory is None or url not in memory.previous:
            return None
        memory.probing = True
        try:
            answer = self._answer_of(url)
        finally:
            memory.probing = False
        if not isinstance(answer, Unchanged):
            return None
        path = self._file_of(url)
        memory.copy(answer, path)
        return path

    def _answer_of(self, url):
        """What the page's view returns in a request for ``url``; None where no view answers it
        or the view fails (the usual way then makes the page and reports that)."""
        try:
            endpoint, values = self._adapter.match(url, method="GET")
        except HTTPException:
            return None
        with self.app.request_context(self._environ_for(url)):
            try:
                return self.app.view_functions[endpoint](**values)
            except Exception:  # noqa: BLE001 - the usual way makes the page and reports this
                return None

    def _file_of(self, url) -> Path:
        return self.root / unicodedata.normalize("NFC", self.urlpath_to_filepath(url))

    @functools.cached_property
    def _adapter(self):
        return self.app.url_map.bind("localhost")

    def _environ_for(self, url: str) -> dict:
        """The WSGI environ ``test_request_context(url, base_url=...)`` makes, from one made
        once: building it anew for each of 10,000 probed pages took 0.6 s, copying 0.2 s."""

        def wsgi(text: str) -> str:  # PEP 3333: a string of the UTF-8 bytes, one char each
            return text.encode("utf-8").decode("latin-1")

        environ = dict(self._base_environ)
        parts = urlsplit(url)
        environ["PATH_INFO"] = wsgi(unquote(iri_to_uri(parts.path)))
        environ["QUERY_STRING"] = wsgi(parts.query)
        environ["REQUEST_URI"] = environ["RAW_URI"] = wsgi(url)
        return environ

    @functools.cached_property
    def _base_environ(self) -> dict:
        base_url = self.app.config["FREEZER_BASE_URL"]  # None: Flask's own (SERVER_NAME, ...)
        return EnvironBuilder(self.app, path="/", base_url=base_url).get_environ()

    def _follow(self, path: str):
        """Hand a link found in a page to Frozen-Flask's log of url_for calls, as (endpoint,
        values) like the calls: a copied page made no calls, and a link written in an entry's
        text is found in a rendered page the same way."""
        try:
            endpoint, values = self._adapter.match(path, method="GET")
        except HTTPException:  # not a page of ours (the search index) or a redirect
            return
        self.url_for_logger.logged_calls.append((endpoint, values))

    def _check_endpoints(self, seen_endpoints):
        served = {rule.endpoint for rule in self.app.url_map.iter_rules() if "GET" in rule.methods}
        static = (
            set(self._static_rules_endpoints())
            if self.static_files_urls in self.url_generators
            else set()
        )
        self.missing_endpoints = frozenset(served - set(seen_endpoints) - static)


def freeze(app, destination: Path, postponed: dict | None = None) -> int:
    """Freeze every page. Every endpoint without a page and every link that answers 404 becomes a
    Problem, and the build fails once with all of them (the MkDocs way), not at the first.
    ``postponed`` pages (url -> what to do first) are made after all others."""
    app.config.update(
        FREEZER_DESTINATION=str(destination),
        FREEZER_BASE_URL=app.config["SITE"]["basis_url"]
        or None,  # None: paths from the host's root
        FREEZER_REMOVE_EXTRA_FILES=False,
        FREEZER_IGNORE_MIMETYPE_WARNINGS=True,
        FREEZER_DEFAULT_MIMETYPE="text/html",
        FREEZER_IGNORE_404_NOT_FOUND=True,  # collected below, so that every dead link is reported
    )
    freezer = CollectingFreezer(
        app, postponed=postponed, with_no_argument_rules=True, log_url_for=True
    )
    catalogue: Catalogue = app.extensions["catalogue"]

    @freezer.register_generator
    def pages_no_link_reaches():  # each family of pages names its own, beside its routes (app.py)
        for endpoint, generate in app.extensions["url_generators"]:
            for values in generate():
                yield endpoint, values

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", FrozenFlaskWarning)
        try:
            urls = freezer.freeze()
        except ValueError as exc:  # an answer other than 200 or 404: a page that fails to render
            problem = Problem(FREEZE_PATH, 0, 0, "bevriezen", str(exc))
            raise BuildFailed("bevriezen mislukt", [problem]) from None
    may_be_empty = set() if catalogue.articles else {"article"}
    problems = [
        Problem(
            FREEZE_PATH, 0, 0, endpoint, "geen enkele pagina gemaakt; ontbreekt een URL-generator?"
        )
        for endpoint in sorted(freezer.missing_endpoints - may_be_empty)
    ]
    problems += [
        Problem(
            FREEZE_PATH,
            0,
            0,
            _url_of(warning),
            "een link op de site wijst naar een pagina die niet bestaat (404)",
        )
        for warning in caught
        if issubclass(warning.category, NotFoundWarning)
    ]
    if problems:
        raise BuildFailed(f"bevriezen mislukt: {len(problems)} probleem/problemen", problems)
    return len(urls)


FREEZE_PATH = "(bevriezen)"  # problems of the pages, not of one catalogue file


def _url_of(warning) -> str:
    """Frozen-Flask says which URL answered 404 only in its message: 'Ignored ... on URL /x/'."""
    return str(warning.message).rsplit(" on URL ", 1)[-1]


# ----------------------------------------------------------------------------------------------
# Work beside the build, on the other core


class Beside:
    """Run a function in a forked process while the build goes on, and hand back its result (or
    raise its exception) on ``result()``; ``cancel()`` stops it if it is still running (always
    call it, e.g. in ``finally``). Where there is no fork, the function simply runs at once."""

    def __init__(self, function):
        self.forked = "fork" in multiprocessing.get_all_start_methods()
        if not self.forked:
            self._outcome = _outcome_of(function)
            return
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        self._process = context.Process(
            target=_run_in_child, args=(function, send, os.getpid()), daemon=True
        )
        self._process.start()
        send.close()

    def result(self):
        if self.forked and not hasattr(self, "_outcome"):
            try:
                self._outcome = self._receive.recv()
            except Exception:  # noqa: BLE001 - the child died, or sent what cannot be read back
                self._outcome = (
                    None,
                    BuildFailed("een hulpproces van de build stopte onverwacht"),
                    0.0,
                )
            self.cancel()
        value, error, seconds = self._outcome
        if error is not None:
            raise error
        return value, seconds

    def cancel(self):
        if self.forked:
            if self._process.is_alive():
                self._process.terminate()
            self._process.join()
            self._receive.close()


def _outcome_of(function, in_child: bool = False):
    """(value, exception, seconds) of calling ``function``."""
    start = time.perf_counter()
    try:
        return function(), None, time.perf_counter() - start
    except Exception as exc:  # noqa: BLE001 - handed to result(), which raises it
        if in_child:  # its traceback would be lost on the way; keep it for whoever debugs
            exc.add_note("In het hulpproces:\n" + "".join(traceback.format_exception(exc)))
        return None, exc, 0.0


def _run_in_child(function, send, parent: int):
    _die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it cancels us
    outcome = _outcome_of(function, in_child=True)
    try:
        pickle.loads(pickle.dumps(outcome))  # what the parent could not rebuild is sent as text
    except Exception as exc:  # noqa: BLE001
        value, error, seconds = outcome
        what = (
            f"{type(error).__name__}: {error}"
            if error is not None
            else f"het resultaat ({type(value).__name__}): {exc}"
        )
        outcome = (None, RuntimeError(f"hulpproces van de build: {what}"), seconds)
    send.send(outcome)


def _die_with_parent(parent: int):
    """A helper process must not outlive a build that is killed (Linux: PR_SET_PDEATHSIG)."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before we asked to die with it
        os._exit(1)


# ----------------------------------------------------------------------------------------------
# Swapping the new site in


def swap_into_place(staging: Path, output: Path):
    if not output.exists():
        os.rename(staging, output)
        return
    if _exchange(staging, output):
        remove_in_background(staging)  # staging now holds the old site
        return
    retired = output.parent / f"{RETIRED_PREFIX}{os.getpid()}"
    os.rename(output, retired)
    os.rename(staging, output)
    remove_in_background(retired)


# The process that removes an old site: it takes the folder under its own process id (so that a
# build starting meanwhile leaves it alone, see remove_leftovers), then removes it.
REMOVER = """
import os, shutil, sys
folder = sys.argv[1]
mine = os.path.join(os.path.dirname(folder), sys.argv[2] + str(os.getpid()) + "-weg")
try:
    os.rename(folder, mine)
except OSError:
    mine = folder
shutil.rmtree(mine, ignore_errors=True)
"""


def remove_in_background(old_site: Path):
    """Remove the old site in a process of its own that outlives the build: the new site is in
    place, and removing 10,000 page folders takes this machine 1.3 s that nobody waits for.
    Where that process cannot start, here and now; what an interrupted removal leaves, the next
    build removes (remove_leftovers)."""
    try:
        subprocess.Popen(
            [sys.executable, "-c", REMOVER, str(old_site), RETIRED_PREFIX],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # not stopped with the build's process group (Ctrl-C)
        )
    except OSError:
        shutil.rmtree(old_site, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two paths with Linux renameat2(RENAME_EXCHANGE); False where
    unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return result == 0


def check_output(project_dir: Path, output: Path):
    """Replace only a folder that a build made: never the project, never someone's other files."""
    project = project_dir.resolve()
    if output == project or output in project.parents:
        raise BuildFailed(f"de doelmap {output} bevat het project zelf; kies een andere map")
    if output.exists() and (
        not output.is_dir() or (any(output.iterdir()) and not (output / MARKER).exists())
    ):
        raise BuildFailed(
            f"de doelmap {output} bestaat al en is geen gebouwde site; kies een lege of nieuwe map"
        )


def remove_leftovers(output: Path):
    """Remove staging and retired folders that an interrupted build left behind (a build that
    is still running keeps its own: the folder names carry the process id)."""
    if not output.parent.exists():
        return
    for path in output.parent.iterdir():
        if path.is_dir() and path.name.startswith((STAGING_PREFIX, RETIRED_PREFIX)):
            pid = path.name.split("-")[2] if path.name.count("-") >= 3 else ""
            if pid.isdigit() and pid != str(os.getpid()) and Path(f"/proc/{pid}").exists():
                continue
            shutil.rmtree(path, ignore_errors=True)
