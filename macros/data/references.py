"""References between data files: every id a file names must exist (laws, services, roles,
forms, contacts…); a wrong one is reported with where the known ids are and the nearest ones."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..core.links import STAFF_VIEWS, service_src, services_index_src
from ..core.problems import Problem
from .copies import copied_values
from .messages import suggest, unknown_law
from .models import Service
from .process_models import END
from .rules import guard_pattern
from .sources import Loc, Source, field_name

if TYPE_CHECKING:
    from .site import Site

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


def _unknown(source: Source, loc: Loc, kind: str, value: str, known) -> Problem:
    message = (unknown_law(value, known, WHERE[kind]) if kind == "laki" else
               f'tuntematon {kind} "{value}". {WHERE[kind]}{suggest(value, known)}')
    return Problem(source.path, source.line(loc), field_name(loc), message)


def _require(problems: list[Problem], source: Source, loc: Loc, kind: str, value: str,
             known) -> None:
    """A reference must name something that exists; if not, say what and where to look."""
    if value not in known and not source.reported(loc):
        problems.append(_unknown(source, loc, kind, value, known))


def _check_review_dates(source: Source, record, problems: list[Problem]) -> None:
    if record.next_review <= record.last_reviewed:
        problems.append(Problem(source.path, source.line(("next_review",)), "next_review",
                                "seuraavan tarkistuksen pitää olla myöhemmin kuin edellinen "
                                "(last_reviewed). Korjaa päivämäärä."))


def _check_services(site: Site, sources: dict[str, Source], service_ids: set[str],
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
            problems.append(Problem(source.path, source.line(at), field_name(at),
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
            problems.append(Problem(forms.path, forms.line(at), field_name(at),
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
                                        field_name((*at, "page")),
                                        f"sivua docs/{item.page} ei ole. Korjaa polku."))


def _check_retired_names(site: Site, service_ids: set[str], source: Source,
                         problems: list[Problem]) -> None:
    """Each old name's pattern must be a valid regular expression, and the pages it leads to
    must exist (hand-written pages, service pages or the generated staff views)."""
    for name, retired in site.retired_names.items():
        index = source.index_of[name]
        if retired.match:
            try:
                retired.pattern()
            except re.error as error:
                at = (index, "match")
                problems.append(Problem(source.path, source.line(at), field_name(at),
                                        f"lauseke ei kelpaa ({error}). Poista kenttä, jos nimi "
                                        "tunnistetaan sanan alusta."))
        for j, page in enumerate(retired.leads_to):
            if not _is_page(site, page, service_ids):
                at = (index, "leads_to", j)
                problems.append(Problem(source.path, source.line(at), field_name(at),
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
                problems.append(Problem(source.path, source.line(at), field_name(at),
                                        f"lauseke ei kelpaa ({error}). Korjaa se tai poista."))


def check_references(site: Site, sources: dict[str, dict], ids: dict[str, set[str]],
                     problems: list[Problem]) -> None:
    """Every reference check, on the site as read (``sources`` by data file kind, then by id
    for folders; ``ids``: every id that has a file, valid or not)."""
    _check_services(site, sources["services"], ids["services"], problems)
    _check_processes(site, sources["processes"], ids["services"], problems)
    _check_registries(site, ids["services"], sources["forms"], sources["onboarding"], problems)
    _check_retired_names(site, ids["services"], sources["retired_names"], problems)
    _check_rules(site, sources["rules"], problems)
    _check_contacts(site, sources["contacts"], sources["life_situations"], problems)
    problems += copied_values(site.services, sources["services"])
