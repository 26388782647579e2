"""Exports for other systems: HSDS 3.0 (JSON and tabular), the Atom feed, aanbod.json and
aanbod.csv.

The HSDS output is checked against the official Open Referral schemas in ../shared/hsds; those
tests skip when that folder is not beside the checkout.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import DEMO, HSDS, shared_folder

from directory import exports, hsds
from directory.catalogue import load_catalogue
from directory.feed import FEED_TITLE, MAX_ENTRIES, atom_feed, newest_entries, updated
from directory.paths import write_json

BASE_URL = "https://voorveld.example.nl/"
JSON_FILES = ("services.json", "organizations.json", "taxonomies.json", "taxonomy_terms.json")
# Where the HSDS schemas are published; the per-object schemas refer to each other relative to it.
SCHEMA_BASE = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"

# Two entries that use what the real catalogue does not (yet): locations, phones, a contact for
# professionals, a free-text address, an ended and a paused status, and characters XML escapes.
RICH_ENTRIES = {
    "testloket-lelystad.yaml": """\
naam: Testloket <Werk> & "School"
organisatie: Gemeente Lelystad
vorm: dienst
samenvatting: Een loket om de export te testen, met telefoon, WhatsApp en twee locaties.
beschrijving: Meer uitleg over het loket.
categorieen: [werkgevers, wonen]
doelgroepen: [werkgevers]
fasen: [overstap]
leefgebieden: [wonen]
leeftijd: {van: 16, tot: 27}
regio: flevoland
gemeenten: [lelystad, dronten]
aanmelden: {zelf: true, verwijzers: [RMC, UWV], hoe: Bel of app ons.}
voorwaarden: [Je woont in Lelystad of Dronten., Je bent tussen 16 en 27 jaar.]
kosten: Gratis.
contact:
  website: https://example.org/loket
  telefoon: 0320 123 456
  email: loket@example.org
  whatsapp: 06 12345678
  professionals: {naam: Team Jongeren, telefoon: 0320 654 321, email: team@example.org}
locaties:
  - naam: Stadhuis
    adres: Stadhuisplein 2
    postcode: 8232 ZX
    plaats: Lelystad
    gemeente: lelystad
    openingstijden: Maandag tot en met vrijdag van 9.00 tot 17.00 uur
  - adres: De Rede 1
    plaats: Dronten
wettelijk_kader: [participatiewet]
status: gepauzeerd
periode: {van: 2024-01-01}
bronnen: [https://example.org/bron]
gecontroleerd: 2026-01-02
""",
    "oud-project-urk.yaml": """\
naam: Oud project Urk
organisatie: Gemeente Urk
vorm: dienst
samenvatting: Een project dat is gestopt.
categorieen: [coaching]
regio: flevoland
gemeenten: [urk]
contact: {adres: "Wijk 2 2, 8321 EP Urk"}
status: beeindigd
periode: {van: 2020-01-01, tot: 2022-06-30}
bronnen: [https://example.org/oud]
gecontroleerd: 2025-05-01
""",
}


# --- fixtures -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def catalogue(real_catalogue):
    assert not real_catalogue.errors
    return real_catalogue.catalogue


@pytest.fixture(scope="module")
def rich_catalogue(tmp_path_factory):
    project = tmp_path_factory.mktemp("rich")
    shutil.copytree(DEMO / "entries", project / "entries")
    for name, text in RICH_ENTRIES.items():
        (project / "entries" / name).write_text(text, encoding="utf-8")
    result = load_catalogue(project)
    assert not result.errors, [str(p) for p in result.errors]
    return result.catalogue


@pytest.fixture(scope="module")
def real_hsds(catalogue, tmp_path_factory) -> tuple[Path, list[Path]]:
    target = tmp_path_factory.mktemp("real-site")
    written = hsds.write_hsds(catalogue, BASE_URL, target)
    return target / "data" / "hsds", written


@pytest.fixture(scope="module")
def rich_hsds(rich_catalogue, tmp_path_factory) -> tuple[Path, list[Path]]:
    target = tmp_path_factory.mktemp("rich-site")
    written = hsds.write_hsds(rich_catalogue, BASE_URL, target)
    return target / "data" / "hsds", written


@pytest.fixture(params=["real", "rich"])
def hsds_output(request) -> Path:
    folder, _ = request.getfixturevalue(f"{request.param}_hsds")
    return folder


@pytest.fixture(scope="module")
def official() -> Path:
    return shared_folder(HSDS, "the official HSDS 3.0 schemas")


@pytest.fixture(scope="module")
def registry(official):
    """Every HSDS schema under the address it is published at, so that "$ref": "phone.json"
    resolves."""
    from referencing import Registry

    resources = []
    for path in sorted((official / "schema").glob("*.json")):
        if path.name != "openapi.json":
            resources.append((SCHEMA_BASE + path.name, _resource(path)))
    for path in sorted((official / "schema" / "compiled").glob("*.json")):
        resources.append((SCHEMA_BASE + "compiled/" + path.name, _resource(path)))
    # tabular.json refers to the per-object schemas as siblings ("$ref": "attribute.json").
    resources.append(
        (SCHEMA_BASE + "tabular.json", _resource(official / "schema" / "compiled" / "tabular.json"))
    )
    return Registry().with_resources(resources)


def _resource(path: Path):
    from referencing import Resource
    from referencing.jsonschema import DRAFT202012

    return Resource.from_contents(
        json.loads(path.read_text(encoding="utf-8")), default_specification=DRAFT202012
    )


def format_checker():
    """Checks for the formats HSDS uses, without the optional packages jsonschema needs for some."""
    from jsonschema import FormatChecker

    checker = FormatChecker(formats=())
    checker.checks("uuid")(_is_uuid)
    checker.checks("email")(_is_email)
    checker.checks("uri")(_is_uri)
    checker.checks("date-time")(_is_datetime)
    checker.checks("date")(_is_date)
    return checker


def _is_uuid(value) -> bool:
    if not isinstance(value, str):
        return True
    try:
        return str(uuid.UUID(value)) == value.lower()
    except ValueError:
        return False


def _is_email(value) -> bool:
    return not isinstance(value, str) or bool(re.fullmatch(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}", value))


def _is_uri(value) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and " " not in value


def _is_datetime(value) -> bool:
    if not isinstance(value, str):
        return True
    try:
        dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return "T" in value


def _is_date(value) -> bool:
    if not isinstance(value, str):
        return True
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def validator(registry, uri: str):
    from jsonschema import Draft202012Validator

    return Draft202012Validator({"$ref": uri}, registry=registry, format_checker=format_checker())


def assert_valid(registry, uri: str, objects: list[dict], what: str):
    check = validator(registry, uri)
    for obj in objects:
        errors = sorted(check.iter_errors(obj), key=lambda e: list(e.absolute_path))
        assert not errors, f"{what} {obj.get('name', obj.get('id'))}: " + "; ".join(
            f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors[:5]
        )


def read_json(folder: Path, name: str):
    return json.loads((folder / name).read_text(encoding="utf-8"))


def read_csv(path: Path) -> tuple[list[str], list[dict]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


# --- files and the datapackage --------------------------------------------------------------------


def test_write_hsds_returns_what_it_wrote_and_the_datapackage_describes_every_csv(hsds_output):
    package = read_json(hsds_output, "datapackage.json")
    paths = [resource["path"] for resource in package["resources"]]
    assert len(set(paths)) == len(paths)
    for path in paths:
        assert (hsds_output / path).is_file(), path
    on_disk = {p.name for p in hsds_output.iterdir()}
    assert on_disk == set(paths) | set(JSON_FILES) | {"datapackage.json"}
    assert {p.name for p in hsds_output.glob("*.csv")} == set(paths)


def test_write_hsds_returns_the_paths(real_hsds):
    folder, written = real_hsds
    assert sorted(written) == sorted(folder.iterdir())
    assert folder.parts[-2:] == ("data", "hsds")


def test_the_datapackage_is_a_frictionless_tabular_package(real_hsds):
    folder, _ = real_hsds
    package = read_json(folder, "datapackage.json")
    assert package["profile"] == "tabular-data-package"
    assert re.fullmatch(r"[a-z0-9._-]+", package["name"])
    assert package["title"] and package["licenses"] and package["licenses"][0]["name"]
    names = {r["name"] for r in package["resources"]}
    for resource in package["resources"]:
        assert resource["profile"] == "tabular-data-resource" and resource["format"] == "csv"
        schema = resource["schema"]
        field_names = [f["name"] for f in schema["fields"]]
        assert schema["primaryKey"] in field_names
        for key in schema.get("foreignKeys", []):
            assert key["fields"] in field_names and key["reference"]["resource"] in names, (
                resource["name"],
                key,
            )


def test_csv_headers_match_the_datapackage(hsds_output):
    package = read_json(hsds_output, "datapackage.json")
    for resource in package["resources"]:
        header, _ = read_csv(hsds_output / resource["path"])
        assert header == [f["name"] for f in resource["schema"]["fields"]], resource["path"]


def test_csv_rows_meet_the_datapackage_constraints(hsds_output):
    """Required, unique, enum, types and formats per column; primary and foreign keys across
    files."""
    package = read_json(hsds_output, "datapackage.json")
    tables = {r["name"]: read_csv(hsds_output / r["path"])[1] for r in package["resources"]}
    for resource in package["resources"]:
        rows = tables[resource["name"]]
        for field in resource["schema"]["fields"]:
            name, constraints = field["name"], field.get("constraints", {})
            values = [row[name] for row in rows]
            where = f"{resource['path']}:{name}"
            if constraints.get("required"):
                assert all(values), f"{where}: a required value is empty"
            present = [v for v in values if v]
            if constraints.get("unique"):
                assert len(set(present)) == len(present), f"{where}: values are not unique"
            if "enum" in constraints:
                assert set(present) <= set(constraints["enum"]), where
            for value in present:
                assert _cell_ok(field, value), (
                    f"{where}: {value!r} is no {field['type']}/{field.get('format')}"
                )
        keys = [row[resource["schema"]["primaryKey"]] for row in rows]
        assert len(set(keys)) == len(keys), resource["path"]
        for foreign in resource["schema"].get("foreignKeys", []):
            target = {
                row[foreign["reference"]["fields"]]
                for row in tables[foreign["reference"]["resource"]]
            }
            missing = {row[foreign["fields"]] for row in rows if row[foreign["fields"]]} - target
            assert not missing, (
                f"{resource['path']}:{foreign['fields']} points at nothing: {sorted(missing)[:3]}"
            )


def _cell_ok(field: dict, value: str) -> bool:
    kind, fmt = field["type"], field.get("format")
    if kind == "number":
        return bool(re.fullmatch(r"-?\d+(\.\d+)?", value))
    if kind == "date":
        return _is_date(value)
    if kind == "datetime":
        return _is_datetime(value)
    return {"uuid": _is_uuid, "email": _is_email, "uri": _is_uri}.get(fmt, lambda v: True)(value)


def test_the_field_file_matches_the_official_datapackage(official):
    """directory/data/hsds-velden.yaml is generated from the official file; regenerate it when
    this fails."""
    expected = hsds.field_lists_from_official(
        json.loads((official / "datapackage.json").read_text(encoding="utf-8"))
    )
    import yaml

    current = yaml.safe_load(hsds.FIELDS_FILE.read_text(encoding="utf-8"))
    assert current == expected, "python -m directory.hsds velden ../shared/hsds/datapackage.json"


def test_our_datapackage_uses_the_official_names_paths_and_fields(real_hsds, official):
    folder, _ = real_hsds
    theirs = {
        r["name"]: r
        for r in json.loads((official / "datapackage.json").read_text(encoding="utf-8"))[
            "resources"
        ]
    }
    for resource in read_json(folder, "datapackage.json")["resources"]:
        reference = theirs[resource["name"]]
        assert resource["path"] == reference["path"]
        keep = ("name", "type", "format", "constraints")
        assert [{k: f.get(k) for k in keep} for f in resource["schema"]["fields"]] == [
            {k: f.get(k) for k in keep} for f in reference["schema"]["fields"]
        ], resource["name"]


# --- the official JSON Schemas --------------------------------------------------------------------


def test_services_are_valid_compiled_hsds_services(hsds_output, registry):
    services = read_json(hsds_output, "services.json")
    assert services
    assert_valid(registry, SCHEMA_BASE + "compiled/service.json", services, "service")


def test_services_are_valid_against_the_schema_with_definitions(hsds_output, registry):
    """The same check through service_with_definitions.json, which uses
    "$ref": "#/definitions/..."."""
    assert_valid(
        registry,
        SCHEMA_BASE + "compiled/service_with_definitions.json",
        read_json(hsds_output, "services.json"),
        "service",
    )


def test_organizations_are_valid_compiled_hsds_organizations(hsds_output, registry):
    organizations = read_json(hsds_output, "organizations.json")
    assert organizations
    assert_valid(
        registry, SCHEMA_BASE + "compiled/organization.json", organizations, "organization"
    )


def test_taxonomies_and_terms_are_valid_hsds_objects(hsds_output, registry):
    assert_valid(
        registry,
        SCHEMA_BASE + "taxonomy.json",
        read_json(hsds_output, "taxonomies.json"),
        "taxonomy",
    )
    assert_valid(
        registry,
        SCHEMA_BASE + "taxonomy_term.json",
        read_json(hsds_output, "taxonomy_terms.json"),
        "taxonomy term",
    )


def test_csv_rows_are_valid_against_the_official_tabular_schema(hsds_output, registry):
    package = read_json(hsds_output, "datapackage.json")
    for resource in package["resources"]:
        check = validator(
            registry, f"{SCHEMA_BASE}tabular.json#/properties/{resource['name']}/items"
        )
        numbers = {f["name"] for f in resource["schema"]["fields"] if f["type"] == "number"}
        for row in read_csv(hsds_output / resource["path"])[1]:
            record = {k: (float(v) if k in numbers else v) for k, v in row.items() if v != ""}
            errors = list(check.iter_errors(record))
            assert not errors, f"{resource['path']} {row['id']}: {errors[0].message}"


def test_the_validator_does_reject_a_broken_service(registry):
    """Make sure the checks above can fail: a wrong status and a bad id are caught."""
    check = validator(registry, SCHEMA_BASE + "compiled/service.json")
    assert len(list(check.iter_errors({"id": "not-a-uuid", "name": "x", "status": "actief"}))) == 2
    # Through "$ref": "#/definitions/phone": a phone without a number.
    check = validator(registry, SCHEMA_BASE + "compiled/service_with_definitions.json")
    service = {
        "id": str(uuid.uuid4()),
        "name": "x",
        "status": "active",
        "phones": [{"id": str(uuid.uuid4())}],
    }
    assert [e.message for e in check.iter_errors(service)] == ["'number' is a required property"]


# --- the mapping ----------------------------------------------------------------------------------


def test_ids_are_stable_between_builds(catalogue, real_hsds, tmp_path):
    folder, _ = real_hsds
    again = tmp_path / "again"
    hsds.write_hsds(catalogue, BASE_URL, again)
    for path in sorted(folder.iterdir()):
        assert (again / "data" / "hsds" / path.name).read_bytes() == path.read_bytes(), path.name
    organizations = read_json(folder, "organizations.json")
    first = organizations[0]
    assert first["id"] == str(uuid.uuid5(hsds.NAMESPACE, f"organization/{first['name']}"))


def test_one_organization_per_organisatie_and_one_service_per_entry(catalogue, real_hsds):
    folder, _ = real_hsds
    organizations = read_json(folder, "organizations.json")
    services = read_json(folder, "services.json")
    # spellings of one name are one
    assert sorted(o["name"] for o in organizations) == sorted(catalogue.organisations)
    services_of = [
        e for e in catalogue.entries if e["vorm"] == "dienst"
    ]  # examples and networks are no services
    assert len(services) == len(services_of)
    for entry, service in zip(services_of, services, strict=True):
        assert service["name"] == entry["naam"]
        assert service["url"] == f"{BASE_URL}aanbod/{entry.slug}/"
        assert service["organization_id"] == service["organization"]["id"]
        assert service["organization"]["name"] in catalogue.organisations
        assert service["description"].startswith(entry["samenvatting"].strip())
        assert service.get("last_modified") == (
            f"{entry['gecontroleerd']}T00:00:00Z" if entry.get("gecontroleerd") else None
        )
        assert service.get("assured_date") == entry.get("gecontroleerd")
        assert service["status"] in ("active", "inactive", "defunct", "temporarily closed")


def test_one_taxonomy_per_vocabulary_and_a_term_for_every_id_used(catalogue, real_hsds):
    folder, _ = real_hsds
    taxonomies = read_json(folder, "taxonomies.json")
    terms = read_json(folder, "taxonomy_terms.json")
    assert {t["name"] for t in taxonomies} == {f"voorveld-{v}" for v in hsds.TAXONOMIES}
    used = {
        (vocabulary, term_id)
        for entry in catalogue.entries
        if entry["vorm"] == "dienst"
        for field_name, vocabulary in hsds.ENTRY_FIELDS.items()
        for term_id in entry.ids(field_name)
    }
    assert {tuple(t["code"].split(":", 1)) for t in terms} == used
    taxonomy_ids = {t["id"] for t in taxonomies}
    assert all(t["taxonomy_id"] in taxonomy_ids for t in terms)
    term_ids = {t["id"] for t in terms}
    for service in read_json(folder, "services.json"):
        assert {a["taxonomy_term_id"] for a in service["attributes"]} <= term_ids


def test_the_rich_entries_map_to_locations_phones_contacts_and_alerts(rich_hsds):
    folder, _ = rich_hsds
    services = {s["name"]: s for s in read_json(folder, "services.json")}
    loket = services['Testloket <Werk> & "School"']
    assert loket["status"] == "temporarily closed" and "tijdelijk" in loket["alert"]
    assert (loket["minimum_age"], loket["maximum_age"]) == (16, 27)
    assert loket["email"] == "loket@example.org" and loket["fees_description"] == "Gratis."
    assert "Je woont in Lelystad of Dronten." in loket["eligibility_description"]
    assert (
        "zelf aanmelden" in loket["application_process"]
        and "RMC, UWV" in loket["application_process"]
    )
    assert {(p["number"], p["type"]) for p in loket["phones"]} == {
        ("0320 123 456", "voice"),
        ("06 12345678", "text"),
    }
    [contact] = loket["contacts"]
    assert contact["name"] == "Team Jongeren" and contact["phones"][0]["number"] == "0320 654 321"
    assert [a["name"] for a in loket["service_areas"]] == ["Lelystad", "Dronten"]
    stadhuis, rede = (link["location"] for link in loket["service_at_locations"])
    assert stadhuis["addresses"][0] == {
        "id": stadhuis["addresses"][0]["id"],
        "location_id": stadhuis["id"],
        "address_1": "Stadhuisplein 2",
        "city": "Lelystad",
        "state_province": "Flevoland",
        "postal_code": "8232 ZX",
        "country": "NL",
        "address_type": "physical",
    }
    assert "addresses" not in rede and rede["description"] == "De Rede 1, Dronten"  # no postcode
    assert loket["service_at_locations"][0]["schedules"][0]["description"].startswith("Maandag")
    codes = {a["taxonomy_term"]["code"] for a in loket["attributes"]}
    assert {
        "categorieen:werkgevers",
        "doelgroepen:werkgevers",
        "wetten:participatiewet",
        "gemeenten:dronten",
    } <= codes

    oud = services["Oud project Urk"]
    assert oud["status"] == "defunct" and oud["alert"] == "Dit aanbod is beëindigd (30 juni 2022)."
    address = oud["service_at_locations"][0]["location"]["addresses"][0]
    assert (
        address["address_1"],
        address["postal_code"],
        address["city"],
        address["state_province"],
    ) == ("Wijk 2 2", "8321 EP", "Urk", "Flevoland")

    _, phones = read_csv(folder / "phones.csv")
    # the loket's phone, WhatsApp and team, and the demo's leerplicht Urk
    assert len(phones) == 4 and sum(1 for p in phones if p["contact_id"]) == 1
    _, locations = read_csv(folder / "locations.csv")
    _, addresses = read_csv(folder / "addresses.csv")
    _, links = read_csv(folder / "service_at_location.csv")
    assert len(locations) == len(links) == 3 and len(addresses) == 2


def test_every_municipality_has_a_province(catalogue):
    missing = [t.id for t in catalogue.vocabularies["gemeenten"] if t.id not in hsds.PROVINCES]
    assert not missing, f"add these municipalities to PROVINCES in directory/hsds.py: {missing}"


# --- the Atom feed --------------------------------------------------------------------------------


def parse_feed(text: str):
    import feedparser

    assert text.startswith('<?xml version="1.0" encoding="utf-8"?>')
    feed = feedparser.parse(text.encode("utf-8"))
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def test_the_feed_lists_the_newest_entries_with_titles_and_links(catalogue):
    feed = parse_feed(atom_feed(catalogue, BASE_URL))
    expected = newest_entries(catalogue)
    assert len(feed.entries) == len(expected) == min(MAX_ENTRIES, len(catalogue.entries))
    assert feed.feed.title == FEED_TITLE
    links = {link.rel: link.href for link in feed.feed.links}
    assert links == {"self": f"{BASE_URL}data/aanbod.atom", "alternate": BASE_URL}
    for item, entry in zip(feed.entries, expected, strict=True):
        url = f"{BASE_URL}aanbod/{entry.slug}/"
        assert item.title == entry["naam"]
        assert item.link == url and item.id == url
        assert item.summary == entry["samenvatting"].strip()
        assert item.author == entry["organisatie"]
        assert item.updated == updated(entry)
        assert [t.term for t in item.tags if t.scheme == f"{BASE_URL}categorie/"] == entry.ids(
            "categorieen"
        )
    assert feed.feed.updated == feed.entries[0].updated


def test_the_feed_puts_the_most_recently_checked_first_and_escapes_text(rich_catalogue):
    feed = parse_feed(atom_feed(rich_catalogue, BASE_URL))
    assert len(feed.entries) == len(rich_catalogue.entries)
    titles = [item.title for item in feed.entries]
    assert 'Testloket <Werk> & "School"' in titles  # escaped in the XML, read back intact
    # checked later
    assert titles.index('Testloket <Werk> & "School"') < titles.index("Oud project Urk")
    newest = max(rich_catalogue.entries, key=updated)
    assert feed.entries[0].title == newest["naam"] and feed.feed.updated == updated(newest)
    dates = [item.updated for item in feed.entries]
    assert dates == sorted(dates, reverse=True)


# --- aanbod.json and aanbod.csv -------------------------------------------------------------------


def test_aanbod_csv_has_a_row_per_entry(catalogue):
    rows = list(csv.DictReader(io.StringIO(exports.catalogue_csv(catalogue, BASE_URL))))
    assert len(rows) == len(catalogue.entries)
    assert [row["id"] for row in rows] == [e.slug for e in catalogue.entries]
    assert list(rows[0]) == exports.CSV_COLUMNS


def test_aanbod_json_has_a_record_per_entry(catalogue):
    data = exports.catalogue_document(catalogue, BASE_URL)
    assert len(data["aanbod"]) == data["aantal"] == len(catalogue.entries)
    assert data["aanbod"][0]["url"] == f"{BASE_URL}aanbod/{catalogue.entries[0].slug}/"


def test_hsds_build_has_no_order_between_calls(catalogue):
    """Construction stores; each build makes every object anew and gives the same result."""
    export = hsds.HSDSExport(catalogue, BASE_URL)
    first, second = export.build(), export.build()
    assert first == second and first.taxonomy_terms
    assert first.tables() == second.tables()


def test_every_url_in_the_exports_names_a_built_page(demo_project, tmp_path):
    """One definition of an entry's address (paths.py): pages, JSON, CSV, HSDS, feed, sitemap."""
    import xml.etree.ElementTree as ET

    from directory.builder import build_site

    site = build_site(demo_project, tmp_path / "site", base_url=BASE_URL, log=lambda line: None)
    data = site / "data"
    urls = [
        r["url"] for r in json.loads((data / "aanbod.json").read_text(encoding="utf-8"))["aanbod"]
    ]
    urls += [
        r["url"]
        for r in csv.DictReader(io.StringIO((data / "aanbod.csv").read_text(encoding="utf-8")))
    ]
    urls += [
        s["url"] for s in json.loads((data / "hsds" / "services.json").read_text(encoding="utf-8"))
    ]
    urls += [
        o["uri"]
        for o in json.loads((data / "hsds" / "organizations.json").read_text(encoding="utf-8"))
    ]
    feed = ET.parse(data / "aanbod.atom").getroot()
    entries = feed.findall("{http://www.w3.org/2005/Atom}entry")
    urls += [
        link.get("href") for e in entries for link in e.findall("{http://www.w3.org/2005/Atom}link")
    ]
    urls += re.findall(r"<loc>([^<]+)</loc>", (site / "sitemap.xml").read_text(encoding="utf-8"))
    cards = json.loads((data / "kaarten.json").read_text(encoding="utf-8"))
    urls += [BASE_URL.rstrip("/") + card["url"] for card in cards.values()]
    assert len(urls) > 20
    for url in urls:
        assert url.startswith(BASE_URL), url
        assert (site / url[len(BASE_URL) :] / "index.html").is_file(), url


def test_json_is_written_an_item_per_line_and_reads_back_the_same(tmp_path):
    """write_json (directory/paths.py) writes a list an item per line, at the top or as a value
    of the top object, non-Latin text and all, for a document of several megabytes; what it
    writes reads back as the data it was given."""
    data = {
        "aanbod": [
            {"id": f"a-{n}", "naam": "Café Één ✓ 日本", "getallen": [n, n / 3, None, True]}
            for n in range(40_000)
        ],
        "leeg": [],
        "aantal": 40_000,
    }
    path = write_json(tmp_path / "data" / "aanbod.json", data)
    text = path.read_text(encoding="utf-8")
    assert len(text) > 3 << 20
    assert json.loads(text) == data
    lines = text.splitlines()
    assert lines[0] == '{"aanbod": [' and lines[40_001:] == [
        "],",
        '"leeg": [],',
        '"aantal": 40000}',
    ]
    assert json.loads(lines[1].rstrip(",")) == data["aanbod"][0]
    assert "日本" in lines[40_000]  # as written, not escaped
    for shape in ([], {}, [1, [2, 3]], "tekst"):
        assert json.loads(write_json(tmp_path / "vorm.json", shape).read_text()) == shape
    # items made one at a time (the HSDS services): the same text as their list
    made = (item for item in data["aanbod"][:3])
    assert write_json(tmp_path / "een.json", made).read_text() == (
        write_json(tmp_path / "twee.json", data["aanbod"][:3]).read_text()
    )
    assert json.loads(write_json(tmp_path / "leeg.json", iter([])).read_text()) == []
    with pytest.raises(TypeError, match="vorm.json"):
        write_json(tmp_path / "vorm.json", {1: "een"})
