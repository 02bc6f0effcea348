"""Editors' report on the registry snapshots (``data/ptv.json``, ``data/finlex.json``): what
to look at after a sync, none of it stopping the build.

PTV: a snapshot missing or unchanged for longer than ``max_age_days``, services without a PTV
mapping (and ids the snapshot lacks), adult social work services in PTV that no handbook
service names, channels added, changed (old → new) or removed by any sync since the date
editors last reviewed (``reviewed.ptv`` in data/registries.yml) with the pages that show them,
contacts that differ from the PTV channel they name, named persons' numbers kept off the pages,
and PTV values the pages leave out as unsafe. Finlex: every cited section that changed (a rule
against its own ``verified`` date, a service, a process step or a page against
``reviewed.finlex``), laws whose title is not the handbook's, laws Finlex does not know, cited
sections Finlex does not have.
"""

from __future__ import annotations

from datetime import date

from ..core import phones
from ..core.links import service_src, url_of
from ..data.citations import citations
from ..data.registry_models import PtvChannel
from ..data.site import Site
from ..pages import channels
from ..pages.render import fi_date
from ..pages.untrusted import EMAIL, safe_url
from .notes import Note

SETTINGS = "data/registries.yml"
NO_USERS = "ei käsikirjan sivuja"

# What an editor does about a snapshot: the server's scheduled refresh fetches it (README:
# "Scheduled refresh"); the command is the maintainers', so the editor is not told to run it.
REFRESH = ("Ajastettu päivitys hakee tiedot palvelimella ja lähettää ne haaraan "
           "paivitys/rekisterit-VVVV-KK-PP: yhdistä odottava haara, tai pyydä palvelimen "
           "pääkäyttäjää hakemaan tiedot.")


def _age(path: str, registry: str, changed: date | None, today: date, limit: int) -> list[Note]:
    if changed is None:
        return [Note(path, 0, "", f"{registry}-tietoja ei ole vielä haettu. {REFRESH}")]
    days = (today - changed).days
    if days > limit:
        return [Note(path, 0, "", f"{registry}-tiedot muuttuivat viimeksi {fi_date(changed)}, "
                     f"{days} päivää sitten (raja {limit}). Tiedot tallennetaan vain, kun "
                     f"rekisteri muuttuu: jos ajastettu päivitys toimii, muutoksia ei ole ollut. "
                     f"{REFRESH}")]
    return []


def snapshot_ages(site: Site, today: date) -> list[Note]:
    limit = site.registries.max_age_days
    out = _age("data/ptv.json", "PTV", site.ptv.changed if site.ptv else None, today, limit)
    out += _age("data/finlex.json", "Finlex", site.finlex.changed if site.finlex else None,
                today, limit)
    wanted = site.registries.ptv.organisation
    if site.ptv and wanted and site.ptv.organisation != wanted:
        out.append(Note("data/ptv.json", 0, "", f"haettu organisaatiolle {site.ptv.organisation}, "
                        f"mutta data/registries.yml nimeää {wanted}. {REFRESH}"))
    return out


def _name(channel: PtvChannel | None, fallback: str = "") -> str:
    return (channel.name.get("fi") or next(iter(channel.name.values()), "")) if channel else fallback


def _users(site: Site, channel_id: str, services: list[str] = ()) -> str:
    """The pages that show a PTV channel and the data that puts it there: services (by their
    PTV services) and contacts (by their ``ptv``)."""
    using = [f"{url_of(service_src(i))} ({site.service_path(i)})" for i, s in site.services.items()
             if set(s.ptv) & set(services) or (site.ptv and channel_id in
                                                channels.service_channel_ids(site, s))]
    using += [f"data/contacts.yml ({i})" for i, c in site.contacts.items() if c.ptv == channel_id]
    return ", ".join(dict.fromkeys(using)) or NO_USERS


def ptv_mapping(site: Site) -> list[Note]:
    """Services that name no PTV service (a reminder while the ids are unknown), ids the
    snapshot does not have, and PTV's adult social work services the handbook lacks."""
    out = [Note(site.service_path(i), site.line(site.service_path(i), ("ptv",), exact=True), "",
                "ptv: palvelulla ei ole PTV-tunnusta; sivu näyttää vain käsikirjan omat "
                "yhteystiedot. Lisää palvelun tunnus PTV:stä.")
           for i, s in site.services.items() if not s.ptv]
    if site.ptv is None:
        return out
    for service_id, service in site.services.items():
        path = site.service_path(service_id)
        out += [Note(path, site.line(path, ("ptv",)), pid, "ptv: tunnusta ei ole PTV:n "
                     "tilannekuvassa (data/ptv.json). Tarkista tunnus.") for pid in service.ptv
                if pid not in site.ptv.services]
    named = {pid for s in site.services.values() for pid in s.ptv}
    classes = set(site.registries.ptv.adult_social_work)
    for pid, service in sorted(site.ptv.services.items(), key=lambda i: _name(i[1])):
        found = sorted(classes & set(service.classes))
        if found and pid not in named:
            out.append(Note("data/ptv.json", 0, f'PTV:n palvelu "{_name(service)}" ({pid}, '
                            f"{', '.join(found)})", "on aikuissosiaalityötä, mutta mikään "
                            "käsikirjan palvelu ei nimeä sitä (kenttä ptv). Lisää se palveluun "
                            "tai uusi palvelu."))
    return out


def channel_changes(site: Site) -> list[Note]:
    """Every channel change a sync saw after the editors' last review (``reviewed.ptv``), with
    the old and the new value and the pages it shows on; contacts naming a channel the
    snapshot does not have."""
    if site.ptv is None:
        return []
    out, reviewed, pending = [], site.registries.reviewed.ptv, []
    for change in site.ptv.changes:
        users = _users(site, change.id, change.services)
        if (reviewed and change.seen <= reviewed) or users == NO_USERS:
            continue  # reviewed, or a channel of the county's that no page of the handbook shows
        pending.append(change)
        seen = fi_date(change.seen)
        if change.kind == "removed":
            told = f"poistui PTV:stä (havaittu {seen})"
        elif change.kind == "added":
            told = f"on uusi PTV:ssä (havaittu {seen})"
        else:
            values = "; ".join(f"{_FIELDS.get(v.field, v.field)}: {v.old} → {v.new}"
                               for v in change.values)
            told = f"muuttui PTV:ssä (havaittu {seen}): {values}"
        out.append(Note("data/ptv.json", 0, f'kanava "{change.name}" ({change.id})',
                        f"{told}. Sivut: {users}."))
    if pending:
        last = max(c.seen for c in pending).isoformat()
        out.append(_review_note(site, "ptv", last, "kun olet tarkistanut nämä sivut"))
    for index, (contact_id, contact) in enumerate(site.contacts.items()):
        if contact.ptv and contact.ptv not in site.ptv.channels:
            out.append(Note("data/contacts.yml", site.line("data/contacts.yml", (index, "ptv")),
                            contact_id, f"kanavaa {contact.ptv} ei ole PTV:n tilannekuvassa; "
                            "sivut näyttävät tämän tiedoston tiedot."))
    return out


def _review_note(site: Site, registry: str, last: str, done: str) -> Note:
    """The note that says how to mark the changes seen: ``reviewed: <registry>: <date>``."""
    line = site.line(SETTINGS, ("reviewed", registry), exact=True) or site.line(
        SETTINGS, ("reviewed",), exact=True)
    return Note(SETTINGS, line, "", f"reviewed: {done}, kirjoita reviewed: {registry}: {last}, "
                "niin nämä muutokset eivät enää näy.")


_FIELDS = {"name": "nimi", "summary": "kuvaus", "phones": "puhelin", "emails": "sähköposti",
           "web_pages": "verkkosivut", "addresses": "osoite", "hours": "aukioloajat",
           "areas": "alue", "municipalities": "kunnat", "nationwide": "koko Suomi",
           "services": "palvelut", "type": "tyyppi"}


def contact_differences(site: Site) -> list[Note]:
    """Contacts of data/contacts.yml whose facts differ from the PTV channel they name (pages
    show PTV's), and named persons' numbers that pages leave out."""
    out, path = [], "data/contacts.yml"
    for index, (contact_id, contact) in enumerate(site.contacts.items()):
        def note(field: str, action: str, index=index, contact_id=contact_id) -> Note:
            return Note(path, site.line(path, (index, field)), f"{contact_id}: {field}", action)
        channel = site.ptv.channels.get(contact.ptv) if site.ptv and contact.ptv else None
        if channel:
            name = _name(channel)
            numbers = [phones.finnish(p.number, p.prefix) for p in channel.phones]
            if contact.phone and not any(phones.same_number(contact.phone, n) for n in numbers):
                out.append(note("phone", f'{contact.phone}, PTV:n kanavassa "{name}": '
                                f'{", ".join(numbers) or "ei numeroa"}. Sivuilla näkyy PTV:n '
                                "tieto; korjaa tai poista oma."))
            urls = [w.url.rstrip("/") for w in channel.web_pages]
            if contact.url and contact.url.rstrip("/") not in urls:
                out.append(note("url", f'{contact.url}, PTV:n kanavassa "{name}": '
                                f"{', '.join(urls) or 'ei verkko-osoitetta'}."))
            emails = [e.address.lower() for e in channel.emails]
            if contact.email and contact.email.lower() not in emails:
                out.append(note("email", f'{contact.email}, PTV:n kanavassa "{name}": '
                                f'{", ".join(emails) or "ei sähköpostia"}.'))
        if contact.named_person and contact.phone and not channels.published(site, contact.phone):
            out.append(note("phone", f"{contact.phone} on nimetyn henkilön numero, eikä PTV "
                            "julkaise sitä kanavan numerona, joten sivut eivät näytä sitä."))
    return out


def unsafe_values(site: Site) -> list[Note]:
    """PTV values of the handbook's channels that pages leave out: not an http(s) address,
    not a phone number, not an e-mail address."""
    if site.ptv is None:
        return []
    used = {i for s in site.services.values() for i in channels.service_channel_ids(site, s)}
    out = []
    for channel_id in sorted(used):
        channel = site.ptv.channels[channel_id]
        bad = [f"verkko-osoite {w.url[:80]!r}" for w in channel.web_pages if not safe_url(w.url)]
        bad += [f"puhelinnumero {p.number[:40]!r}" for p in channel.phones
                if not phones.registry_number(p.number, p.prefix, p.service_number)]
        bad += [f"sähköposti {e.address[:80]!r}" for e in channel.emails
                if not EMAIL.match(e.address)]
        if bad:
            out.append(Note("data/ptv.json", 0, f'kanava "{_name(channel)}" ({channel_id})',
                            f"{', '.join(bad)} ei kelpaa, eikä sitä näytetä. Korjaa tieto "
                            "PTV:ssä."))
    return out


def law_changes(site: Site) -> list[Note]:
    """Every cited section that changed in Finlex after it was last looked at: a rule's after
    its ``verified`` date, any other citation's (service, process, page) after
    ``reviewed.finlex``, each naming the file that cites it; laws whose Finlex title is not
    their name here; laws Finlex does not know (once each); cited sections it does not have."""
    if site.finlex is None:
        return []
    out, path = [], "data/laws.yml"
    for index, (law_id, law) in enumerate(site.laws.items()):
        found = site.finlex.laws.get(law_id)
        if found is not None and found.missing:
            out.append(Note(path, site.line(path, (index, "number")), f"{law_id}, {law.number}",
                            "Finlex ei tunne lakia (ajantasaista tekstiä ei ole; esimerkiksi "
                            "muutoslaki). Tarkista numero, tai viittaa lakiin, jota se muuttaa."))
        if found is None or found.missing:
            continue
        name_line = site.line(path, (index, "name"))
        if found.title and " ".join(found.title.split()).lower() != law.name.lower():
            before = (f' (ennen "{found.previous_title}", muuttui {fi_date(found.title_changed)})'
                      if found.previous_title and found.title_changed else "")
            out.append(Note(path, name_line, law_id, f'Finlexin otsikko on "{found.title}"'
                            f"{before}. Tarkista lain nimi."))
        out += [Note(path, name_line, f"{law_id}, {label}", "pykälää ei löydy Finlexin "
                     "ajantasaisesta tekstistä. Tarkista viittaus.")
                for label in found.missing_sections]
    return out + _changed_sections(site)


def _changed_sections(site: Site) -> list[Note]:
    reviewed, out, pending = site.registries.reviewed.finlex, [], []
    rule_index = {rule_id: i for i, rule_id in enumerate(site.rules)}
    for citation in citations(site):
        law = site.finlex.laws.get(citation.law)
        section = law.sections.get(citation.section) if law else None
        if not (section and section.changed):
            continue
        cite = site.laws[citation.law].cite(citation.section)
        rule = site.rules.get(citation.rule) if citation.rule else None
        if rule is not None and rule.verified:
            if section.changed > rule.verified:
                line = site.line("data/rules.yml", (rule_index[citation.rule], "verified"))
                out.append(Note("data/rules.yml", line, citation.rule,
                                f"{cite} muuttui Finlexissä (havaittu {fi_date(section.changed)}), "
                                f"sääntö tarkistettu {fi_date(rule.verified)}. Tarkista sääntö "
                                "ja päivitä verified."))
        elif reviewed is None or section.changed > reviewed:
            pending.append(section.changed)
            path, _, what = citation.where.partition(" ")
            out.append(Note(path, 0, what.strip("()"), f"{cite} muuttui Finlexissä (havaittu "
                            f"{fi_date(section.changed)}). Tarkista, että teksti pitää yhä "
                            "paikkansa."))
    if pending:
        out.append(_review_note(site, "finlex", max(pending).isoformat(),
                                "kun olet tarkistanut nämä kohdat"))
    return out
