"""Editors' report on the registry snapshots (``data/ptv.json``, ``data/finlex.json``): what
to look at after a sync, none of it stopping the build.

PTV: a snapshot missing or older than ``max_age_days``, services without a PTV mapping (and
ids the snapshot lacks), adult social work services in PTV that no handbook service names,
channels removed or changed by the last sync and who used them, contacts that differ from the
PTV channel they name, named persons' numbers kept off the pages, and PTV values the pages
leave out as unsafe. Finlex: rules whose cited section changed after the rule was verified,
laws whose title is not the handbook's, cited sections Finlex does not have.
"""

from __future__ import annotations

from datetime import date, datetime

from ..data.registry_models import PtvChannel
from ..data.site import Site
from ..pages import channels
from ..pages.render import fi_date
from ..pages.untrusted import EMAIL, safe_phone, safe_url, same_number

# What an editor does about a snapshot: the server's scheduled refresh fetches it (README:
# "Scheduled refresh"); the command is the maintainers', so the editor is not told to run it.
REFRESH = ("Ajastettu päivitys hakee tiedot palvelimella ja lähettää ne haaraan "
           "paivitys/rekisterit-VVVV-KK-PP: yhdistä odottava haara, tai pyydä palvelimen "
           "pääkäyttäjää hakemaan tiedot.")


def _age(path: str, registry: str, fetched: datetime | None, today: date,
         limit: int) -> list[str]:
    if fetched is None:
        return [f"{path}: {registry}-tietoja ei ole vielä haettu. {REFRESH}"]
    days = (today - fetched.date()).days
    if days > limit:
        return [f"{path}: {registry}-tiedot on haettu {fi_date(fetched.date())}, {days} päivää "
                f"sitten (raja {limit}). {REFRESH}"]
    return []


def snapshot_ages(site: Site, today: date) -> list[str]:
    limit = site.registries.max_age_days
    out = _age("data/ptv.json", "PTV", site.ptv.fetched if site.ptv else None, today, limit)
    out += _age("data/finlex.json", "Finlex", site.finlex.fetched if site.finlex else None,
                today, limit)
    wanted = site.registries.ptv.organisation
    if site.ptv and wanted and site.ptv.organisation != wanted:
        out.append(f"data/ptv.json: haettu organisaatiolle {site.ptv.organisation}, mutta "
                   f"data/registries.yml nimeää {wanted}. {REFRESH}")
    return out


def _name(channel: PtvChannel | None, fallback: str = "") -> str:
    return (channel.name.get("fi") or next(iter(channel.name.values()), "")) if channel else fallback


def _users(site: Site, channel_id: str, services: list[str] = ()) -> str:
    """The handbook's data that uses a PTV channel: services (by their PTV services) and
    contacts (by their ``ptv``)."""
    using = [site.service_path(i) for i, s in site.services.items()
             if set(s.ptv) & set(services) or (site.ptv and channel_id in
                                                channels.service_channel_ids(site, s))]
    using += [f"data/contacts.yml ({i})" for i, c in site.contacts.items() if c.ptv == channel_id]
    return ", ".join(dict.fromkeys(using)) or "ei käsikirjan palveluja"


def ptv_mapping(site: Site) -> list[str]:
    """Services that name no PTV service (a reminder while the ids are unknown), ids the
    snapshot does not have, and PTV's adult social work services the handbook lacks."""
    out = [f"{site.service_path(i)}: ptv: palvelulla ei ole PTV-tunnusta; sivu näyttää vain "
           "käsikirjan omat yhteystiedot. Lisää palvelun tunnus PTV:stä."
           for i, s in site.services.items() if not s.ptv]
    if site.ptv is None:
        return out
    for service_id, service in site.services.items():
        out += [f"{site.service_path(service_id)}: ptv: tunnusta {pid} ei ole PTV:n "
                "tilannekuvassa (data/ptv.json). Tarkista tunnus." for pid in service.ptv
                if pid not in site.ptv.services]
    named = {pid for s in site.services.values() for pid in s.ptv}
    classes = set(site.registries.ptv.adult_social_work)
    for pid, service in sorted(site.ptv.services.items(), key=lambda i: _name(i[1])):
        found = sorted(classes & set(service.classes))
        if found and pid not in named:
            out.append(f'data/ptv.json: PTV:n palvelu "{_name(service)}" ({pid}, '
                       f"{', '.join(found)}) on aikuissosiaalityötä, mutta mikään käsikirjan "
                       "palvelu ei nimeä sitä (kenttä ptv). Lisää se palveluun tai uusi palvelu.")
    return out


def channel_changes(site: Site) -> list[str]:
    """What the last sync found changed or removed, and which of the handbook's data uses it;
    contacts naming a channel the snapshot does not have."""
    if site.ptv is None:
        return []
    changes, out = site.ptv.changes, []
    when = (f"{fi_date(changes.since.date())}–{fi_date(site.ptv.fetched.date())}"
            if changes.since else "")
    for removed in changes.removed:
        out.append(f'data/ptv.json: kanava "{removed.name}" ({removed.id}) poistui PTV:stä '
                   f"({when}). Käyttäjät: {_users(site, removed.id, removed.services)}.")
    for added in changes.added:
        users = _users(site, added.id)
        if users != "ei käsikirjan palveluja":  # shown already on these pages: say so
            out.append(f'data/ptv.json: kanava "{added.name}" ({added.id}) on uusi ({when}) ja '
                       f"näkyy nyt sivuilla: {users}.")
    for changed in changes.changed:
        out.append(f'data/ptv.json: kanava "{changed.name}" ({changed.id}) muuttui ({when}): '
                   f"{', '.join(changed.fields)}. Käyttäjät: {_users(site, changed.id)}.")
    for index, (contact_id, contact) in enumerate(site.contacts.items()):
        if contact.ptv and contact.ptv not in site.ptv.channels:
            out.append(f"data/contacts.yml: [{index}].ptv ({contact_id}): kanavaa {contact.ptv} "
                       "ei ole PTV:n tilannekuvassa; sivut näyttävät tämän tiedoston tiedot.")
    return out


def contact_differences(site: Site) -> list[str]:
    """Contacts of data/contacts.yml whose facts differ from the PTV channel they name (pages
    show PTV's), and named persons' numbers that pages leave out."""
    out = []
    for index, (contact_id, contact) in enumerate(site.contacts.items()):
        where = f"data/contacts.yml: [{index}]"
        channel = site.ptv.channels.get(contact.ptv) if site.ptv and contact.ptv else None
        if channel:
            name = _name(channel)
            numbers = [f"{p.prefix or ''} {p.number}".strip() for p in channel.phones]
            if contact.phone and not any(same_number(contact.phone, n.replace(" ", ""))
                                         for n in numbers):
                out.append(f'{where}.phone ({contact_id}): {contact.phone}, PTV:n kanavassa '
                           f'"{name}": {", ".join(numbers) or "ei numeroa"}. Sivuilla näkyy '
                           "PTV:n tieto; korjaa tai poista oma.")
            urls = [w.url.rstrip("/") for w in channel.web_pages]
            if contact.url and contact.url.rstrip("/") not in urls:
                out.append(f'{where}.url ({contact_id}): {contact.url}, PTV:n kanavassa "{name}": '
                           f"{', '.join(urls) or 'ei verkko-osoitetta'}.")
            emails = [e.address.lower() for e in channel.emails]
            if contact.email and contact.email.lower() not in emails:
                out.append(f'{where}.email ({contact_id}): {contact.email}, PTV:n kanavassa '
                           f'"{name}": {", ".join(emails) or "ei sähköpostia"}.')
        if contact.named_person and contact.phone and not channels.published(site, contact.phone):
            out.append(f"{where}.phone ({contact_id}): {contact.phone} on nimetyn henkilön "
                       "numero, eikä PTV julkaise sitä kanavan numerona, joten sivut eivät "
                       "näytä sitä.")
    return out


def unsafe_values(site: Site) -> list[str]:
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
                if not safe_phone(p.number, p.prefix, p.service_number)]
        bad += [f"sähköposti {e.address[:80]!r}" for e in channel.emails
                if not EMAIL.match(e.address)]
        if bad:
            out.append(f'data/ptv.json: kanava "{_name(channel)}" ({channel_id}): '
                       f"{', '.join(bad)} ei kelpaa, eikä sitä näytetä. Korjaa tieto PTV:ssä.")
    return out


def law_changes(site: Site) -> list[str]:
    """Rules whose cited section changed after their ``verified`` date, laws whose Finlex title
    is not their name here, cited sections Finlex does not have."""
    if site.finlex is None:
        return []
    out = []
    for index, (law_id, law) in enumerate(site.laws.items()):
        found = site.finlex.laws.get(law_id)
        where = f"data/laws.yml: [{index}].name ({law_id})"
        if found is None or found.missing:
            continue
        if found.title and " ".join(found.title.split()).lower() != law.name.lower():
            before = (f' (ennen "{found.previous_title}", muuttui {fi_date(found.title_changed)})'
                      if found.previous_title and found.title_changed else "")
            out.append(f'{where}: Finlexin otsikko on "{found.title}"{before}. '
                       "Tarkista lain nimi.")
        out += [f"{where}: pykälää {label} ei löydy Finlexin ajantasaisesta tekstistä. "
                "Tarkista viittaus." for label in found.missing_sections]
    for index, (rule_id, rule) in enumerate(site.rules.items()):
        law = site.finlex.laws.get(rule.law.law)
        section = law.sections.get(rule.law.section) if law and rule.law.section else None
        if section and section.changed and rule.verified and section.changed > rule.verified:
            out.append(f"data/rules.yml: [{index}].verified ({rule_id}): "
                       f"{site.laws[rule.law.law].cite(rule.law.section)} muuttui Finlexissä "
                       f"(havaittu {fi_date(section.changed)}), sääntö tarkistettu "
                       f"{fi_date(rule.verified)}. Tarkista sääntö ja päivitä verified.")
    return out
