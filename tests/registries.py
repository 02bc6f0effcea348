"""A local HTTP server that answers as PTV's open API v11 and Finlex's open data API do.

This machine cannot reach either registry, so the syncs are tested against this server. Its
answers follow the official definitions; its values are test data (never committed under
``data/``):

- PTV open API v11 (``vrk-kpa/ptv-releases``, release branches; generated docs
  ``Tampere/ptv-php-client-v11``):
  ``docs/Api/ServiceApi.md`` ``GET /api/v11/Service/list/organization?organizationId=&page=``
  → ``V11VmOpenApiServicesWithPaging``; ``docs/Api/ServiceChannelApi.md``
  ``GET /api/v11/ServiceChannel/list/organization?organizationId=&page=`` →
  ``V11VmOpenApiServiceChannelsWithPaging`` and ``GET /api/v11/ServiceChannel/list?guids=``
  (at most 100) → ``V11VmOpenApiServiceChannels[]``. Paging: ``pageNumber`` (from 1),
  ``pageSize``, ``pageCount``, ``itemList``; a page past the end has ``itemList: null``.
  Objects: ``V11VmOpenApiService`` (``serviceNames``, ``serviceDescriptions``,
  ``serviceClasses``, ``serviceChannels[].serviceChannel``), channels flat by
  ``serviceChannelType`` (``V11VmOpenApiPhoneChannel``, ``…ElectronicChannel``,
  ``…ServiceLocationChannel``: ``serviceChannelNames``, ``phoneNumbers``
  (``V4VmOpenApiPhoneWithType``: ``type`` Phone/Sms/Fax, ``prefixNumber``, ``number``,
  ``isFinnishServiceNumber``, ``serviceChargeType``, ``chargeDescription``,
  ``additionalInformation``, ``language``), ``supportEmails`` (``VmOpenApiLanguageItem``:
  ``value``, ``language``), ``webPages`` (``V9VmOpenApiWebPage``: ``url``, ``value`` optional
  and so often null, ``language``), ``addresses`` (``V9VmOpenApiAddressLocation`` with
  ``streetAddress``), ``serviceHours`` (``V11VmOpenApiServiceHour``: ``serviceHourType``
  DaysOfTheWeek/Exceptional/OverMidnight, ``validFrom``, ``validTo``, ``isClosed``,
  ``openingHour[]`` (``V8VmOpenApiDailyOpeningTime``) with ``dayFrom``, ``dayTo``, ``from``,
  ``to``), ``areaType`` Nationwide/NationwideExceptAlandIslands/LimitedType, ``areas``
  (``VmOpenApiArea``: ``type`` Municipality/Region/BusinessSubRegion/HospitalDistrict,
  ``code``, ``name``, ``municipalities`` of ``VmOpenApiMunicipality`` {code, name}; an area of
  type Municipality as PTV sends it has ``code: null`` and its municipalities in the list),
  ``services[].service``). The captured real response
  ``src/PTV.ExternalData.Pharmacy/Resources/OrganizationServiceChannel.json`` in
  ``vrk-kpa/ptv-releases`` shows the same envelope, the address shape and the areas, support
  phones, support e-mails, web pages and service hours of its example channel.
- Finlex open data (``/finlex/avoindata/v1``, its OpenAPI document; calls as in
  ``UniversityOfHelsinkiCS/finlex``): ``GET /akn/fi/act/statute-consolidated/{year}/{number}/fin@``
  → Akoma Ntoso 3.0 XML, shaped on ``tggo/lex`` ``fi/scripts/akn/testdata/act.sample.xml``
  (``FRBRdate name="dateConsolidated"``, ``finlex:amendedBy/finlex:statuteReference``,
  ``preface/p/docTitle``, sections ``sec_N`` in the body or ``chp_N__sec_N`` in chapters);
  a law without a consolidated text answers 404.

Faults are queued per path (and page): ``"500"``, ``"429"`` (with ``Retry-After: 0``),
``"timeout"`` (sends nothing, not even the headers, for ``delay`` seconds), ``"malformed"``
(broken JSON), ``"redirect:URL"`` (302 to URL), ``"500*"`` (every time).

The syncs reach this server only because the tests name it: ``env()`` gives the
``HANDBOOK_*`` variables that point mkdocs.yml's registry addresses here and allow its one
loopback origin (``HANDBOOK_SYNC_TEST_ORIGIN``); ``client()`` does the same for a ``Client``.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

PTV = "/api/v11"
FINLEX = "/finlex/avoindata/v1"
ORGANISATION = "5a3b3e1c-0000-4000-8000-00000000a001"


def guid(name: str) -> str:
    """A stable PTV-shaped id for a test object's name."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"test:{name}"))


def texts(kind: str | None = None, **by_language: str) -> list[dict]:
    """PTV's localized list: ``[{language, value, type}]``."""
    return [{"language": lang, "value": value, **({"type": kind} if kind else {})}
            for lang, value in by_language.items()]


def service(name: str, fi: str, en: str | None = None, classes=("P4.10",),
            channels: tuple[str, ...] = ()) -> dict:
    """A ``V11VmOpenApiService``."""
    names = {"fi": fi, **({"en": en} if en else {}), "sv": f"{fi} (sv)"}
    return {
        "id": guid(name), "type": "Service", "serviceNames": texts("Name", **names),
        "serviceDescriptions": texts("Summary", fi=f"{fi}: tiivistelmä"),
        "serviceChargeType": "FreeOfCharge", "areaType": "LimitedType",
        "serviceClasses": [{"code": c, "uri": f"http://uri.suomi.fi/codelist/ptv/ptvserclass2/code/{c}",
                            "name": texts(None, fi=c)} for c in classes],
        "serviceChannels": [{"serviceChannel": {"id": guid(c), "name": c}} for c in channels],
        "organizations": [{"roleType": "Responsible", "organization": {"id": ORGANISATION}}],
        "publishingStatus": "Published", "modified": "2026-11-30T08:00:00",
    }


def municipality(code: str) -> dict:
    """A ``VmOpenApiMunicipality``: its code and its names."""
    return {"code": code, "name": texts(None, fi=f"Kunta {code}", sv=f"Kommun {code}")}


def _channel(name: str, kind: str, names: dict, municipalities=(), services=(), **fields) -> dict:
    """A channel; its area, as PTV sends one of type Municipality: ``code`` null, the
    municipalities in the list."""
    areas = [{"type": "Municipality", "code": None, "name": [],
              "municipalities": [municipality(code) for code in municipalities]}] \
        if municipalities else []
    return {
        "id": guid(name), "serviceChannelType": kind, "organizationId": ORGANISATION,
        "serviceChannelNames": texts("Name", **names),
        "serviceChannelDescriptions": texts("Summary", fi=f"{names['fi']}: kuvaus"),
        "areaType": "LimitedType" if municipalities else "Nationwide", "areas": areas,
        "languages": ["fi", "sv", "en"], "phoneNumbers": [], "supportPhones": [],
        "supportEmails": [], "webPages": [], "addresses": [], "serviceHours": [],
        "services": [{"service": {"id": guid(s), "name": s}} for s in services],
        "publishingStatus": "Published", "modified": "2026-11-30T08:00:00", **fields,
    }


def weekdays(start: str = "08:00", end: str = "16:00") -> dict:
    return {"serviceHourType": "DaysOfTheWeek", "validForNow": True, "isClosed": False,
            "isAlwaysOpen": False, "isReservation": False, "additionalInformation": [],
            "openingHour": [{"dayFrom": "Monday", "dayTo": "Friday", "from": start, "to": end}]}


def closed_on(day: str, why_fi: str, why_en: str) -> dict:
    return {"serviceHourType": "Exceptional", "validFrom": f"{day}T00:00:00",
            "validTo": f"{day}T00:00:00", "isClosed": True, "isAlwaysOpen": False,
            "isReservation": False, "additionalInformation": texts(None, fi=why_fi, en=why_en),
            "openingHour": []}


def phone_channel(name: str, fi: str, number: str, en: str | None = None, municipalities=(),
                  services=(), charge="Chargeable", hours=(), sms: str | None = None,
                  email: str | None = None) -> dict:
    """A ``V11VmOpenApiPhoneChannel``: the number per language, as PTV repeats it; with
    ``sms`` a text-message number beside it, with ``email`` a support e-mail."""
    phones = [{"type": "Phone", "prefixNumber": "+358", "number": number, "language": lang,
               "isFinnishServiceNumber": False, "serviceChargeType": charge,
               "chargeDescription": {"fi": "Puhelun hinta on paikallisverkko- tai "
                                           "matkapuhelinmaksu.",
                                     "en": "You pay your local network or mobile call charge."}[lang],
               "additionalInformation": {"fi": "Neuvonta", "en": "Advice"}[lang]}
              for lang in ("fi", "en")]
    if sms:
        phones += [{"type": "Sms", "prefixNumber": "+358", "number": sms, "language": lang,
                    "isFinnishServiceNumber": False, "serviceChargeType": "FreeOfCharge",
                    "chargeDescription": None, "additionalInformation": None}
                   for lang in ("fi", "en")]
    emails = [{"value": email, "language": lang} for lang in ("fi", "en")] if email else []
    return _channel(name, "Phone", {"fi": fi, **({"en": en} if en else {})}, municipalities,
                    services, phoneNumbers=phones, supportEmails=emails,
                    serviceHours=[weekdays(), *hours])


def location_channel(name: str, fi: str, street: str, number: str, postal: str, office: str,
                     municipality: str, en: str | None = None, services=(), hours=()) -> dict:
    """A ``V11VmOpenApiServiceLocationChannel`` with a street address."""
    address = {"type": "Location", "subType": "Street", "country": "FI",
               "streetAddress": {"street": texts(None, fi=street, sv=street), "streetNumber": number,
                                 "postalCode": postal,
                                 "postOffice": texts(None, fi=office.upper(), sv=office.upper()),
                                 "municipality": {"code": municipality,
                                                  "name": texts(None, fi=office)},
                                 "additionalInformation": []}}
    return _channel(name, "ServiceLocation", {"fi": fi, **({"en": en} if en else {})},
                    (municipality,), services, addresses=[address],
                    serviceHours=[weekdays("09:00", "15:00"), *hours])


def e_channel(name: str, fi: str, url: str, en: str | None = None, services=(),
              municipalities=(), url_en: str | None = None) -> dict:
    """A ``V11VmOpenApiElectronicChannel``: its address in ``webPages``; with ``url_en`` an
    address of its own per language, each with ``value`` null (as PTV often sends them)."""
    pages = ([{"url": url, "value": None, "language": "fi"},
              {"url": url_en, "value": None, "language": "en"}] if url_en else
             [{"url": url, "value": fi, "language": "fi"},
              {"url": url, "value": en or fi, "language": "en"}])
    return _channel(name, "EChannel", {"fi": fi, **({"en": en} if en else {})}, municipalities,
                    services, requiresAuthentication=True, webPages=pages)


def statute(number: str, title: str, sections: dict[str, str], chapters: bool = False,
            amendments: tuple[tuple[str, str], ...] = (), consolidated: str = "2026-01-01") -> str:
    """A consolidated statute in Akoma Ntoso 3.0 as Finlex serves it; ``sections`` maps
    "14 e" to the section's text; with ``chapters`` they sit inside ``chp_1``."""
    serial, year = number.split("/")
    amended = "".join(
        f"<finlex:statuteReference><finlex:ref href=\"/akn/fi/act/statute/{n.split('/')[1]}/"
        f"{n.split('/')[0]}\">{n}</finlex:ref><finlex:inForce><finlex:dateEntryIntoForce "
        f"date=\"{d}\"/></finlex:inForce></finlex:statuteReference>" for n, d in amendments)
    prefix = "chp_1__" if chapters else ""
    body = "".join(
        f"<section eId=\"{prefix}sec_{label.replace(' ', '')}\"><num>{label} §</num>"
        f"<heading>Pykälä {label}</heading><subsection><content><p>{text}</p></content>"
        f"</subsection></section>" for label, text in sections.items())
    if chapters:
        body = (f"<chapter eId=\"chp_1\"><num>1 luku</num><heading>Yleiset säännökset</heading>"
                f"{body}</chapter>")
    return f"""<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0" xmlns:finlex="http://data.finlex.fi/schema/finlex">
<act contains="multipleVersions" name="main"><meta><identification source="#organization_fi.finlex">
<FRBRWork><FRBRthis value="/akn/fi/act/statute-consolidated/{year}/{serial}/!main"/></FRBRWork>
<FRBRExpression><FRBRthis value="/akn/fi/act/statute-consolidated/{year}/{serial}/fin@/!main"/>
<FRBRdate date="{consolidated}" name="dateConsolidated"/><FRBRlanguage language="fin"/></FRBRExpression>
</identification><proprietary source="#organization_fi.finlex"><finlex:isInForce value="true"/>
<finlex:amendedBy>{amended}</finlex:amendedBy></proprietary></meta>
<preface><p><docNumber>{number}</docNumber><docTitle>{title}</docTitle></p></preface>
<body><hcontainer name="statuteProvisionsWrapper">{body}</hcontainer></body></act></akomaNtoso>
"""


class Registry:
    """The server's state: what it answers, the faults it plays, the requests it saw."""

    def __init__(self):
        self.services: list[dict] = []
        self.channels: list[dict] = []
        self.extra_channels: list[dict] = []  # other organisations' channels, only by guid
        self.page_size = 2
        self.statutes: dict[str, str] = {}  # "2014/1301" → XML
        self.faults: dict[tuple[str, int], list[str]] = {}
        self.delay = 2.0
        self.requests: list[str] = []
        self.url = ""
        self._server: ThreadingHTTPServer | None = None

    @property
    def ptv(self) -> str:
        return self.url + PTV

    @property
    def finlex(self) -> str:
        return self.url + FINLEX

    def env(self) -> dict[str, str]:
        """The environment that points a sync's registry addresses (mkdocs.yml) here."""
        return {"HANDBOOK_PTV_API": self.ptv, "HANDBOOK_FINLEX_API": self.finlex,
                "HANDBOOK_SYNC_TEST_ORIGIN": self.url}

    def client(self, **settings):
        """A sync client that may reach this server (short timeouts and backoff)."""
        from macros.sync.http import Client
        return Client(**{"timeout": 0.5, "attempts": 3, "backoff": 0.01,
                         "test_origin": self.url, **settings})

    def sync(self, project, registry: str, **env: str) -> subprocess.CompletedProcess:
        """``python -m macros sync REGISTRY`` in ``project`` against this server."""
        from sites import ENV, ROOT
        return subprocess.run(
            [sys.executable, "-m", "macros", "sync", registry, "--root", str(project)],
            cwd=ROOT, env={**ENV, **self.env(), **env}, capture_output=True, text=True,
            timeout=180, stdin=subprocess.DEVNULL)

    def fault(self, path: str, *faults: str, page: int = 0) -> None:
        """Play ``faults`` on the next requests of ``path`` (a page of it, or any with 0)."""
        self.faults.setdefault((path, page), []).extend(faults)

    def __enter__(self) -> Registry:
        registry = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                registry.requests.append(self.path)
                registry.answer(self)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._server.block_on_close = False
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    # --- answers ------------------------------------------------------------------------

    def answer(self, handler: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(handler.path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        page = int(query.get("page", "1") or 1)
        fault = self._next_fault(parts.path, page)
        if fault == "timeout":
            time.sleep(self.delay)
        elif fault in ("500", "429"):
            return self._send(handler, int(fault), b'{"error": "test"}',
                              {"Retry-After": "0"} if fault == "429" else {})
        elif fault == "malformed":
            return self._send(handler, 200, b'{"pageNumber": 1, "itemList": [{"id": ')
        elif fault and fault.startswith("redirect:"):
            return self._send(handler, 302, b"", {"Location": fault[len("redirect:"):]})
        if parts.path == f"{PTV}/Service/list/organization":
            return self._page(handler, self.services, page, query)
        if parts.path == f"{PTV}/ServiceChannel/list/organization":
            return self._page(handler, self.channels, page, query)
        if parts.path == f"{PTV}/ServiceChannel/list":
            wanted = query.get("guids", "").split(",")
            assert len(wanted) <= 100, "the API takes at most 100 guids"
            found = [c for c in self.extra_channels if c["id"] in wanted]
            return self._send(handler, 200, json.dumps(found).encode())
        prefix = f"{FINLEX}/akn/fi/act/statute-consolidated/"
        if parts.path.startswith(prefix) and parts.path.endswith("/fin@"):
            key = parts.path[len(prefix):-len("/fin@")]
            if key in self.statutes:
                return self._send(handler, 200, self.statutes[key].encode(),
                                  {"Content-Type": "application/xml"})
        return self._send(handler, 404, b'{"error": "not found"}')

    def _next_fault(self, path: str, page: int) -> str | None:
        for key in ((path, page), (path, 0)):
            queue = self.faults.get(key)
            if queue:
                return queue[0][:-1] if queue[0].endswith("*") else queue.pop(0)
        return None

    def _page(self, handler, items: list, page: int, query: dict) -> None:
        if query.get("organizationId") != ORGANISATION:
            return self._send(handler, 400, b'{"organizationId": ["unknown"]}')
        count = (len(items) + self.page_size - 1) // self.page_size
        chunk = items[(page - 1) * self.page_size: page * self.page_size]
        body = {"pageNumber": page, "pageSize": self.page_size, "pageCount": count,
                "itemList": chunk if chunk else None}
        self._send(handler, 200, json.dumps(body, ensure_ascii=False).encode())

    @staticmethod
    def _send(handler, status: int, body: bytes, headers: dict | None = None) -> None:
        headers = {"Content-Type": "application/json; charset=utf-8", **(headers or {})}
        handler.send_response(status)
        for name, value in headers.items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        try:
            handler.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass
