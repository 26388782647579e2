"""The catalogue as Open Referral HSDS 3.0 (Human Services Data Specification), for other
directories.

Two forms are written under ``data/hsds/``:

* JSON in the shape of the HSDS API: ``services.json`` (a list of compiled service objects, each
  with its organization, contacts, phones, service areas, attributes and locations nested),
  ``organizations.json``, ``taxonomies.json`` and ``taxonomy_terms.json``;
* the tabular form: one CSV per HSDS table we fill (names and columns as in the official HSDS
  datapackage) and our own ``datapackage.json`` describing exactly those CSV files.

Mapping: each distinct ``organisatie`` is an organization, each entry a service, each vocabulary
(categorieen, doelgroepen, ...) a taxonomy "voorveld-<vocabulary>" whose used ids are taxonomy
terms linked to services through attributes. Identifiers are UUID 5 values derived from a fixed
namespace and a stable name (organisation name, entry slug, ...), so they stay the same between
builds.

The column lists come from ``data/hsds-velden.yaml``, generated once from the official
``datapackage.json`` with ``python -m directory.hsds velden ../shared/hsds/datapackage.json``;
the build never reads ``../shared``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import openingstijden, paths
from .catalogue import Catalogue, Entry
from .render import slugify
from .sources import display_period
from .vocabularies import DATA_DIR, ENTRY_FIELDS

FIELDS_FILE = DATA_DIR / "hsds-velden.yaml"

# uuid5(NAMESPACE_URL, "https://github.com/voorveld-in-beeld/voorveld#hsds"), written out so that a
# change of repository or site address never changes the identifiers.
NAMESPACE = uuid.UUID("96205cdc-0a5f-5e29-a0ad-0091f9ce9adb")

# Licence of the exported data. The project's code is EUPL-1.2 (pyproject.toml); no separate data
# licence is stated anywhere yet, so the package says EUPL-1.2 too.
DATA_LICENSE = {
    "name": "EUPL-1.2",
    "title": "European Union Public Licence 1.2",
    "path": "https://interoperable-europe.ec.europa.eu/collection/eupl/eupl-text-eupl-12",
}
HSDS_SOURCE = {
    "title": "Human Services Data Specification 3.0: an Open Referral resource",
    "path": "https://openreferral.org/",
    "license": "CC-BY-SA-4.0",
}

# The HSDS tables this export fills, in the order of the official datapackage.
RESOURCES = [
    "organization",
    "service",
    "attribute",
    "service_at_location",
    "location",
    "phone",
    "contact",
    "address",
    "schedule",
    "service_area",
    "taxonomy_term",
    "taxonomy",
]

# HSDS service status for each entry status. "onbekend" (we do not know whether it still runs)
# has no HSDS value: it is exported as active with an alert saying so.
STATUS = {
    "actief": "active",
    "gepauzeerd": "temporarily closed",
    "beeindigd": "defunct",
    "onbekend": "active",
}
ALERTS = {
    "gepauzeerd": "Dit aanbod is tijdelijk gestopt.",
    "onbekend": "Niet bekend of dit aanbod nog loopt. Vraag het na bij de aanbieder.",
}

# One taxonomy per vocabulary: Dutch description, and the site's browse pages (None: no page).
TAXONOMIES = {
    "categorieen": ("Soorten aanbod in Voorveld in beeld.", "categorie"),
    "doelgroepen": ("Doelgroepen: voor wie het aanbod bedoeld is.", "doelgroep"),
    "fasen": ("Fasen in de reis van school naar werk.", "fase"),
    "leefgebieden": ("Leefgebieden waarbij het aanbod helpt.", "leefgebied"),
    "regios": ("Arbeidsmarktregio's, en 'landelijk' voor regelingen in heel Nederland.", "regio"),
    "gemeenten": ("Gemeenten waar het aanbod geldt.", "gemeente"),
    "vormen": ("Vorm van het aanbod: dienst, voorbeeld of samenwerking.", None),
    "wetten": ("Wetten en regelingen waarop het aanbod rust.", None),
}
# attribute.link_type (an open codelist in HSDS) for each entry field.
LINK_TYPES = {
    "categorieen": "service_type",
    "doelgroepen": "audience",
    "fasen": "phase",
    "leefgebieden": "life_domain",
    "regio": "area",
    "gemeenten": "area",
    "wettelijk_kader": "legal_basis",
    "vorm": "service_kind",
}

# Province of each municipality in vocabulaires/gemeenten.yaml: HSDS requires
# address.state_province.
# A test checks that every municipality of the vocabulary is here.
PROVINCES = {
    "lelystad": "Flevoland",
    "dronten": "Flevoland",
    "urk": "Flevoland",
    "noordoostpolder": "Flevoland",
    "almere": "Flevoland",
    "zeewolde": "Flevoland",
    "hilversum": "Noord-Holland",
    "huizen": "Noord-Holland",
    "gooise-meren": "Noord-Holland",
    "wijdemeren": "Noord-Holland",
    "blaricum": "Noord-Holland",
    "laren": "Noord-Holland",
    "eemnes": "Utrecht",
    "amsterdam": "Noord-Holland",
    "zaanstad": "Noord-Holland",
    "wormerland": "Noord-Holland",
    "roermond": "Limburg",
    "tilburg": "Noord-Brabant",
    "eindhoven": "Noord-Brabant",
    "leiden": "Zuid-Holland",
    "leiderdorp": "Zuid-Holland",
    "oegstgeest": "Zuid-Holland",
    "zoeterwoude": "Zuid-Holland",
    "apeldoorn": "Gelderland",
    "terneuzen": "Zeeland",
    "sluis": "Zeeland",
    "hulst": "Zeeland",
}

# A free-text contact address such as "Stationsplein 1, 8232 VT Lelystad".
ADDRESS = re.compile(r"^(?P<street>.+?),\s*(?P<postcode>[1-9][0-9]{3} ?[A-Z]{2})\s+(?P<city>.+)$")


def make_id(*parts: str) -> str:
    """A stable UUID for an object, from its kind and a name that does not change between builds."""
    return str(uuid.uuid5(NAMESPACE, "/".join(parts)))


def organization_id(name: str) -> str:
    return make_id("organization", name)


def service_id(slug: str) -> str:
    return make_id("service", slug)


def load_field_lists(path: Path = FIELDS_FILE) -> dict[str, dict]:
    """Resource name -> {name, path, schema} from the generated field file."""
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    return {resource["name"]: resource for resource in data["resources"]}


# --- building the objects ------------------------------------------------------------------------


@dataclass
class HSDSObjects:
    """The HSDS objects of a catalogue, in their JSON form; ``tables()`` gives the CSV rows."""

    services: list[dict]
    organizations: list[dict]
    taxonomies: list[dict]
    taxonomy_terms: list[dict]

    def tables(self) -> dict[str, list[dict]]:
        """Resource name -> rows (flat dicts) for the CSV files."""
        tables: dict[str, list[dict]] = {name: [] for name in RESOURCES}
        tables["organization"] = [dict(o) for o in self.organizations]
        tables["taxonomy"] = [dict(t) for t in self.taxonomies]
        tables["taxonomy_term"] = [dict(t) for t in self.taxonomy_terms]
        for service in self.services:
            for name, row in service_rows(service):
                tables[name].append(row)
        return tables


def service_rows(service: dict):
    """(resource name, row) of every CSV row a service gives: itself and what it holds."""
    yield "service", service
    for phone in service.get("phones", []):
        yield "phone", phone
    for contact in service.get("contacts", []):
        yield "contact", contact
        for phone in contact.get("phones", []):
            yield "phone", phone
    for area in service.get("service_areas", []):
        yield "service_area", area
    for attribute in service.get("attributes", []):
        yield "attribute", attribute
    for link in service.get("service_at_locations", []):
        yield "service_at_location", link
        for schedule in link.get("schedules", []):
            yield "schedule", schedule
        yield "location", link["location"]
        for address in link["location"].get("addresses", []):
            yield "address", address
    for schedule in service.get("schedules", []):
        yield "schedule", schedule


class HSDSExport:
    """Makes the HSDS objects of a catalogue: construction only stores its inputs, ``build()``
    makes every object anew (so calls may come in any order and as often as wanted)."""

    def __init__(self, catalogue: Catalogue, base_url: str):
        self.catalogue = catalogue
        self.vocab = catalogue.vocabularies
        self.base_url = base_url.rstrip("/") + "/" if base_url else ""  # "": relative links
        self._terms: dict[tuple[str, str], dict] = {}  # (vocabulary, id) -> term, while building

    def build(self) -> HSDSObjects:
        organizations, organization_of = self.organizations()
        services = list(self.services(organization_of))
        return HSDSObjects(services, organizations, self.taxonomies(), self.taxonomy_terms())

    def organizations(self) -> tuple[list[dict], dict[str, dict]]:
        """The organisations, and each entry's (by slug). A build starts here: it forgets the
        taxonomy terms the previous one used."""
        self._terms = {}
        organizations, organization_of = [], {}
        for name, entries in self.catalogue.organisations.items():
            organization = self._organization(name, entries)
            organizations.append(organization)
            organization_of.update((entry.slug, organization) for entry in entries)
        return organizations, organization_of

    def services(self, organization_of: dict[str, dict]):
        """The services, one at a time, so a writer need not hold them all (#21: at 50,000
        entries they were most of the export's memory). Only a dienst is a service someone can
        contact; examples and networks are in the JSON and CSV exports (with their vorm)."""
        for entry in self.catalogue.entries:
            if entry.get("vorm") == "dienst":
                yield self._service(entry, organization_of[entry.slug])

    def taxonomies(self) -> list[dict]:
        return [self._taxonomy(n) for n in TAXONOMIES]

    def taxonomy_terms(self) -> list[dict]:
        """The terms the services made so far use."""
        return sorted(self._terms.values(), key=lambda t: (t["taxonomy"], t["code"]))

    # Organisations, taxonomies and terms

    def _organization(self, name: str, entries: list[Entry]) -> dict:
        names = "; ".join(entry["naam"] for entry in entries)
        return {
            "id": organization_id(name),
            "name": name,
            "description": f"Aanbieder in Voorveld in beeld van: {names}.",
            "uri": paths.organisation_url(self.base_url, slugify(name)),
        }

    def _taxonomy(self, vocabulary: str) -> dict:
        description, dimension = TAXONOMIES[vocabulary]
        taxonomy = {
            "id": make_id("taxonomy", vocabulary),
            "name": f"voorveld-{vocabulary}",
            "description": description,
        }
        if dimension:
            taxonomy["uri"] = f"{self.base_url}{dimension}/"
        return taxonomy

    def _term(self, vocabulary: str, term_id: str) -> dict:
        """The taxonomy term for a vocabulary id, recorded as used by this build."""
        key = (vocabulary, term_id)
        if key not in self._terms:
            found = self.vocab[vocabulary].terms.get(term_id)
            description, dimension = TAXONOMIES[vocabulary]
            term = {
                "id": make_id("taxonomy_term", vocabulary, term_id),
                # Qualified with the vocabulary: the tabular HSDS declares taxonomy_terms.code
                # unique, and a few ids occur in two vocabularies (werkgevers, wonen, ...).
                "code": f"{vocabulary}:{term_id}",
                "name": found.label if found else term_id,
                "description": (found.omschrijving if found else "")
                or (found.label if found else term_id),
                "taxonomy": f"voorveld-{vocabulary}",
                "language": "nl",
                "taxonomy_id": make_id("taxonomy", vocabulary),
            }
            if dimension:
                term["term_uri"] = f"{self.base_url}{dimension}/{term_id}/"
            self._terms[key] = term
        return self._terms[key]

    # Services

    def _service(self, entry: Entry, organization: dict) -> dict:
        sid = service_id(entry.slug)
        contact = entry.get("contact") or {}
        leeftijd = entry.get("leeftijd") or {}
        # assured only by a real check with the provider
        checked = _date(entry.get("gecontroleerd"))
        service = {
            "id": sid,
            "organization_id": organization["id"],
            "name": entry["naam"],
            "description": "\n\n".join(
                p
                for p in (entry["samenvatting"].strip(), (entry.get("beschrijving") or "").strip())
                if p
            ),
            "url": paths.entry_url(self.base_url, entry.slug),
            "email": contact.get("email"),
            "status": STATUS[entry["status"]],
            "application_process": self._application_process(entry),
            "fees_description": entry.get("kosten"),
            "eligibility_description": self._eligibility(entry),
            "minimum_age": leeftijd.get("van"),
            "maximum_age": leeftijd.get("tot"),
            "assured_date": checked.isoformat() if checked else None,
            "alert": self._alert(entry),
            "last_modified": f"{checked.isoformat()}T00:00:00Z" if checked else None,
            "organization": dict(organization),
            "phones": self._phones(sid, contact),
            "contacts": self._contacts(sid, contact.get("professionals")),
            "service_areas": self._service_areas(entry, sid),
            "schedules": openingstijden.hsds_schedules(
                contact.get("openingstijden"),
                lambda part: make_id("schedule", entry.slug, "contact", part),
                service_id=sid,
            ),
            "service_at_locations": self._service_at_locations(entry, sid, organization["id"]),
            "attributes": self._attributes(entry, sid),
        }
        return _prune(service)

    def _eligibility(self, entry: Entry) -> str | None:
        parts = []
        groups = [self.vocab["doelgroepen"].label(g) for g in entry.ids("doelgroepen")]
        if groups:
            parts.append("Voor: " + "; ".join(groups) + ".")
        leeftijd = entry.get("leeftijd") or {}
        if "van" in leeftijd and "tot" in leeftijd:
            parts.append(f"Leeftijd: {leeftijd['van']} tot {leeftijd['tot']} jaar.")
        elif "van" in leeftijd:
            parts.append(f"Leeftijd: vanaf {leeftijd['van']} jaar.")
        elif "tot" in leeftijd:
            parts.append(f"Leeftijd: tot {leeftijd['tot']} jaar.")
        conditions = entry.get("voorwaarden") or []
        if conditions:
            parts.append("Voorwaarden:\n" + "\n".join(f"- {c}" for c in conditions))
        return "\n".join(parts) or None

    @staticmethod
    def _application_process(entry: Entry) -> str | None:
        aanmelden = entry.get("aanmelden") or {}
        parts = []
        if aanmelden.get("zelf") is True:
            parts.append("Je kunt je zelf aanmelden.")
        elif aanmelden.get("zelf") is False:
            parts.append("Je kunt je niet zelf aanmelden.")
        if aanmelden.get("verwijzers"):
            parts.append("Aanmelden via: " + ", ".join(aanmelden["verwijzers"]) + ".")
        if aanmelden.get("hoe"):
            parts.append(aanmelden["hoe"].strip())
        return " ".join(parts) or None

    @staticmethod
    def _alert(entry: Entry) -> str | None:
        if entry["status"] == "beeindigd":
            end = (entry.get("periode") or {}).get("tot")
            return (
                f"Dit aanbod is beëindigd ({display_period(end)})."
                if end
                else "Dit aanbod is beëindigd."
            )
        return ALERTS.get(entry["status"])

    @staticmethod
    def _phones(owner_id: str, contact: dict, owner: str = "service_id") -> list[dict]:
        phones = []
        for key, kind, description in (
            ("telefoon", "voice", "Telefoon"),
            ("whatsapp", "text", "WhatsApp"),
        ):
            if contact.get(key):
                phones.append(
                    {
                        "id": make_id("phone", owner_id, key),
                        owner: owner_id,
                        "number": contact[key],
                        "type": kind,
                        "description": description,
                    }
                )
        return phones

    def _contacts(self, sid: str, professionals: dict | None) -> list[dict]:
        if not professionals:
            return []
        cid = make_id("contact", sid, "professionals")
        return [
            _prune(
                {
                    "id": cid,
                    "service_id": sid,
                    "name": professionals.get("naam"),
                    "title": "Aanspreekpunt voor professionals (warme overdracht)",
                    "email": professionals.get("email"),
                    "phones": self._phones(cid, professionals, owner="contact_id"),
                }
            )
        ]

    def _service_areas(self, entry: Entry, sid: str) -> list[dict]:
        areas = []
        municipalities = entry.ids("gemeenten")
        vocabulary = "gemeenten" if municipalities else "regios"
        for area in municipalities or entry.ids("regio"):
            term = self.vocab[vocabulary].terms.get(area)
            description = (term.omschrijving if term else "") or (
                "Heel Nederland." if area == "landelijk" else None
            )
            dimension = TAXONOMIES[vocabulary][1]
            areas.append(
                _prune(
                    {
                        "id": make_id("service_area", sid, vocabulary, area),
                        "service_id": sid,
                        "name": self.vocab[vocabulary].label(area),
                        "description": description,
                        "uri": f"{self.base_url}{dimension}/{area}/",
                    }
                )
            )
        return areas

    def _attributes(self, entry: Entry, sid: str) -> list[dict]:
        attributes = []
        for field_name, vocabulary in ENTRY_FIELDS.items():
            for term_id in entry.ids(field_name):
                term = self._term(vocabulary, term_id)
                attributes.append(
                    {
                        "id": make_id("attribute", sid, field_name, term_id),
                        "link_id": sid,
                        "taxonomy_term_id": term["id"],
                        "link_type": LINK_TYPES[field_name],
                        "link_entity": "service",
                        "taxonomy_term": dict(term),
                    }
                )
        return attributes

    def _service_at_locations(self, entry: Entry, sid: str, org_id: str) -> list[dict]:
        places = [dict(place) for place in entry.get("locaties") or []]
        address = (entry.get("contact") or {}).get("adres")
        if not places and address:
            match = ADDRESS.match(address.strip())
            if match:
                places.append(
                    {
                        "naam": entry["naam"],
                        "adres": match["street"],
                        "postcode": match["postcode"],
                        "plaats": match["city"],
                    }
                )
            else:
                places.append({"naam": entry["naam"], "beschrijving": address.strip()})
        result = []
        for i, place in enumerate(places, start=1):
            lid = make_id("location", entry.slug, str(i))
            sal_id = make_id("service_at_location", entry.slug, str(i))
            location = {
                "id": lid,
                "location_type": "physical",
                "organization_id": org_id,
                "name": place.get("naam") or entry["naam"],
                "description": place.get("beschrijving"),
                "addresses": [],
            }
            address = {
                "id": make_id("address", entry.slug, str(i)),
                "location_id": lid,
                "address_1": place.get("adres"),
                "city": place.get("plaats"),
                "state_province": self._province(place, entry),
                "postal_code": place.get("postcode"),
                "country": "NL",
                "address_type": "physical",
            }
            if all(address.values()):
                location["addresses"].append(address)
            elif place.get("adres"):
                # HSDS requires a postcode and a province; without them the address stays free text.
                text = ", ".join(
                    p for p in (place["adres"], place.get("postcode"), place.get("plaats")) if p
                )
                location["description"] = "\n".join(p for p in (location["description"], text) if p)
            schedules = openingstijden.hsds_schedules(
                place.get("openingstijden"),
                lambda part, i=i: make_id("schedule", entry.slug, str(i), part),
                service_at_location_id=sal_id,
            )
            result.append(
                _prune(
                    {
                        "id": sal_id,
                        "service_id": sid,
                        "location_id": lid,
                        "schedules": schedules,
                        "location": _prune(location),
                    }
                )
            )
        return result

    def _province(self, place: dict, entry: Entry) -> str:
        """The province of a location: from its municipality, its town's name, or the entry's only
        municipality."""
        municipality = place.get("gemeente")
        if not municipality:
            town = (place.get("plaats") or "").casefold()
            municipality = next(
                (t.id for t in self.vocab["gemeenten"] if t.label.casefold() == town), None
            )
        if not municipality and len(entry.ids("gemeenten")) == 1:
            municipality = entry.ids("gemeenten")[0]
        return PROVINCES.get(municipality or "", "")


def _date(value) -> dt.date | None:
    if not value:
        return None
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _prune(obj: dict) -> dict:
    """Leave out empty values: HSDS fields are optional unless required, and null is not a
    string."""
    return {k: v for k, v in obj.items() if v is not None and v != [] and v != ""}


# --- writing --------------------------------------------------------------------------------------


def write_hsds(catalogue: Catalogue, base_url: str, destination: Path) -> list[Path]:
    """Write the HSDS JSON files, the CSV tables and their datapackage.json under
    destination/data/hsds. Each service is written as it is made, to its JSON file and its CSV
    rows, and then let go."""
    folder = Path(destination) / "data" / "hsds"
    folder.mkdir(parents=True, exist_ok=True)
    export = HSDSExport(catalogue, base_url)
    fields = load_field_lists()
    organizations, organization_of = export.organizations()
    with CsvTables(folder, fields) as tables:

        def written_to_tables(services):
            for service in services:
                for name, row in service_rows(service):
                    tables.add(name, row)
                yield service

        written = [
            paths.write_json(
                folder / "services.json", written_to_tables(export.services(organization_of))
            )
        ]
        objects = HSDSObjects([], organizations, export.taxonomies(), export.taxonomy_terms())
        for name, rows in objects.tables().items():
            for row in rows:
                tables.add(name, row)
    for name in ("organizations", "taxonomies", "taxonomy_terms"):
        written.append(paths.write_json(folder / f"{name}.json", getattr(objects, name)))
    written += tables.paths
    written.append(
        paths.write_file(folder / "datapackage.json", datapackage_json(fields, export.base_url))
    )
    return written


class CsvTables:
    """The CSV file of every HSDS table, open together and written a row at a time."""

    def __init__(self, folder: Path, fields: dict[str, dict]):
        self.paths = [folder / fields[name]["path"] for name in RESOURCES]
        self._columns = {name: _columns(fields[name]) for name in RESOURCES}
        self._files: list = []
        self._writers: dict[str, csv.DictWriter] = {}

    def __enter__(self):
        for name, path in zip(RESOURCES, self.paths, strict=True):
            path.parent.mkdir(parents=True, exist_ok=True)
            handle = path.open("w", encoding="utf-8", newline="")
            self._files.append(handle)
            self._writers[name] = _csv_writer(handle, self._columns[name])
        return self

    def add(self, name: str, row: dict):
        self._writers[name].writerow(_csv_row(self._columns[name], row))

    def __exit__(self, *exc):
        for handle in self._files:
            handle.close()


def _columns(resource: dict) -> list[str]:
    return [f["name"] for f in resource["schema"]["fields"]]


def _csv_writer(handle, columns: list[str]) -> csv.DictWriter:
    writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    return writer


def _csv_row(columns: list[str], row: dict) -> dict:
    return {c: "" if row.get(c) is None else row[c] for c in columns}


def table_csv(resource: dict, rows: list[dict]) -> str:
    """One table's CSV text (the tests read tables this way)."""
    columns = _columns(resource)
    out = io.StringIO()
    writer = _csv_writer(out, columns)
    for row in rows:
        writer.writerow(_csv_row(columns, row))
    return out.getvalue()


def datapackage(fields: dict[str, dict], base_url: str) -> dict:
    """A Frictionless tabular data package describing exactly the CSV files write_hsds writes."""
    resources = []
    for name in RESOURCES:
        resource = fields[name]
        schema = {
            "fields": resource["schema"]["fields"],
            "primaryKey": resource["schema"]["primaryKey"],
        }
        # Only references to tables we write; a package may not point at a missing resource.
        foreign = [
            fk
            for fk in resource["schema"].get("foreignKeys", [])
            if fk["reference"]["resource"] in RESOURCES
        ]
        if foreign:
            schema["foreignKeys"] = foreign
        resources.append(
            {
                "name": name,
                "path": resource["path"],
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": schema,
            }
        )
    return {
        "profile": "tabular-data-package",
        "name": "voorveld-in-beeld-hsds",
        "title": "Voorveld in beeld: aanbod voor jongeren van 16 tot 27 jaar, van school naar werk "
        "(HSDS 3.0)",
        "description": (
            "Het aanbod uit Voorveld in beeld in de tabelvorm van de Human Services Data "
            "Specification "
            "3.0 van Open Referral. Dezelfde gegevens staan als HSDS-JSON in services.json, "
            "organizations.json, taxonomies.json en taxonomy_terms.json."
        ),
        "homepage": base_url,
        "licenses": [DATA_LICENSE],
        "sources": [HSDS_SOURCE],
        "resources": resources,
    }


def datapackage_json(fields: dict[str, dict], base_url: str) -> str:
    return json.dumps(datapackage(fields, base_url), ensure_ascii=False, indent=1) + "\n"


# --- generating the field file from the official datapackage (once, by hand) ---------------------

FIELD_KEYS = ("name", "title", "type", "format", "constraints")


def field_lists_from_official(official: dict) -> dict:
    """The parts of the official HSDS datapackage that our export needs: names, types,
    constraints."""
    resources = []
    for resource in official["resources"]:
        if resource["name"] not in RESOURCES:
            continue
        schema = {
            "fields": [
                {k: f[k] for k in FIELD_KEYS if k in f} for f in resource["schema"]["fields"]
            ],
            "primaryKey": resource["schema"]["primaryKey"],
        }
        if resource["schema"].get("foreignKeys"):
            schema["foreignKeys"] = resource["schema"]["foreignKeys"]
        resources.append({"name": resource["name"], "path": resource["path"], "schema": schema})
    return {"version": official.get("version"), "resources": resources}


FIELD_FILE_HEADER = """\
# Columns of the HSDS 3.0 tables that directory/hsds.py writes. GENERATED, do not edit by hand:
# made once from the official datapackage.json of Open Referral's HSDS 3.0 (../shared/hsds, branch
# 3.0, commit 279fd2eb3552c349bf698c07c00cc25f5fc8249b) with
#   python -m directory.hsds velden ../shared/hsds/datapackage.json
# The build does not read ../shared (it is not there at run time); a test compares this file with
# the official one when ../shared/hsds is present.
# Human Services Data Specification: an Open Referral resource (https://openreferral.org/), CC
# BY-SA 4.0.
"""


def write_field_file(official_path: Path, target: Path = FIELDS_FILE) -> Path:
    official = json.loads(Path(official_path).read_text(encoding="utf-8"))
    text = yaml.safe_dump(
        field_lists_from_official(official),
        sort_keys=False,
        allow_unicode=True,
        width=120,
        default_flow_style=None,
    )
    target.write_text(FIELD_FILE_HEADER + text, encoding="utf-8")
    return target


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "velden":
        print(write_field_file(Path(sys.argv[2])))
    else:
        print(
            "gebruik: python -m directory.hsds velden ../shared/hsds/datapackage.json",
            file=sys.stderr,
        )
        sys.exit(2)
