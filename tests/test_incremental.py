"""Incremental builds: after a change, a build that reuses the previous one writes exactly what a
full build writes (compared file by file), while it renders only the pages whose inputs changed."""

from __future__ import annotations

import datetime as dt
import json
import pickle
import re
import shutil
from pathlib import Path

import pytest
from conftest import PROJECT, run_build_py

from directory import incremental
from directory.incremental import (
    MUST_RENDER,
    CheckCache,
    PageMemory,
    Unchanged,
    Unfingerprintable,
    build_key,
    fingerprint,
    links_in,
)


def differences(a: Path, b: Path) -> list[str]:
    """Every file that is only in one tree or differs between them."""
    files_a = {p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file()}
    files_b = {p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file()}
    found = [f"alleen in {a.name}: {name}" for name in sorted(files_a - files_b)]
    found += [f"alleen in {b.name}: {name}" for name in sorted(files_b - files_a)]
    found += [
        f"verschilt: {name}"
        for name in sorted(files_a & files_b)
        if (a / name).read_bytes() != (b / name).read_bytes()
    ]
    return found


def pages_made(log: str) -> tuple[int, int]:
    """(rendered, copied) from the freeze's line: "1056 pagina's (49 gemaakt, 969 overgenomen)"."""
    found = re.search(r"\((\d+) gemaakt, (\d+) overgenomen\)", log)
    assert found, log
    return int(found[1]), int(found[2])


def build_both_ways(project: Path, tmp_path: Path) -> tuple[str, list[str]]:
    """Build incrementally into the project's site/ and fully into another folder; return the
    incremental build's log and the differences between the two sites."""
    incremental_build = run_build_py("build", project=project)
    assert incremental_build.returncode == 0, incremental_build.stderr
    full = tmp_path / "volledig"
    full_build = run_build_py("build", "--volledig", "--output", full, project=project)
    assert full_build.returncode == 0, full_build.stderr
    return incremental_build.stderr, differences(project / "site", full)


def edit(path: Path, old: str, new: str):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def rename_entry(entries: Path):
    edit(entries / "urk-leerplicht.yaml", "naam: Leerplicht Urk", "naam: Leerplicht op Urk")


def move_entry(entries: Path):
    edit(entries / "urk-leerplicht.yaml", "organisatie: Gemeente Urk", "organisatie: RMC Urk")
    edit(entries / "urk-leerplicht.yaml", "gemeenten: [urk]", "gemeenten: [urk, dronten]")


def add_entry(entries: Path):
    text = (entries / "urk-leerplicht.yaml").read_text(encoding="utf-8")
    text = text.replace("naam: Leerplicht Urk", "naam: Leerplicht Dronten", 1)
    (entries / "dronten-leerplicht.yaml").write_text(text, encoding="utf-8")


def remove_entry(entries: Path):
    (entries / "uwv.yaml").unlink()


def change_article(entries: Path):
    article = entries / "kennisbank" / "startkwalificatie.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nNog een zin.\n", encoding="utf-8")


@pytest.mark.parametrize(
    "change", [rename_entry, move_entry, add_entry, remove_entry, change_article]
)
def test_after_a_change_the_incremental_build_writes_what_a_full_build_writes(
    built_demo, tmp_path, change
):
    change(built_demo / "entries")
    log, found = build_both_ways(built_demo, tmp_path)
    assert not found, "\n".join(found)
    rendered, copied = pages_made(log)
    if change is change_article:  # an article may be linked from any page: all are made again
        assert copied == 0, log
    else:
        assert copied > rendered, log


def test_without_a_change_every_page_is_copied(built_demo, tmp_path):
    log, found = build_both_ways(built_demo, tmp_path)
    assert not found, "\n".join(found)
    rendered, copied = pages_made(log)
    assert rendered == 0, log  # the search page too: its index has the same name
    assert "(7 ongewijzigd)" in log, log
    assert re.search(r"\((\d+) van \1 segmenten hergebruikt\)", log), log


def test_on_the_real_catalogue_a_changed_entry_remakes_its_own_pages_only(tmp_path):
    project = tmp_path / "echt"
    shutil.copytree(PROJECT / "entries", project / "entries")
    assert run_build_py("build", project=project).returncode == 0
    entry = sorted((project / "entries").glob("*.yaml"))[40]
    edit(entry, "\nnaam: ", "\nnaam: Nieuw ")
    log, found = build_both_ways(project, tmp_path)
    assert not found, "\n".join(found)
    rendered, copied = pages_made(log)
    assert rendered < (rendered + copied) / 5, log


def test_a_file_broken_after_it_was_cached_is_reported(built_demo):
    entry = built_demo / "entries" / "urk-leerplicht.yaml"
    edit(entry, "vorm: dienst", "vorm: winkel")
    result = run_build_py("build", project=built_demo)
    assert result.returncode == 1
    assert "entries/urk-leerplicht.yaml:4" in result.stderr and "vorm" in result.stderr


class Checked(dict):  # an entry as the cache sees it (module level: it is pickled)
    source_hash = incremental.content_hash(b"naam: a")


def test_the_check_cache_keeps_only_what_it_saw(tmp_path):
    cache = CheckCache(tmp_path, "sleutel")
    cache.put("entries/a.yaml", Checked())
    cache.save()
    again = CheckCache(tmp_path, "sleutel")
    assert again.get("entries/a.yaml", b"naam: a") is not None
    assert again.get("entries/a.yaml", b"naam: b") is None  # other bytes: checked anew
    assert CheckCache(tmp_path, "een andere sleutel").get("entries/a.yaml", b"naam: a") is None
    assert CheckCache(tmp_path, "sleutel", fresh=True).get("entries/a.yaml", b"naam: a") is None
    (tmp_path / incremental.CACHE_DIR / CheckCache.FILE).write_bytes(b"kapot")
    assert CheckCache(tmp_path, "sleutel").get("entries/a.yaml", b"naam: a") is None


def test_the_build_key_changes_with_the_day_and_the_settings():
    today = dt.date(2026, 12, 7)
    assert build_key(today, {"a": 1}) == build_key(today, {"a": 1})
    assert build_key(today, {"a": 1}) != build_key(today + dt.timedelta(days=1), {"a": 1})
    assert build_key(today, {"a": 1}) != build_key(today, {"a": 2})


def test_a_fingerprint_sees_every_value_that_renders_and_refuses_what_it_cannot_see():
    class Item(dict):
        slug = "x"
        source_hash = "1"

    base = fingerprint("a.html", "/a/", {"entries": [Item()], "n": 1})
    assert base == fingerprint("a.html", "/a/", {"entries": [Item()], "n": 1})
    changed = Item()
    changed.source_hash = "2"
    assert base != fingerprint("a.html", "/a/", {"entries": [changed], "n": 1})
    assert base != fingerprint("a.html", "/b/", {"entries": [Item()], "n": 1})
    assert base != fingerprint("b.html", "/a/", {"entries": [Item()], "n": 1})
    assert base != fingerprint("a.html", "/a/", {"entries": [Item()], "n": "1"})
    assert fingerprint("a", "/", {"x": ["a", "b"]}) != fingerprint("a", "/", {"x": ["a b"]})
    with pytest.raises(Unfingerprintable):
        fingerprint("a.html", "/a/", {"f": lambda: 1})


def test_a_page_that_cannot_be_fingerprinted_is_always_rendered(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text("oud")
    memory = PageMemory(tmp_path, "sleutel")
    memory.previous = {"/a/": fingerprint("a.html", "/a/", {})}
    memory.probing = True
    assert isinstance(memory.page("/a/", "a.html", {}, lambda: "nieuw"), Unchanged)
    assert memory.page("/a/", "a.html", {"f": print}, lambda: "nieuw") is MUST_RENDER
    assert memory.page("/a/", "a.html", {"n": 2}, lambda: "nieuw") is MUST_RENDER
    memory.probing = False
    assert memory.page("/a/", "a.html", {"f": print}, lambda: "nieuw") == "nieuw"


def test_the_links_of_a_copied_page_are_found_without_the_base_urls_path():
    page = (
        b'<a href="/voorveld/aanbod/x/">x</a> <a href="//elders.nl/y">y</a> '
        b'<a href="/voorveld/zoeken/?q=a&amp;b=c#r">z</a> <link href="/voorveld/">'
        b'<a href="/voorveld/aanbod/x/">nog eens</a> <a href="https://elders.nl/">e</a>'
    )
    assert links_in(page, "/voorveld") == ["/aanbod/x/", "/zoeken/", "/"]
    known: dict = {}
    assert links_in(page, "/voorveld", known) == links_in(page, "/voorveld", known)
    assert known[b"//elders.nl/y"] is None and known[b"/voorveld/"] == "/"


def test_a_copied_page_follows_the_links_the_memory_kept_without_reading_the_page(tmp_path):
    """The memory of the pages keeps each page's links; a copied page hands those to the
    freezer, so its file is not read again (a page whose links were not kept still is)."""
    previous, new = tmp_path / "vorige", tmp_path / "nieuw"
    (previous / "a").mkdir(parents=True)
    (previous / "b").mkdir()
    (previous / "a" / "index.html").write_bytes(b'<a href="/x/">x</a><a href="/y/">y</a>')
    (previous / "b" / "index.html").write_bytes(b'<a href="/z/">z</a>')
    first = PageMemory(None, "sleutel")
    for url in ("/a/", "/b/"):
        page = (previous / url.strip("/") / "index.html").read_text()
        first.page(url, "t.html", {"n": 1}, lambda page=page: page)
    first.write(previous)
    (previous / "a" / "index.html").write_bytes(b"<p>no links read from here</p>")
    memory, followed = PageMemory(previous, "sleutel"), []
    memory.follow = followed.append
    memory.probing = True
    unchanged = memory.page("/a/", "t.html", {"n": 1}, lambda: "nieuw")
    assert isinstance(unchanged, Unchanged)
    memory.copy(unchanged, new / "a" / "index.html")
    assert followed == ["/x/", "/y/"]
    del memory.previous_links["/b/"]  # as a memory written before links were kept
    memory.copy(memory.page("/b/", "t.html", {"n": 1}, lambda: "nieuw"), new / "b" / "index.html")
    assert followed == ["/x/", "/y/", "/z/"]
    memory.write(new)
    assert PageMemory(new, "sleutel").previous_links == {"/a/": ["/x/", "/y/"], "/b/": ["/z/"]}


class Planted:  # what a hostile pull request could commit as a cache: unpickling it runs code
    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


def test_a_cache_or_a_site_this_machine_did_not_sign_is_never_used(built_demo, tmp_path):
    marker = tmp_path / "uitgevoerd"
    cache = built_demo / incremental.CACHE_DIR / CheckCache.FILE
    cache.write_bytes(pickle.dumps({"sleutel": "x", "aanbod": Planted(marker)}))
    counts = built_demo / incremental.CACHE_DIR / incremental.CountMemory.FILE
    counts.write_bytes(pickle.dumps({"sleutel": "x", "tellingen": Planted(marker)}))
    for segment in (
        built_demo / incremental.CACHE_DIR / incremental.SegmentMemory.FOLDER
    ).iterdir():
        segment.write_bytes(b"\0" * 32 + pickle.dumps(Planted(marker)))
    pages = built_demo / "site" / incremental.PAGES_FILE
    claims = json.loads(incremental.verified(pages.read_bytes()))
    pages.write_text(json.dumps(claims))  # the same claims, unsigned
    page = built_demo / "site" / "aanbod" / "uwv" / "index.html"
    page.write_text("<p>ingeschoven</p>", encoding="utf-8")
    log, found = build_both_ways(built_demo, tmp_path)
    assert not marker.exists(), "an unsigned cache was unpickled"
    assert not found, "\n".join(found)
    assert pages_made(log)[1] == 0 and "(0 ongewijzigd)" in log, log
    assert "(0 van " in log and "(0 teksten niet opnieuw geteld)" in log, log


def test_a_dead_link_written_in_an_entry_fails_a_full_build_too(built_demo, tmp_path):
    """Links in copied pages are followed, so links in rendered pages must be too: otherwise a
    full build would pass what the next incremental build rejects."""
    edit(
        built_demo / "entries" / "urk-leerplicht.yaml",
        "beschrijving: |\n",
        "beschrijving: |\n  Zie ook [dit aanbod](/aanbod/bestaat-niet/).\n\n",
    )
    for extra in (["--volledig"], []):
        result = run_build_py("build", *extra, project=built_demo)
        assert result.returncode == 1, result.stderr
        assert "/aanbod/bestaat-niet/" in result.stderr and "404" in result.stderr


def test_templates_read_their_context_and_never_the_catalogue():
    """A page is copied when its template and context are unchanged, so a template must not
    reach for data beside its context (the catalogue, Flask's g or session)."""
    from jinja2 import meta

    from directory.app import create_app
    from directory.catalogue import load_catalogue

    app = create_app(load_catalogue(PROJECT / "tests" / "demo", warnings=False).catalogue)
    env = app.jinja_env
    offered = set(app.template_context_processors[None][-1]())  # the template helpers
    for name in env.list_templates(filter_func=lambda n: n.endswith((".html", ".xml", ".js"))):
        source = env.loader.get_source(env, name)[0]
        free = meta.find_undeclared_variables(env.parse(source))
        assert not free & {"catalogue", "g", "session", "app"}, name
    assert "catalogue" not in offered


def test_index_files_the_previous_site_has_are_linked_not_written(real_index, tmp_path):
    """A file of the search index whose bytes equal the previous site's file of the same name
    (without its hash) is a hard link to it: neither written nor, when the old site is removed,
    freed. Any other file is written, whatever the previous site holds under that name."""
    import os

    from directory.static_index import FOLDER, StaticIndex

    exported = StaticIndex(real_index)
    old = tmp_path / "oud"
    exported.write(old)
    manifest = next((old / FOLDER).glob("manifest.*"))
    manifest.write_bytes(manifest.read_bytes().replace(b'"versie"', b'"Versie"'))  # same size
    written = exported.write(tmp_path / "nieuw", previous=old)
    linked = [p for p in written if p.stat().st_nlink == 2]
    assert len(linked) == len(written) - 1 and len(written) > 1000
    for path in linked:
        twin = next((old / FOLDER).glob(path.name.split(".")[0] + ".*"))
        assert os.path.samefile(path, twin)
    assert manifest.name in {p.name for p in written}
    new_manifest = tmp_path / "nieuw" / FOLDER / manifest.name
    assert new_manifest.stat().st_nlink == 1 and b'"versie"' in new_manifest.read_bytes()
    assert [p.read_bytes() for p in written] == [b for _, b in exported.bodies()]


def test_segments_of_unchanged_records_are_taken_over_and_index_the_same(tmp_path, monkeypatch):
    """Whoosh's segments kept by the last build (``SegmentMemory``) are taken over where their
    records did not change; the exported index is byte for byte what a fresh index gives, also
    after an entry changed, one was added and one removed (segments end where the records say,
    so the others stay the same). A segment file this machine did not sign is not used."""
    from directory import search
    from directory.catalogue import load_catalogue
    from directory.incremental import SegmentMemory
    from directory.search import engine
    from directory.static_index import StaticIndex

    monkeypatch.setattr(engine, "SEGMENT_SPLIT", 25)
    project = tmp_path / "project"
    shutil.copytree(PROJECT / "entries", project / "entries")

    def index_files(keep: bool = False) -> tuple[dict, SegmentMemory | None]:
        catalogue = load_catalogue(project, warnings=False).catalogue
        parts = search.compound_parts(catalogue)
        kept = SegmentMemory(project, "sleutel", parts, search.PartChange) if keep else None
        return dict(StaticIndex(search.build_index(catalogue, kept=kept)).bodies()), kept

    def build_keeping() -> tuple[dict, SegmentMemory]:
        files, kept = index_files(keep=True)
        kept.save()
        return files, kept

    first, kept = build_keeping()
    assert kept.hits == 0 and kept.misses > 5
    again, kept = build_keeping()
    assert again == first and kept.misses == 0 and kept.hits > 5
    entries = sorted((project / "entries").glob("*.yaml"))
    edit(entries[40], "\nnaam: ", "\nnaam: Nieuw ")
    shutil.copy(entries[10], entries[10].with_name("aa-kopie.yaml"))
    edit(entries[10].with_name("aa-kopie.yaml"), "\nnaam: ", "\nnaam: Kopie ")
    entries[-1].unlink()
    changed, kept = build_keeping()
    assert changed == index_files()[0] and changed != first
    # a renamed entry moves (two segments), one added, one removed, and a segment may end
    # at a record that moved: at most six of some sixteen segments are made again
    assert 1 <= kept.misses <= 6 and kept.hits > 2 * kept.misses, (kept.hits, kept.misses)
    stored = sorted(p for p in kept.folder.iterdir() if kept.NAME.fullmatch(p.name))
    assert len(stored) == kept.hits + kept.misses  # what this build did not use is gone
    stored[0].write_bytes(b"\0" * 32 + stored[0].read_bytes()[32:])  # not this machine's
    _, kept = build_keeping()
    assert kept.misses == 1

    # a compound part that comes lets a long word split: the segments whose text holds the
    # word are made again (their terms changed), the others are taken over
    catalogue = load_catalogue(project, warnings=False).catalogue
    word, head = long_word_and_missing_head(catalogue)
    edit(entries[3], "\nsamenvatting: ", f"\nsamenvatting: {head.capitalize()}. ")
    with_part, kept = build_keeping()
    assert head in kept.changed.parts
    assert with_part == index_files()[0]
    batches = engine.segment_batches(search.documents(load_catalogue(project).catalogue))
    texts = [" ".join(r[f] for r in batch for f in search.FIELD_BOOSTS) for batch in batches]
    holding_word = sum(1 for t in texts if word in search.words(t))
    holding_head = sum(1 for t in texts if head in search.fold(t))
    assert 1 <= holding_word <= kept.misses <= holding_head, (word, head, kept.misses)


def test_a_segment_made_by_a_build_that_stopped_is_not_taken_for_the_last_parts(
    tmp_path, monkeypatch
):
    """A build writes each segment as it makes it, and the compound parts only when it saves: a
    build that stops in between (the pages failed, Ctrl-C) leaves segments analysed with parts
    the memory does not know. Each segment carries the hash of its own parts, so the next build
    with the last saved parts makes such a segment again instead of taking its terms."""
    from directory import search
    from directory.catalogue import load_catalogue
    from directory.incremental import SegmentMemory
    from directory.search import engine
    from directory.static_index import StaticIndex

    monkeypatch.setattr(engine, "SEGMENT_SPLIT", 25)  # segments that hold the word, unchanged
    project = tmp_path / "project"
    shutil.copytree(PROJECT / "entries", project / "entries")

    def index(save: bool):
        catalogue = load_catalogue(project, warnings=False).catalogue
        parts = search.compound_parts(catalogue)
        kept = SegmentMemory(project, "sleutel", parts, search.PartChange)
        files = dict(StaticIndex(search.build_index(catalogue, kept=kept)).bodies())
        if save:
            kept.save()
        return files, kept

    index(save=True)  # parts P saved
    catalogue = load_catalogue(project, warnings=False).catalogue
    word, head = long_word_and_missing_head(catalogue)
    entry = sorted((project / "entries").glob("*.yaml"))[3]
    edit(entry, "\nsamenvatting: ", f"\nsamenvatting: {head.capitalize()}. ")
    index(save=False)  # parts P + head: segments overwritten, the build stops before saving
    edit(entry, f"\nsamenvatting: {head.capitalize()}. ", "\nsamenvatting: ")
    again, kept = index(save=True)  # parts P again
    assert kept.misses >= 2 and kept.hits >= 2, (kept.misses, kept.hits)
    assert again == dict(
        StaticIndex(search.build_index(load_catalogue(project).catalogue)).bodies()
    )


def test_a_cache_folder_that_is_a_link_is_neither_written_nor_emptied(tmp_path):
    """A pull request could commit .voorveld-cache/ or its segmenten/ as a symbolic link to
    somewhere else (the entries, .git, a home folder): the build writes nothing there and
    deletes nothing there, and still builds."""
    import os

    from directory import search
    from directory.catalogue import load_catalogue
    from directory.incremental import CACHE_DIR, SegmentMemory

    elsewhere = tmp_path / "elders"
    elsewhere.mkdir()
    (elsewhere / "belangrijk.txt").write_text("blijft")
    (elsewhere / ("a" * 40)).write_text("ook dit blijft")
    for planted in (CACHE_DIR, f"{CACHE_DIR}/{SegmentMemory.FOLDER}"):
        project = tmp_path / planted.replace("/", "-")
        shutil.copytree(PROJECT / "tests" / "demo" / "entries", project / "entries")
        link = project / planted
        link.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(elsewhere, link)
        catalogue = load_catalogue(project, warnings=False).catalogue
        kept = SegmentMemory(
            project, "sleutel", search.compound_parts(catalogue), search.PartChange
        )
        search.build_index(catalogue, kept=kept)
        kept.save()
        assert sorted(p.name for p in elsewhere.iterdir()) == ["a" * 40, "belangrijk.txt"]
        assert run_build_py("build", project=project).returncode == 0
        assert sorted(p.name for p in elsewhere.iterdir()) == ["a" * 40, "belangrijk.txt"]
    # a memory file that leads to an endless one is not read (the build would never end)
    project = tmp_path / "nul"
    shutil.copytree(PROJECT / "tests" / "demo" / "entries", project / "entries")
    (project / CACHE_DIR).mkdir()
    for name in ("controle.pickle", "termen.pickle"):
        os.symlink("/dev/zero", project / CACHE_DIR / name)
    assert run_build_py("build", project=project).returncode == 0


def test_an_empty_catalogue_builds_with_the_segment_memory(tmp_path):
    from directory import search
    from directory.catalogue import load_catalogue
    from directory.incremental import SegmentMemory

    (tmp_path / "entries").mkdir()
    catalogue = load_catalogue(tmp_path, warnings=False).catalogue
    kept = SegmentMemory(tmp_path, "sleutel", frozenset(), search.PartChange)
    assert search.build_index(catalogue, kept=kept).records == []
    assert kept.hits == kept.misses == 0


def test_kept_term_counts_give_the_same_related_entries_and_see_new_compound_parts(tmp_path):
    """The related entries' term counts kept from the last build (``CountMemory``) serve an
    unchanged text, unless a compound part added since occurs in it: here a new word lets a
    long word of other entries split, so those are counted anew, and the related entries are
    exactly those of a count from scratch."""
    from directory import search
    from directory.catalogue import load_catalogue
    from directory.incremental import CountMemory

    project = tmp_path / "project"
    shutil.copytree(PROJECT / "entries", project / "entries")
    catalogue = load_catalogue(project, warnings=False).catalogue
    parts = search.compound_parts(catalogue)
    memory = CountMemory(project, "sleutel", parts, search.PartChange)
    before = search.similar_entries(catalogue, counted=memory)
    memory.save()
    assert memory.hits == 0 and before == search.similar_entries(catalogue)

    # a long word that does not split now, and would once its head were a part
    word, head = long_word_and_missing_head(catalogue)
    entry = sorted((project / "entries").glob("*.yaml"))[3]
    edit(entry, "\nsamenvatting: ", f"\nsamenvatting: {head.capitalize()}. ")
    changed = load_catalogue(project, warnings=False).catalogue
    new_parts = search.compound_parts(changed)
    assert search.split_compound(word, new_parts), (word, head)
    memory = CountMemory(project, "sleutel", new_parts, search.PartChange)
    assert head in memory.changed.parts
    after = search.similar_entries(changed, counted=memory)
    assert after == search.similar_entries(load_catalogue(project, warnings=False).catalogue)
    entry_texts = [
        " ".join(r[f] for f in search.FIELD_BOOSTS)
        for r in search.documents(catalogue)
        if r["soort"] == "aanbod"
    ]
    holding = sum(1 for t in entry_texts if word in search.words(t))
    entries = len(entry_texts)
    assert holding >= 1 and memory.hits <= entries - 1 - holding, (word, head, memory.hits)
    assert_same_vectors(changed, CountMemory(project, "sleutel", new_parts, search.PartChange))
    memory.save()
    edit(entry, f"\nsamenvatting: {head.capitalize()}. ", "\nsamenvatting: ")  # the part goes
    restored = load_catalogue(project, warnings=False).catalogue
    memory = CountMemory(project, "sleutel", search.compound_parts(restored), search.PartChange)
    assert head in memory.changed.parts
    assert_same_vectors(restored, memory)
    assert 0 < memory.hits <= entries - 1 - holding


def long_word_and_missing_head(catalogue) -> tuple[str, str]:
    """A long word of the catalogue that does not split now, and would once its head were a
    compound part (a word of its own in some text), with that head."""
    from directory import search

    parts = search.compound_parts(catalogue)
    texts = [" ".join(r[f] for f in search.FIELD_BOOSTS) for r in search.documents(catalogue)]
    words = sorted({w for t in texts for w in search.words(t) if len(w) >= search.MIN_COMPOUND})
    return next(
        (w, w[:i])
        for w in words
        if not search.split_compound(w, parts)
        for i in range(search.MIN_PART, len(w) - search.MIN_PART + 1)
        if w[:i] not in parts and w[i:] in parts and w[i:] != w
    )


def assert_same_vectors(catalogue, memory):
    """The tf-idf vectors from kept counts are those from counts made now, number for number."""
    from directory import search
    from directory.search import related

    records = search.documents(catalogue)
    terms_of = search.word_analyser(catalogue).terms_of
    kept = related._tfidf_vectors(records, terms_of, memory)
    fresh = related._tfidf_vectors(records, terms_of)
    assert list(kept) == list(fresh)
    for slug, (terms, weights) in fresh.items():
        assert (
            kept[slug][0].tolist() == terms.tolist() and kept[slug][1].tolist() == weights.tolist()
        )


def test_a_probed_page_sees_the_request_test_request_context_would_make():
    """Probing a page builds its WSGI environ from one made once (``_environ_for``): it must be
    what Flask's ``test_request_context`` makes for the same URL and base URL."""
    from flask import Flask, request

    from directory.builder import CollectingFreezer

    for base_url in ("https://example.org/voorveld/", None):
        app = Flask(__name__)
        app.config["FREEZER_BASE_URL"] = base_url
        freezer = CollectingFreezer.__new__(CollectingFreezer)  # only the environ is needed
        freezer.app = app
        urls = ["/", "/aanbod/café-x/", "/aanbod/caf%C3%A9/", "/zoeken/?q=werk urk", "/a%20b/"]
        for url in urls:
            with app.request_context(freezer._environ_for(url)):
                made = dict(request.environ)
            with app.test_request_context(url, base_url=base_url):
                expected = dict(request.environ)
            for key in set(made) | set(expected):
                if not key.startswith(("wsgi.", "werkzeug.")):
                    assert made.get(key) == expected.get(key), (base_url, url, key)


def test_a_memory_streamed_to_its_file_is_signed_as_a_whole(tmp_path):
    """``write_signed_pickle`` writes what ``signed(pickle.dumps(...))`` would, without holding
    the pickle in memory: ``read_signed`` takes it back, and a changed byte is refused."""
    from directory.incremental import read_signed, signed, write_signed_pickle

    folder = tmp_path / incremental.CACHE_DIR
    folder.mkdir()
    value = {"tellingen": {str(n): ("a\x1fb", bytes(n % 50)) for n in range(20_000)}}
    assert write_signed_pickle(folder / "x.pickle", value)
    written = (folder / "x.pickle").read_bytes()
    assert written == signed(pickle.dumps(value, protocol=5))
    assert pickle.loads(read_signed(folder / "x.pickle")) == value
    (folder / "x.pickle").write_bytes(written[:-1] + bytes([written[-1] ^ 1]))
    assert read_signed(folder / "x.pickle") is None
