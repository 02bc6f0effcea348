"""The laws the handbook cites, from Finlex open data: title, latest amendment, cited sections.

Finlex's open data REST API (``/finlex/avoindata/v1``, described by its own OpenAPI document)
serves a consolidated statute as Akoma Ntoso 3.0 XML at
``{api}/akn/fi/act/statute-consolidated/{year}/{number}/fin@`` (the latest Finnish version).
In that document:

- the title is ``preface/p/docTitle`` and the number ``preface/p/docNumber``;
- the date of consolidation is ``FRBRExpression/FRBRdate[@name="dateConsolidated"]``;
- amendments are ``meta/proprietary/finlex:amendedBy/finlex:statuteReference``, each with
  ``finlex:ref`` (the amending act's number) and ``finlex:dateEntryIntoForce``;
- a section is ``<section eId="sec_14e">`` directly in the body or ``<section
  eId="chp_2__sec_14e">`` inside a chapter; its ``num`` reads "14 e §".

For each law of ``data/laws.yml`` the snapshot records its current title, the latest amendment
(number and date in force) and, for each section that ``data/rules.yml``, a service, a process
or a page cites, a hash of the section's text and the date a sync first saw that text change.
A law Finlex has no consolidated text of (404, e.g. an amending act) is recorded as missing.
The snapshot holds no fetch time: it is written only when one of these facts changed
(``changed``: the day a sync last saw a change), so a run that finds nothing new leaves the
file, byte for byte, as it was.
"""

from __future__ import annotations

import hashlib
import re
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

from ..data.registry_models import FinlexSnapshot
from . import SyncError, changes, snapshot
from .http import Client

SNAPSHOT = "data/finlex.json"
AKN = "{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}"
FINLEX = "{http://data.finlex.fi/schema/finlex}"
SECTION_LABEL = re.compile(r"^(\d+)(?: ?([a-z]))?(?: ?[–-] ?(\d+)(?: ?([a-z]))?)? §$")


def statute_url(api: str, number: str) -> str:
    """The consolidated Finnish text of a law numbered "1301/2014"."""
    serial, year = number.split("/")
    return f"{api.rstrip('/')}/akn/fi/act/statute-consolidated/{year}/{serial}/fin@"


def section_keys(label: str) -> list[str]:
    """A cited section as the last part of its eId: "14 e §" → ["sec_14e"], "29–30 §" →
    ["sec_29", "sec_30"]. A range with letters keeps only its ends."""
    match = SECTION_LABEL.match(label)
    if not match:
        return []
    first, letter, last, last_letter = match.groups()
    if last is None:
        return [f"sec_{first}{letter or ''}"]
    if letter or last_letter:
        return [f"sec_{first}{letter or ''}", f"sec_{last}{last_letter or ''}"]
    return [f"sec_{n}" for n in range(int(first), int(last) + 1)]


def parse(xml: bytes, where: str) -> dict:
    """Title, number, consolidation date, amendments and every section's text of one
    consolidated statute. Expat (2.4.1 and later) refuses entity bombs; external entities
    are never fetched."""
    try:
        root = ET.fromstring(xml)
    except ET.ParseError as error:
        line, column = error.position
        raise SyncError(f"{where}: vastaus ei ole kelvollista XML:ää (virhe rivillä {line}, "
                        f"sarakkeessa {column + 1}).") from None
    if root.tag != f"{AKN}akomaNtoso":
        raise SyncError(f"{where}: vastaus ei ole Akoma Ntoso -asiakirja ({root.tag[:80]}).")
    title = _text(root.find(f".//{AKN}preface//{AKN}docTitle"))
    if not title:
        raise SyncError(f"{where}: asiakirjasta puuttuu otsikko (preface/docTitle).")
    consolidated = None
    for dated in root.iter(f"{AKN}FRBRdate"):
        if dated.get("name") == "dateConsolidated":
            consolidated = _iso(dated.get("date"))
    amendments = []
    for amended_by in root.iter(f"{FINLEX}amendedBy"):
        for reference in amended_by.iter(f"{FINLEX}statuteReference"):
            in_force = reference.find(f".//{FINLEX}dateEntryIntoForce")
            amendments.append({"number": _text(reference.find(f"{FINLEX}ref")),
                               "in_force": _iso(in_force.get("date")) if in_force is not None
                               else None})
    sections: dict[str, dict] = {}
    body = root.find(f".//{AKN}body")
    for section in (body.iter(f"{AKN}section") if body is not None else ()):
        key = (section.get("eId") or "").rsplit("__", 1)[-1]
        if key.startswith("sec_") and key not in sections:  # the provisions come first
            text = _text(section)
            sections[key] = {"hash": hashlib.sha256(text.encode()).hexdigest()[:16],
                             "heading": _text(section.find(f"{AKN}heading"))}
    return {"title": title, "number": _text(root.find(f".//{AKN}preface//{AKN}docNumber")),
            "consolidated": consolidated, "amendments": amendments, "sections": sections}


def latest(amendments: list[dict]) -> dict | None:
    """The amendment in force last (the list's order breaks ties)."""
    dated = [(a["in_force"] or "", i, a) for i, a in enumerate(amendments) if a.get("number")]
    return max(dated)[2] if dated else None


def law_entry(number: str, url: str, parsed: dict | None, cited: set[str], today: str,
              previous: dict | None) -> dict:
    """One law's part of the snapshot, carrying each section's change date forward."""
    if parsed is None:
        return {"number": number, "url": url, "missing": True}
    previous = previous if isinstance(previous, dict) else {}
    old_sections = previous.get("sections") if isinstance(previous.get("sections"), dict) else {}
    entry: dict = {"number": number, "url": url, "title": parsed["title"], "sections": {},
                   "missing_sections": []}
    if parsed["consolidated"]:
        entry["consolidated"] = parsed["consolidated"]
    amendment = latest(parsed["amendments"])
    if amendment:
        entry["latest_amendment"] = {k: v for k, v in amendment.items() if v}
    if previous.get("title") and previous["title"] != parsed["title"]:
        entry.update(previous_title=previous["title"], title_changed=today)
    elif previous.get("previous_title"):
        entry.update(previous_title=previous["previous_title"],
                     title_changed=previous.get("title_changed"))
    for label in sorted(cited):
        found = [parsed["sections"].get(key) for key in section_keys(label)]
        if not found or None in found:
            entry["missing_sections"].append(label)
            continue
        digest = hashlib.sha256("".join(f["hash"] for f in found).encode()).hexdigest()[:16] \
            if len(found) > 1 else found[0]["hash"]
        section = {"hash": digest}
        if len(found) == 1 and found[0]["heading"]:
            section["heading"] = found[0]["heading"]
        old = old_sections.get(label) if isinstance(old_sections.get(label), dict) else None
        if old and old.get("hash") != digest:
            section["changed"] = today
        elif old and old.get("changed"):
            section["changed"] = old["changed"]
        entry["sections"][label] = section
    if not entry["missing_sections"]:
        del entry["missing_sections"]
    return entry


def sync(root: Path, client: Client, api: str, laws: dict[str, str],
         cited: dict[str, set[str]], today: date) -> tuple[dict, list[str], bool]:
    """Fetch every law of ``laws`` (id → number) and write ``data/finlex.json``: (the
    snapshot, the cited sections whose text this sync saw change, whether the file was
    written). Nothing is written unless every law was read (a law Finlex does not have counts
    as read) and something changed."""
    path = root / SNAPSHOT
    previous = snapshot.read(path) or {}
    old_laws = previous.get("laws") if isinstance(previous.get("laws"), dict) else {}
    entries = {}
    for law_id, number in sorted(laws.items()):
        url = statute_url(api, number)
        body = client.get(url, accept="application/xml", missing_ok=True)
        parsed = parse(body, url) if body is not None else None
        entries[law_id] = law_entry(number, url, parsed, cited.get(law_id, set()),
                                    today.isoformat(), old_laws.get(law_id))
    changed_now = [f"{law_id} {label}" for law_id, law in entries.items()
                   for label, section in law.get("sections", {}).items()
                   if section.get("changed") == today.isoformat()
                   and _dict(_dict(_dict(old_laws.get(law_id)).get("sections")).get(label))
                   .get("hash") != section["hash"]]
    data = changes.stamp({"source": "Finlex avoin data, ajantasainen lainsäädäntö (Akoma Ntoso)",
                          "laws": entries}, previous, ("laws",), today)
    return data, changed_now, snapshot.write(path, data, FinlexSnapshot)


def _dict(value) -> dict:
    return value if isinstance(value, dict) else {}


def _text(element: ET.Element | None) -> str:
    return " ".join("".join(element.itertext()).split()) if element is not None else ""


def _iso(value: str | None) -> str | None:
    return value if value and re.match(r"^\d{4}-\d{2}-\d{2}$", value) else None
