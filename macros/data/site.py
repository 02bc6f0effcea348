"""Loading ``data/`` into typed models, with every problem named by file and line.

``read_site`` reads and validates everything once and returns the ``Site`` and a
list of problems; ``load_site`` is the cached entry point the build uses: it
parses the data once per build (again only when a data file changes).
"""

from __future__ import annotations

import difflib
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ..checks.guards import retired_pattern
from ..core.links import STAFF_VIEWS, finlex_url, service_src, services_index_src
from .models import (
    END,
    ID_PATTERN,
    AccessibilityStatement,
    Channel,
    ChecklistGroup,
    Contact,
    Form,
    Law,
    LifeSituation,
    Municipality,
    OnboardingPath,
    Organisation,
    Process,
    RetiredName,
    Role,
    Rule,
    Service,
    ServiceGroup,
    System,
    Term,
)
from ..core.problems import HandbookError, Problem
from .rules import expand_rules, guard_pattern, rule_text
from .sources import Loc, Source, read_yaml


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


# --- Finnish messages for the model errors ---------------------------------------------------

PATTERN_HINTS = {
    ID_PATTERN: "tunnuksessa saa olla vain pieniä kirjaimia a–z, numeroita ja väliviivoja, "
                "esimerkiksi toimeentulotuki tai sosiaalinen-kuntoutus",
    "number": "lain numero kirjoitetaan muodossa numero/vuosi, esimerkiksi 1301/2014",
    "§": 'pykälä kirjoitetaan muodossa "36 §", "14 a §" tai "29–30 §"',
    "https": "osoitteen pitää alkaa https:// eikä siinä saa olla välilyöntejä",
    "358": "puhelinnumero kirjoitetaan numeroina, esimerkiksi 016 123 4567 tai +358 16 123 4567",
    "@": "sähköpostiosoite kirjoitetaan muodossa nimi@lapha.fi",
}


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "totuusarvo"
    if isinstance(value, (int, float)):
        return f"numero {value}"
    if isinstance(value, list):
        return "luettelo"
    if isinstance(value, dict):
        return "joukko kenttiä"
    if value is None:
        return "tyhjä"
    return f'"{value}"'


def _pattern_hint(pattern: str) -> str:
    if pattern == ID_PATTERN:
        return PATTERN_HINTS[ID_PATTERN]
    for key in ("§", "https", "358", "@"):
        if key in pattern:
            return PATTERN_HINTS[key]
    return PATTERN_HINTS["number"]


def _message(error: dict, model: type[BaseModel]) -> str:
    """One pydantic error as Finnish: what is wrong, then how to fix it."""
    kind, ctx, value = error["type"], error.get("ctx", {}), error.get("input")
    if kind == "missing":
        return "pakollinen kenttä puuttuu. Lisää se tiedostoon."
    if kind == "extra_forbidden":
        allowed = ", ".join(model.model_fields)
        return f"tuntematon kenttä. Tarkista kirjoitusasu (sallitut kentät: {allowed})."
    if kind == "string_too_long":
        return (f"teksti on liian pitkä ({len(value)} merkkiä, enintään {ctx['max_length']}). "
                "Lyhennä sitä.")
    if kind == "string_too_short":
        return "kenttä on tyhjä. Kirjoita siihen jotain tai poista koko kenttä."
    if kind == "too_short":
        return f"luettelossa pitää olla vähintään {ctx['min_length']} kohta. Lisää kohta."
    if kind in ("literal_error", "enum"):
        allowed = ", ".join(re.findall(r"'([^']*)'", ctx.get("expected", "")))
        return f"arvo {_kind(value)} ei kelpaa (sallitut: {allowed})."
    if kind == "string_pattern_mismatch":
        return f"arvo {_kind(value)} ei kelpaa: {_pattern_hint(ctx.get('pattern', ''))}."
    if kind == "string_type":
        return f"pitää olla tekstiä, nyt {_kind(value)}. Kirjoita arvo tekstinä."
    if kind == "list_type":
        return (f"pitää olla luettelo, nyt {_kind(value)}. Kirjoita jokainen kohta omalle "
                "rivilleen viivalla alkaen.")
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"pitää olla joukko kenttiä (avain: arvo), nyt {_kind(value)}."
    if kind.startswith("date"):
        return (f"päivämäärä {_kind(value)} ei kelpaa. Kirjoita se muodossa VVVV-KK-PP, "
                "esimerkiksi 2026-09-01.")
    if kind.startswith("bool"):
        return f"pitää olla true tai false, nyt {_kind(value)}."
    return f"arvo {_kind(value)} ei kelpaa ({error['msg']})."


def _field(loc: Loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "tiedosto"


def build_model(model: type[BaseModel], source: Source, base: Loc = ()):
    """Validate the value at ``base`` of a source; return (instance or None, problems)."""
    value = source.data
    for part in base:
        value = value[part]
    try:
        return model.model_validate(value), []
    except ValidationError as exc:
        problems = []
        for error in exc.errors(include_url=False):
            loc = (*base, *error["loc"])
            problems.append(Problem(source.path, source.line(loc), _field(loc),
                                    _message(error, model)))
        return None, problems


def _suggest(value: str, known) -> str:
    close = difflib.get_close_matches(value, list(known), n=3, cutoff=0.6)
    return f" Tarkoititko: {', '.join(close)}?" if close else ""


# Where the known values of each kind of reference are, told to an editor who mistyped one.
WHERE = {
    "laki": "Lisää laki tiedostoon data/laws.yml tai korjaa tunnus.",
    "palvelu": "Palvelun tunnus on sen tiedoston nimi kansiossa data/services.",
    "elämäntilanne": "Elämäntilanteet ovat tiedostossa data/life_situations.yml.",
    "ryhmä": "Ryhmät ovat tiedostossa data/service_groups.yml.",
    "organisaatio": "Organisaatiot ovat tiedostossa data/organisations.yml.",
    "kenttä": "Kirjoita sen kentän nimi, jonka tieto on tarkistamatta.",
    "rooli": "Roolit ovat tiedostossa data/roles.yml.",
    "lomake": "Lomakkeet ja asiakirjat ovat tiedostossa data/forms.yml.",
    "järjestelmä": "Järjestelmät ovat tiedostossa data/systems.yml.",
    "vaihe": f"Haara voi johtaa saman prosessin vaiheeseen (vaiheen id) tai {END}.",
    "prosessi": "Prosessit ovat kansiossa data/processes.",
    "yhteystieto": "Yhteystiedot ovat tiedostossa data/contacts.yml (kentän id arvo).",
    "kunta": "Kunnat ovat tiedostossa data/municipalities.yml (kentän id arvo).",
}


def rule_renderer(laws: dict[str, Law], rules: dict[str, Rule]):
    """What ``{{ rule(id, mode) }}`` stands for, with the law cited as a Markdown link to
    Finlex ("[Sosiaalihuoltolaki 36 §](…)"); raises RuleError (Finnish) for a bad call."""
    def law_link(rule: Rule) -> str:
        law = laws.get(rule.law.law)
        return f"[{law.cite(rule.law.section)}]({finlex_url(law.number)})" if law else rule.law.law

    return lambda rule_id, mode=None: rule_text(rules, rule_id, mode, law_link)


def _rule_reader(laws: dict[str, Law], rules: dict[str, Rule]):
    """read_yaml that also replaces ``{{ rule("id") }}`` in every string of the file, reporting
    an unknown rule or mode with its file and line."""
    render = rule_renderer(laws, rules)

    def read(file: Path, root: Path):
        source, problems = read_yaml(file, root)
        if source is not None:
            source.data = expand_rules(source.data, render, lambda loc, message: problems.append(
                Problem(source.path, source.line(loc), _field(loc), message)))
        return source, problems
    return read


def _unknown(source: Source, loc: Loc, kind: str, value: str, known) -> Problem:
    return Problem(source.path, source.line(loc), _field(loc),
                   f'tuntematon {kind} "{value}". {WHERE[kind]}{_suggest(value, known)}')


def _require(problems: list[Problem], source: Source, loc: Loc, kind: str, value: str,
             known) -> None:
    """A reference must name something that exists; if not, say what and where to look."""
    if value not in known:
        problems.append(_unknown(source, loc, kind, value, known))


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


def _check_review_dates(source: Source, record, problems: list[Problem]) -> None:
    if record.next_review <= record.last_reviewed:
        problems.append(Problem(source.path, source.line(("next_review",)), "next_review",
                                "seuraavan tarkistuksen pitää olla myöhemmin kuin edellinen "
                                "(last_reviewed). Korjaa päivämäärä."))


def _check_references(site: Site, sources: dict[str, Source], service_ids: set[str],
                      problems: list[Problem]) -> None:
    """References between files; a service whose own file has errors still counts as existing,
    so one broken file is reported once, not again by every service that links to it."""
    for service_id, service in site.services.items():
        source = sources[service_id]
        for index, ref in enumerate(service.legislation):
            _require(problems, source, ("legislation", index, "law"), "laki", ref.law, site.laws)
        for index, other in enumerate(service.related_services):
            _require(problems, source, ("related_services", index), "palvelu", other, service_ids)
            if other == service_id:
                problems.append(Problem(source.path, source.line(("related_services", index)),
                                        f"related_services[{index}]",
                                        "palvelu viittaa itseensä. Poista tämä kohta."))
        for index, situation in enumerate(service.life_situations):
            _require(problems, source, ("life_situations", index), "elämäntilanne", situation,
                     site.life_situations)
        _require(problems, source, ("group",), "ryhmä", service.group, site.service_groups)
        _require(problems, source, ("organisation",), "organisaatio", service.organisation,
                 site.organisations)
        _check_review_dates(source, service, problems)
        _check_channels(site, source, service, problems)
        if service.bring and not service.bring_sources:
            problems.append(Problem(source.path, source.line(("bring",)), "bring",
                                    "luettelolle puuttuu lähde. Lisää kenttä bring_sources: "
                                    "julkinen sivu, josta luettelo on tarkistettu."))
        for index, item in enumerate(service.unverified):
            _require(problems, source, ("unverified", index, "field"), "kenttä", item.field,
                     Service.model_fields)


def _check_channels(site: Site, source: Source, service: Service,
                    problems: list[Problem]) -> None:
    """Each channel names its kind or a known contact; a channel's organisation exists."""
    for index, channel in enumerate(service.channels):
        at = ("channels", index)
        if channel.contact is not None:
            _require(problems, source, (*at, "contact"), "yhteystieto", channel.contact,
                     site.contacts)
        elif channel.type is None:
            problems.append(Problem(source.path, source.line(at), _field(at),
                                    "kanavalta puuttuu tyyppi. Lisää type (puhelin, verkkosivu, "
                                    "verkkoasiointi, lomake, palvelupaikka) tai contact "
                                    "(tunnus tiedostosta data/contacts.yml)."))
        if channel.organisation is not None:
            _require(problems, source, (*at, "organisation"), "organisaatio",
                     channel.organisation, site.organisations)


def _check_contacts(site: Site, contacts: Source, situations: Source,
                    problems: list[Problem]) -> None:
    """Contacts name known organisations and municipalities; situations name known contacts."""
    for contact_id, contact in site.contacts.items():
        index = contacts.index_of[contact_id]
        _require(problems, contacts, (index, "organisation"), "organisaatio",
                 contact.organisation, site.organisations)
        for j, municipality in enumerate(contact.municipalities):
            _require(problems, contacts, (index, "municipalities", j), "kunta", municipality,
                     site.municipalities)
    for situation_id, situation in site.life_situations.items():
        index = situations.index_of[situation_id]
        for j, contact in enumerate(situation.contacts):
            _require(problems, situations, (index, "contacts", j), "yhteystieto", contact,
                     site.contacts)


def _check_processes(site: Site, sources: dict[str, Source], service_ids: set[str],
                     problems: list[Problem]) -> None:
    """Every reference of every step: role, forms, systems, laws, branch targets."""
    for process_id, process in site.processes.items():
        source = sources[process_id]
        _check_review_dates(source, process, problems)
        for index, service in enumerate(process.services):
            _require(problems, source, ("services", index), "palvelu", service, service_ids)
        step_ids: dict[str, int] = {}
        for i, step in enumerate(process.steps):
            if step.id in step_ids:
                problems.append(Problem(source.path, source.line(("steps", i, "id")),
                                        f"steps[{i}].id", f'vaiheen tunnus "{step.id}" on jo '
                                        f"käytössä vaiheessa {step_ids[step.id] + 1}. Anna oma tunnus."))
            step_ids.setdefault(step.id, i)
        for i, step in enumerate(process.steps):
            at = ("steps", i)
            _require(problems, source, (*at, "role"), "rooli", step.role, site.roles)
            for j, form in enumerate(step.documents):
                _require(problems, source, (*at, "documents", j), "lomake", form, site.forms)
            for j, record in enumerate(step.records):
                _require(problems, source, (*at, "records", j, "system"), "järjestelmä",
                         record.system, site.systems)
            refs = [((*at, "laws", j, "law"), ref) for j, ref in enumerate(step.laws)]
            if step.deadline and step.deadline.law:
                refs.append(((*at, "deadline", "law", "law"), step.deadline.law))
            for loc, ref in refs:
                _require(problems, source, loc, "laki", ref.law, site.laws)
            targets = [((*at, "decision", "outcomes", j, "next"), outcome.next)
                       for j, outcome in enumerate(step.decision.outcomes if step.decision else [])]
            if step.next:
                targets.append(((*at, "next"), step.next))
            for loc, target in targets:
                _require(problems, source, loc, "vaihe", target, {**step_ids, END: -1})


def _is_page(site: Site, page: str, service_ids: set[str]) -> bool:
    """A path in docs/ that a data file may point to: a hand-written page, a generated staff
    view, the services index or the page of a service that has a file (valid or not, so one
    broken service file is reported once, not again by every page pointing to it)."""
    return (page in STAFF_VIEWS or page == services_index_src()
            or any(page == service_src(i) for i in service_ids)
            or (site.root / "docs" / page).is_file())


def _check_registries(site: Site, service_ids: set[str], forms: Source, onboarding: Source,
                      problems: list[Problem]) -> None:
    """References from the small registries: printable form pages, onboarding paths."""
    for form in site.forms.values():
        at = (forms.index_of[form.id], "page")
        if form.page and not _is_page(site, form.page, service_ids):
            problems.append(Problem(forms.path, forms.line(at), _field(at),
                                    f"sivua docs/{form.page} ei ole. Korjaa polku tai lisää sivu."))
    for role, path in site.onboarding.items():
        index = onboarding.index_of[role]
        _require(problems, onboarding, (index, "role"), "rooli", role, site.roles)
        for j, item in enumerate(path.items):
            at = (index, "items", j)
            if item.process:
                _require(problems, onboarding, (*at, "process"), "prosessi", item.process,
                         site.processes)
            if item.page and not _is_page(site, item.page, service_ids):
                problems.append(Problem(onboarding.path, onboarding.line((*at, "page")),
                                        _field((*at, "page")),
                                        f"sivua docs/{item.page} ei ole. Korjaa polku."))


def _check_retired_names(site: Site, service_ids: set[str], source: Source,
                         problems: list[Problem]) -> None:
    """Each old name's pattern must be a valid regular expression, and the pages it leads to
    must exist (hand-written pages, service pages or the generated staff views)."""
    for name, retired in site.retired_names.items():
        index = source.index_of[name]
        if retired.match:
            try:
                retired_pattern(name, retired.match)
            except re.error as error:
                at = (index, "match")
                problems.append(Problem(source.path, source.line(at), _field(at),
                                        f"lauseke ei kelpaa ({error}). Poista kenttä, jos nimi "
                                        "tunnistetaan sanan alusta."))
        for j, page in enumerate(retired.leads_to):
            if not _is_page(site, page, service_ids):
                at = (index, "leads_to", j)
                problems.append(Problem(source.path, source.line(at), _field(at),
                                        f"sivua {page} ei ole. Anna polku docs-kansiossa "
                                        "(esim. asukkaille/oikeutesi.md) tai palvelusivu "
                                        "(palvelut/<palvelun tiedostonimi>.md)."))


def _check_rules(site: Site, source: Source, problems: list[Problem]) -> None:
    """A rule cites a known law, and its guard patterns are valid regular expressions."""
    for rule_id, rule in site.rules.items():
        index = source.index_of[rule_id]
        _require(problems, source, (index, "law", "law"), "laki", rule.law.law, site.laws)
        for j, pattern in enumerate(rule.guard):
            try:
                guard_pattern(pattern)
            except re.error as error:
                at = (index, "guard", j)
                problems.append(Problem(source.path, source.line(at), _field(at),
                                        f"lauseke ei kelpaa ({error}). Korjaa se tai poista."))


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
]


def read_site(root: Path) -> tuple[Site | None, list[Problem]]:
    """Read and validate all of ``root/data``; return the site (None if unusable) and problems."""
    root = Path(root)
    problems: list[Problem] = []
    records: dict[str, Any] = {}
    sources: dict[str, Any] = {}
    ids: dict[str, set[str]] = {}
    read = read_yaml  # laws and rules as they are; every later file with its rules expanded
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
            read = _rule_reader(records["laws"], records["rules"])
    site = Site(root, **records)
    _check_references(site, sources["services"], ids["services"], problems)
    _check_processes(site, sources["processes"], ids["services"], problems)
    _check_registries(site, ids["services"], sources["forms"], sources["onboarding"], problems)
    _check_retired_names(site, ids["services"], sources["retired_names"], problems)
    _check_rules(site, sources["rules"], problems)
    _check_contacts(site, sources["contacts"], sources["life_situations"], problems)
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
