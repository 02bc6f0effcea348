"""The county's services and service channels from Suomi.fi Palvelutietovaranto (PTV).

PTV's open API v11 (read-only, no key; definitions in ``vrk-kpa/ptv-releases``, generated
model docs in ``Tampere/ptv-php-client-v11/docs``):

- ``GET {api}/Service/list/organization?organizationId=…&page=N``: the organisation's
  services (``V11VmOpenApiServicesWithPaging``);
- ``GET {api}/ServiceChannel/list/organization?organizationId=…&page=N``: its channels
  (``V11VmOpenApiServiceChannelsWithPaging``; items are phone, e-service, web page, printable
  form or service location channels, flat, told apart by ``serviceChannelType``);
- ``GET {api}/ServiceChannel/list?guids=a,b,…`` (at most 100): channels of other
  organisations that the county's services use.

Lists are paged: ``pageNumber`` (from 1), ``pageSize``, ``pageCount``, ``itemList``; a page
past the end has ``itemList: null``. Every page is read; a page that fails fails the sync.

The snapshot keeps what pages and ``check`` use, in every language PTV has, keyed by PTV id:
texts as ``{language: text}``, numbers (voice, text message, fax), addresses, service hours
with exceptions, web pages with the language versions that give them, the areas served with
their municipalities. It holds no fetch time: it is written only when PTV's facts changed
(``changed``, ``changes.py``), with the channels added, changed (old → new) and removed, which
``check`` lists until an editor has reviewed them. Texts are kept as PTV gives them: they are
untrusted, and pages escape them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any

from ..data.registry_models import PtvSnapshot
from . import SyncError, changes, snapshot
from .http import Client

SNAPSHOT = "data/ptv.json"
MAX_PAGES = 500
GUIDS_PER_REQUEST = 100  # the API's limit for ServiceChannel/list?guids=

GUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
LANGUAGE = re.compile(r"^[a-z]{2,3}$")
MUNICIPALITY = re.compile(r"^[0-9]{3}$")
CHANNEL_TYPES = {"Phone", "EChannel", "WebPage", "PrintableForm", "ServiceLocation"}
NATIONWIDE = {"Nationwide", "NationwideExceptAlandIslands", "WholeCountry",
              "WholeCountryExceptAlandIslands"}


def fetch(client: Client, api: str, organisation: str) -> tuple[list, list]:
    """Every service and channel of the organisation, and the other organisations' channels
    its services use, as PTV returns them."""
    api = api.rstrip("/")
    services = pages(client, f"{api}/Service/list/organization", {"organizationId": organisation})
    channels = pages(client, f"{api}/ServiceChannel/list/organization",
                     {"organizationId": organisation})
    known = {item.get("id") for item in channels if isinstance(item, dict)}
    wanted = sorted({link for service in services for link in _service_channel_ids(service)}
                    - known)
    for start in range(0, len(wanted), GUIDS_PER_REQUEST):
        batch = client.get_json(f"{api}/ServiceChannel/list",
                                {"guids": ",".join(wanted[start:start + GUIDS_PER_REQUEST])})
        channels += _list(batch, "ServiceChannel/list")
    return services, channels


def pages(client: Client, url: str, params: dict) -> list:
    """All items of a paged PTV list, page 1 to ``pageCount`` (or to a page with no items)."""
    items: list = []
    for number in range(1, MAX_PAGES + 1):
        body = client.get_json(url, {**params, "page": number})
        if not isinstance(body, dict) or not isinstance(body.get("pageCount", 0), int):
            raise SyncError(f"{url} sivu {number}: vastaus ei ole PTV:n sivutetun luettelon "
                            "muotoa (pageNumber, pageCount, itemList).")
        if body.get("itemList") is None:
            return items
        items += _list(body["itemList"], f"{url} sivu {number}")
        if number >= body.get("pageCount", 0):
            return items
    raise SyncError(f"{url}: yli {MAX_PAGES} sivua; luettelo ei näytä päättyvän.")


def build(services: list, channels: list, organisation: str, today: date,
          previous: dict | None = None, reviewed: date | None = None) -> tuple[dict, list]:
    """The snapshot (services and channels by id, the day they last changed, the changes not
    yet reviewed) and the channel changes this sync found."""
    service_map = {}
    for raw in services:
        item = _dict(raw, "palvelu")
        service_map[_guid(item.get("id"), "palvelun tunnus")] = _service(item)
    channel_map: dict[str, dict] = {}
    for raw in channels:
        item = _dict(raw, "kanava")
        channel_map[_guid(item.get("id"), "kanavan tunnus")] = _channel(item)
    for service_id, service in service_map.items():  # links are told from both ends
        for channel_id in service["channels"]:
            if channel_id in channel_map:
                channel_map[channel_id]["services"] = sorted(
                    {*channel_map[channel_id]["services"], service_id})
    for channel_id, channel in channel_map.items():
        for service_id in channel["services"]:
            if service_id in service_map:
                service_map[service_id]["channels"] = sorted(
                    {*service_map[service_id]["channels"], channel_id})
    data = {"source": "Suomi.fi Palvelutietovaranto (PTV), avoin rajapinta v11",
            "organisation": organisation, "services": service_map, "channels": channel_map}
    previous = previous if isinstance(previous, dict) else {}
    old = previous.get("channels") if previous.get("organisation") == organisation else None
    found = changes.channel_changes(old, channel_map, today) if isinstance(old, dict) else []
    data = changes.stamp(data, previous, ("organisation", "services", "channels"), today)
    data["changes"] = (changes.carried(previous.get("changes"), found, reviewed)
                       if data["changed"] == today.isoformat() else previous.get("changes", []))
    return data, found


def sync(root: Path, client: Client, api: str, organisation: str, today: date,
         reviewed: date | None = None) -> tuple[dict, list, bool]:
    """Fetch, build and write ``data/ptv.json``: (the snapshot, the changes this sync found,
    whether the file was written). Nothing is written unless every request succeeded and
    PTV's facts changed."""
    path = root / SNAPSHOT
    previous = snapshot.read(path)
    services, channels = fetch(client, api, organisation)
    data, found = build(services, channels, organisation, today, previous, reviewed)
    return data, found, snapshot.write(path, data, PtvSnapshot)


# --- PTV objects → snapshot ----------------------------------------------------------------


def _service(item: dict) -> dict:
    return _prune({
        "name": _localized(item.get("serviceNames"), "Name"),
        "classes": sorted({code for code in (_class_code(c) for c in _list(
            item.get("serviceClasses"), "serviceClasses")) if code}),
        "channels": sorted(_service_channel_ids(item)),
    }, keep={"channels", "name"})


def _channel(item: dict) -> dict:
    kind = _str(item.get("serviceChannelType"))
    if kind not in CHANNEL_TYPES:
        raise SyncError(f"kanava {item.get('id')}: tuntematon kanavatyyppi {kind!r} "
                        f"(PTV:ssä {', '.join(sorted(CHANNEL_TYPES))}).")
    areas = [_area(_dict(a, "areas")) for a in _list(item.get("areas"), "areas")]
    covered = {m["code"] for area in areas for m in area.get("municipalities", [])}
    covered |= {code for code in (_municipality(m) for m in _list(
        item.get("areaMunicipalities"), "areaMunicipalities")) if code}
    addresses = [_address(_dict(a, "addresses")) for a in _list(item.get("addresses"), "addresses")]
    return _prune({
        "type": kind,
        "name": _localized(item.get("serviceChannelNames"), "Name"),
        "summary": _localized(item.get("serviceChannelDescriptions"), "Summary"),
        "phones": _phones([*_list(item.get("phoneNumbers"), "phoneNumbers"),
                           *_list(item.get("supportPhones"), "supportPhones")]),
        "emails": _grouped(_list(item.get("supportEmails"), "supportEmails")
                           + _list(item.get("emails"), "emails"),
                           key=lambda e: _str(e.get("value")),
                           make=lambda e: {"address": _str(e.get("value"))}),
        "web_pages": _web_pages(_list(item.get("webPages"), "webPages")),
        "addresses": sorted(addresses, key=lambda a: (a.get("type") != "Location", str(a))),
        "hours": _hours(_list(item.get("serviceHours"), "serviceHours")),
        "areas": sorted(areas, key=lambda a: (a.get("type") or "", a.get("code") or "", str(a))),
        "nationwide": _str(item.get("areaType")) in NATIONWIDE,
        "municipalities": sorted(covered),
        "services": sorted({_guid(_dict(link.get("service"), "service").get("id"), "palvelun tunnus")
                            for link in (_dict(x, "services") for x in _list(
                                item.get("services"), "services"))
                            if isinstance(link.get("service"), dict)}),
    }, keep={"type", "name", "services", "municipalities", "nationwide"})


def _phones(items: list) -> list[dict]:
    """Each number once, its texts by language (PTV repeats a number per language)."""
    def make(item):
        return {"number": _str(item.get("number")), "prefix": _str(item.get("prefixNumber")),
                "service_number": bool(item.get("isFinnishServiceNumber")),
                "kind": _str(item.get("type")) or "Phone",
                "charge": _str(item.get("serviceChargeType")),
                "charge_description": {}, "info": {}}

    def key(item):
        return (_str(item.get("prefixNumber")) or "", _str(item.get("number")) or "",
                _str(item.get("type")) or "Phone")

    phones = _grouped(items, key, make, extra=(("charge_description", "chargeDescription"),
                                               ("info", "additionalInformation")))
    return [phone for phone in phones if phone["number"]]


def _web_pages(items: list) -> list[dict]:
    """Each address once, with the language versions that give it (PTV's ``value``, the
    page's name, may be null: the language still tells which page shows it)."""
    pages = _grouped(items, key=lambda w: _str(w.get("url")),
                     make=lambda w: {"url": _str(w.get("url")), "name": {}, "languages": []},
                     extra=(("name", "value"),))
    for page in pages:
        page["languages"] = sorted({language for item in items
                                    if _str(_dict(item, "webPages").get("url")) == page["url"]
                                    and (language := _str(item.get("language")))
                                    and LANGUAGE.match(language)})
    return [_prune(page, keep={"url"}) for page in pages]


def _grouped(items: list, key: Callable, make: Callable, extra: Iterable = ()) -> list[dict]:
    """Items that PTV repeats per language merged into one, by ``key``; ``extra`` names the
    (snapshot field, PTV field) texts gathered by language. In PTV's order (orderNumber), then
    by key."""
    merged: dict[Any, dict] = {}
    items = [_dict(item, "luettelo") for item in items]
    for item in sorted(items, key=lambda i: (i.get("orderNumber") if isinstance(
            i.get("orderNumber"), int) else 0, str(key(i)))):  # ties: the same order every time
        k = key(item)
        if not k:
            continue
        entry = merged.setdefault(k, make(item))
        language = _str(item.get("language"))
        if language and LANGUAGE.match(language):
            for field, source in extra:
                text = _str(item.get(source))
                if text:
                    entry[field][language] = text
    return [_prune(entry, keep={"number", "url", "address", "name"}) for entry in merged.values()]


def _address(item: dict) -> dict:
    street = _dict(item.get("streetAddress"), "streetAddress") if item.get("streetAddress") else {}
    box = _dict(item.get("postOfficeBoxAddress"), "postOfficeBoxAddress") \
        if item.get("postOfficeBoxAddress") else {}
    part = street or box
    return _prune({
        "type": _str(item.get("type")),
        "street": _localized(street.get("street")),
        "street_number": _str(street.get("streetNumber")),
        "post_office_box": _localized(box.get("postOfficeBox")),
        "postal_code": _str(part.get("postalCode")),
        "post_office": _localized(part.get("postOffice")),
        "municipality": _municipality(part.get("municipality")),
        "info": _localized(part.get("additionalInformation")),
    })


def _hours(items: list) -> list[dict]:
    hours = []
    for raw in items:
        item = _dict(raw, "serviceHours")
        hours.append(_prune({
            "type": _str(item.get("serviceHourType")),
            "valid_from": _date(item.get("validFrom")),
            "valid_to": _date(item.get("validTo")),
            "closed": bool(item.get("isClosed")),
            "always_open": bool(item.get("isAlwaysOpen")),
            "reservation": bool(item.get("isReservation")),
            "info": _localized(item.get("additionalInformation")),
            "times": [_prune({"day_from": _str(t.get("dayFrom")), "day_to": _str(t.get("dayTo")),
                              "opens": _str(t.get("from")), "closes": _str(t.get("to"))})
                      for t in (_dict(x, "openingHour") for x in _list(
                          item.get("openingHour"), "openingHour"))],
            "order": item.get("orderNumber") if isinstance(item.get("orderNumber"), int) else None,
        }, keep={"type", "times"}))
    order = {"DaysOfTheWeek": 0, "OverMidnight": 1, "Exceptional": 2}
    hours.sort(key=lambda h: (order.get(h["type"], 3), h.get("valid_from") or "",
                              h.get("order") or 0, str(h)))
    for h in hours:
        h.pop("order", None)
    return hours


def _area(item: dict) -> dict:
    """An area served (``VmOpenApiArea``): its type, code and name, and its municipalities
    with their names (an area of type Municipality may name them only there, its code null)."""
    municipalities = {}
    for raw in _list(item.get("municipalities"), "municipalities"):
        code = _municipality(raw)
        if code:
            municipalities[code] = {"code": code, "name": _localized(raw.get("name"))}
    code = _str(item.get("code"))
    if _str(item.get("type")) == "Municipality" and MUNICIPALITY.match(code or ""):
        municipalities.setdefault(code, {"code": code, "name": _localized(item.get("name"))})
    return _prune({"type": _str(item.get("type")), "code": code,
                   "name": _localized(item.get("name")),
                   "municipalities": [_prune(m, keep={"code"}) for _, m in sorted(
                       municipalities.items())]})


# --- small readers that refuse what is not PTV's shape --------------------------------------


def _localized(items: Any, kind: str | None = None) -> dict[str, str]:
    """PTV's ``[{language, value, type}]`` as ``{language: value}``, of one ``type``."""
    texts = {}
    for raw in _list(items, "kieliversiot"):
        item = _dict(raw, "kieliversio")
        language, value = _str(item.get("language")), _str(item.get("value"))
        if kind and _str(item.get("type")) != kind:
            continue
        if language and value and LANGUAGE.match(language):
            texts.setdefault(language, value)
    return texts


def _service_channel_ids(service: Any) -> set[str]:
    if not isinstance(service, dict):
        return set()
    ids = set()
    for link in _list(service.get("serviceChannels"), "serviceChannels"):
        channel = _dict(link, "serviceChannels").get("serviceChannel")
        if isinstance(channel, dict) and channel.get("id"):
            ids.add(_guid(channel["id"], "kanavan tunnus"))
    return ids


def _class_code(item: Any) -> str | None:
    item = _dict(item, "serviceClasses")
    code = _str(item.get("code")) or (_str(item.get("uri")) or "").rsplit("/", 1)[-1]
    return code if code and re.match(r"^[A-Za-z0-9.]{1,20}$", code) else None


def _municipality(item: Any) -> str | None:
    code = _str(item.get("code")) if isinstance(item, dict) else None
    return code if code and MUNICIPALITY.match(code) else None


def _guid(value: Any, what: str) -> str:
    if isinstance(value, str) and GUID.match(value.lower()):
        return value.lower()
    raise SyncError(f"PTV:n vastauksessa {what} {str(value)[:60]!r} ei ole PTV-tunnuksen muotoa.")


def _date(value: Any) -> str | None:
    text = _str(value)
    return text[:10] if text and re.match(r"^\d{4}-\d{2}-\d{2}", text) else None


def _str(value: Any) -> str | None:
    """A text value, without control, format and private-use characters (a right-to-left
    override or a NUL has no place in a phone number or a street name)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise SyncError(f"PTV:n vastauksessa on arvo {str(value)[:60]!r}, jonka piti olla teksti.")
    text = "".join(c for c in str(value) if c in "\n\t" or (
        unicodedata.category(c) not in ("Cc", "Cf", "Cs", "Co") and c not in "\ufffe\uffff"))
    return text.strip() or None


def _list(value: Any, what: str) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        raise SyncError(f"PTV:n vastauksessa {what} ei ole luettelo.")
    return value


def _dict(value: Any, what: str) -> dict:
    if not isinstance(value, dict):
        raise SyncError(f"PTV:n vastauksessa {what} ei ole olio.")
    return value


def _prune(data: dict, keep: Iterable[str] = ()) -> dict:
    """Drop empty values (None, {}, [], False) so the snapshot holds what PTV says."""
    keep = set(keep)
    return {k: v for k, v in data.items() if k in keep or v not in (None, {}, [], False, "")}
