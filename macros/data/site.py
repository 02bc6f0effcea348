"""Loading ``data/`` into typed models, with every problem named by file and line.

``read_site`` reads and validates everything once and returns the ``Site`` and a
list of problems; ``load_site`` is the cached entry point the build uses: it
parses the data once per build (again only when a data file changes).
"""

from __future__ import annotations

import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..core import safe_html
from ..core.files import irregular_files
from ..core.problems import HandbookError, Problem
from .menu_models import Menu, MenuItem
from .messages import PATTERN_HINTS, build_model
from .models import ID_PATTERN, Channel, Contact, Law, Organisation, RetiredName, Rule, Service, ServiceGroup
from .process_models import ChecklistGroup, Form, OnboardingPath, Process, Role, System, Term
from .references import check_references
from .registry_models import FinlexSnapshot, PtvSnapshot, Registries
from .resident_models import AccessibilityStatement, LifeSituation, Municipality
from .rules import expand_rules, law_renderer, rule_renderer
from .sources import Source, field_name, read_yaml


@dataclass(frozen=True)
class Site:
    """Everything in ``data/``, validated; dicts keep the order of their files."""

    root: Path
    laws: dict[str, Law]
    organisations: dict[str, Organisation]
    service_groups: dict[str, ServiceGroup]
    services: dict[str, Service]  # by id, sorted by id
    roles: dict[str, Role] = field(default_factory=dict)
    systems: dict[str, System] = field(default_factory=dict)
    forms: dict[str, Form] = field(default_factory=dict)
    glossary: dict[str, Term] = field(default_factory=dict)  # by term
    checklists: dict[str, ChecklistGroup] = field(default_factory=dict)
    onboarding: dict[str, OnboardingPath] = field(default_factory=dict)  # by role
    processes: dict[str, Process] = field(default_factory=dict)  # by id, sorted by id
    life_situations: dict[str, LifeSituation] = field(default_factory=dict)
    municipalities: dict[str, Municipality] = field(default_factory=dict)
    accessibility: AccessibilityStatement | None = None
    retired_names: dict[str, RetiredName] = field(default_factory=dict)  # by name
    rules: dict[str, Rule] = field(default_factory=dict)  # legal rules pages cite by id
    contacts: dict[str, Contact] = field(default_factory=dict)  # public contacts by id
    registries: Registries = field(default_factory=Registries)  # where the syncs read
    navigation: list[MenuItem] | None = None  # the menu (None: mkdocs.yml's nav is used)
    ptv: PtvSnapshot | None = None  # data/ptv.json: services and channels from PTV
    finlex: FinlexSnapshot | None = None  # data/finlex.json: the cited laws from Finlex
    sources: dict[str, Source] = field(default_factory=dict, repr=False)  # by path: lines

    def line(self, path: str, loc: tuple = (), exact: bool = False) -> int:
        """The line of a value in a data file, or of its nearest parent (with ``exact``, 0
        when the value is not in the file); 0 if the file was not read."""
        source = self.sources.get(path)
        if source is None or exact and tuple(loc) not in source.lines:
            return 0
        return source.line(loc)

    def rule(self, rule_id: str, mode: str | None = None) -> str:
        """The text of ``{{ rule(rule_id, mode) }}``; raises RuleError (Finnish) if unknown."""
        return rule_renderer(self.laws, self.rules)(rule_id, mode)

    def channel(self, channel: Channel) -> Channel:
        """A service channel with its contact's facts (data/contacts.yml) filled in; the
        channel's own fields win, and its type defaults to the contact's kind."""
        if channel.contact is None or channel.contact not in self.contacts:
            return channel
        contact = self.contacts[channel.contact]
        filled = {f: getattr(channel, f) or getattr(contact, f)
                  for f in ("name", "description", "url", "phone", "hours", "address")}
        return channel.model_copy(update={**filled, "type": channel.type or contact.kind,
                                          "organisation": channel.organisation
                                          or contact.organisation})

    def service_path(self, service_id: str) -> str:
        """The data file a service comes from, relative to the project root."""
        return f"data/services/{service_id}.yml"

    def process_path(self, process_id: str) -> str:
        return f"data/processes/{process_id}.yml"


def _rule_reader(laws: dict[str, Law], rules: dict[str, Rule]):
    """read_yaml that also replaces ``{{ rule("id") }}`` and ``{{ law_link("id", "§") }}`` in
    every string of the file, reporting an unknown rule, mode or law, and any other template
    code, with its file and line."""
    render = rule_renderer(laws, rules)
    law = law_renderer(laws)

    def read(file: Path, root: Path):
        source, problems = read_yaml(file, root)
        if source is not None:
            source.data = expand_rules(source.data, render, lambda loc, message: problems.append(
                Problem(source.path, source.line(loc), field_name(loc), message)), law=law)
        return source, problems
    return read


def _texts(value: Any, loc: tuple = ()):
    """(location, text) of every string in a file's data."""
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, (*loc, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts(item, (*loc, index))


def markup_problems(source: Source) -> list[Problem]:
    """HTML and link addresses in a data file's text that the handbook does not allow
    (``core/safe_html.py``): a script, an event handler, a javascript: link…"""
    found = []
    for loc, text in _texts(source.data):
        for offset, message in safe_html.problems(text):
            found.append(Problem(source.path, source.line(loc) + (offset if offset > 1 else 0),
                                 field_name(loc), message))
    return found


def _checked(read, kept: dict[str, Source]):
    """``read`` that also reports markup the handbook does not allow, and keeps every source
    it read in ``kept`` (the lines reminders name)."""
    def checked(file: Path, root: Path):
        source, problems = read(file, root)
        if source is not None:
            kept[source.path] = source
        return source, problems + (markup_problems(source) if source is not None else [])
    return checked


# --- reading the files -----------------------------------------------------------------------

def _read_registry(root: Path, name: str, model: type[BaseModel], problems: list[Problem],
                   key: str = "id", required: bool = True, read=read_yaml):
    """Read a list file such as data/laws.yml into a dict by ``key``, reporting duplicates."""
    file = root / "data" / name
    if not file.exists() and not required:
        return {}, Source(f"data/{name}", [])
    if not file.exists():
        problems.append(Problem(f"data/{name}", 0, "tiedosto",
                                "tiedosto puuttuu. Palauta se versionhallinnasta."))
        return {}, Source(f"data/{name}", [])
    source, found = read(file, root)
    problems += found
    if source is None:
        return {}, Source(f"data/{name}", [])
    if not isinstance(source.data, list):
        problems.append(Problem(source.path, 1, "tiedosto",
                                "tiedoston pitää olla luettelo, jonka jokainen kohta alkaa "
                                "viivalla (- id: ...)."))
        return {}, source
    items: dict[str, Any] = {}
    first_line: dict[str, int] = {}
    for index in range(len(source.data)):
        item, found = build_model(model, source, (index,))
        problems += found
        if item is None:
            continue
        value = getattr(item, key)
        if value in items:
            problems.append(Problem(
                source.path, source.line((index, key)), f"[{index}].{key}",
                f'tunnus "{value}" on jo käytössä rivillä {first_line[value]}. '
                "Anna jokaiselle kohdalle oma tunnus."))
            continue
        items[value] = item
        first_line[value] = source.line((index, key))
        source.index_of[value] = index
    return items, source


def _read_single(root: Path, name: str, model: type[BaseModel], problems: list[Problem],
                 read=read_yaml):
    """A file that is one record (data/accessibility.yml); None if it is absent."""
    file = root / "data" / name
    if not file.exists():
        return None
    source, found = read(file, root)
    problems += found
    if source is None:
        return None
    record, found = build_model(model, source)
    problems += found
    return record


def _read_folder(root: Path, folder: str, model: type[BaseModel], problems: list[Problem],
                 read=read_yaml):
    """One record per file (data/services, data/processes): records by id (the file name),
    their sources, and every id that has a file, valid or not."""
    services: dict[str, Any] = {}
    sources: dict[str, Source] = {}
    ids: set[str] = set()
    for file in sorted((root / "data" / folder).glob("*")):
        if file.suffix == ".yaml":
            problems.append(Problem(file.relative_to(root).as_posix(), 0, "tiedostonimi",
                                    "tiedoston pääte on .yml. Nimeä tiedosto uudelleen."))
            continue
        if file.suffix != ".yml":
            continue
        service_id = file.stem
        if not re.match(ID_PATTERN, service_id):
            problems.append(Problem(file.relative_to(root).as_posix(), 0, "tiedostonimi",
                                    f"tiedostonimi on tunnus: {PATTERN_HINTS[ID_PATTERN]}."))
            continue
        ids.add(service_id)
        source, found = read(file, root)
        problems += found
        if source is None:
            continue
        if not isinstance(source.data, dict):
            problems.append(Problem(source.path, 1, "tiedosto",
                                    "tiedoston pitää koostua kentistä (avain: arvo)."))
            continue
        service, found = build_model(model, source)
        problems += found
        if service is not None:
            services[service_id] = service
            sources[service_id] = source
    return services, sources, ids


@dataclass(frozen=True)
class DataFile:
    """One kind of file in data/: where it is, its model, how it is shaped, what it is called.
    ``read_site`` reads by this table and ``schemas.py`` writes a JSON Schema per row."""

    field: str  # the Site attribute it fills
    path: str  # under data/: "laws.yml", or "services/" for one record per file
    model: type[BaseModel]
    shape: str  # "list" (records keyed by `key`), "folder" (one record per file), "single"
    title: str  # Finnish title of its JSON Schema
    schema: str  # file name in schemas/
    key: str = "id"
    required: bool = False

    @property
    def pattern(self) -> str:
        """The data files it matches, as a glob from the project root."""
        return f"data/{self.path}*.yml" if self.shape == "folder" else f"data/{self.path}"


DATA_FILES = [
    DataFile("laws", "laws.yml", Law, "list", "Lakirekisteri", "laws.schema.json", required=True),
    DataFile("rules", "rules.yml", Rule, "list", "Säännöt ja määräajat", "rules.schema.json"),
    DataFile("organisations", "organisations.yml", Organisation, "list", "Organisaatiot",
             "organisations.schema.json", required=True),
    DataFile("contacts", "contacts.yml", Contact, "list", "Yhteystiedot", "contacts.schema.json"),
    DataFile("service_groups", "service_groups.yml", ServiceGroup, "list", "Palveluryhmät",
             "service_groups.schema.json", required=True),
    DataFile("services", "services/", Service, "folder", "Palvelu", "service.schema.json"),
    DataFile("processes", "processes/", Process, "folder", "Prosessi", "process.schema.json"),
    DataFile("roles", "roles.yml", Role, "list", "Roolit", "roles.schema.json"),
    DataFile("systems", "systems.yml", System, "list", "Tietojärjestelmät", "systems.schema.json"),
    DataFile("forms", "forms.yml", Form, "list", "Lomakkeet ja asiakirjat", "forms.schema.json"),
    DataFile("glossary", "glossary.yml", Term, "list", "Sanasto", "glossary.schema.json",
             key="term"),
    DataFile("checklists", "checklists.yml", ChecklistGroup, "list",
             "Etuuskäsittelyn muistilista", "checklists.schema.json"),
    DataFile("onboarding", "onboarding.yml", OnboardingPath, "list", "Perehdytyspolut",
             "onboarding.schema.json", key="role"),
    DataFile("life_situations", "life_situations.yml", LifeSituation, "list", "Elämäntilanteet",
             "life_situations.schema.json"),
    DataFile("municipalities", "municipalities.yml", Municipality, "list", "Kunnat",
             "municipalities.schema.json"),
    DataFile("accessibility", "accessibility.yml", AccessibilityStatement, "single",
             "Saavutettavuusseloste", "accessibility.schema.json"),
    DataFile("retired_names", "retired_names.yml", RetiredName, "list", "Vanhat nimet",
             "retired_names.schema.json", key="name"),
    DataFile("registries", "registries.yml", Registries, "single", "Rekisterit",
             "registries.schema.json"),
    DataFile("navigation", "navigation.yml", Menu, "single", "Valikko", "navigation.schema.json"),
]
# Snapshots the syncs write (macros/sync): JSON, which the YAML reader reads with lines.
SNAPSHOTS = {"ptv": ("ptv.json", PtvSnapshot), "finlex": ("finlex.json", FinlexSnapshot)}


def read_site(root: Path) -> tuple[Site | None, list[Problem]]:
    """Read and validate all of ``root/data``; return the site (None if unusable) and problems."""
    root = Path(root)
    problems: list[Problem] = irregular_files(root, ("data",))
    if problems:  # read nothing through a link
        return None, problems
    records: dict[str, Any] = {}
    sources: dict[str, Any] = {}
    ids: dict[str, set[str]] = {}
    kept: dict[str, Source] = {}
    read = _checked(read_yaml, kept)  # laws and rules as they are; later files with rules expanded
    for kind in DATA_FILES:
        if kind.shape == "list":
            records[kind.field], sources[kind.field] = _read_registry(
                root, kind.path, kind.model, problems, key=kind.key, required=kind.required,
                read=read)
        elif kind.shape == "folder":
            records[kind.field], sources[kind.field], ids[kind.field] = _read_folder(
                root, kind.path.rstrip("/"), kind.model, problems, read=read)
        else:
            records[kind.field] = _read_single(root, kind.path, kind.model, problems, read=read)
        if kind.field == "rules":
            read = _checked(_rule_reader(records["laws"], records["rules"]), kept)
    records["registries"] = records["registries"] or Registries()
    records["navigation"] = records["navigation"].root if records["navigation"] else None
    for name, (path, model) in SNAPSHOTS.items():  # texts as they are: no rules in them
        found: list[Problem] = []
        records[name] = _read_single(root, path, model, found)
        if found:
            found.append(Problem(f"data/{path}", 0, "tiedosto",
                                 f"tilannekuva ei ole sellainen kuin python -m macros sync {name} "
                                 f"sen kirjoittaa. Aja se uudelleen tai palauta tiedosto: "
                                 f"git checkout data/{path}"))
        problems += found
    site = Site(root, **records, sources=kept)
    check_references(site, sources, ids, problems)
    return (None if problems else site), problems


_cache: dict[Path, tuple[tuple, Site]] = {}


def _fingerprint(root: Path) -> tuple:
    found = []
    for path in sorted((root / "data").rglob("*")):
        info = path.stat()  # once per file: the build asks four times
        if stat.S_ISREG(info.st_mode):
            found.append((path.as_posix(), info.st_mtime_ns, info.st_size))
    return tuple(found)


def load_site(root: Path) -> Site:
    """The validated site, parsed once per build and again only after a data file changes.

    Raises ``HandbookError`` listing every problem (file, line, field, fix).
    """
    root = Path(root).resolve()
    fingerprint = _fingerprint(root)
    cached = _cache.get(root)
    if cached and cached[0] == fingerprint:
        return cached[1]
    site, problems = read_site(root)
    if problems:
        raise HandbookError(problems)
    _cache[root] = (fingerprint, site)
    return site
