"""The HTTP client of the syncs: requests with urllib3's retry policy, and a fence around it.

Every request has a connect and a read timeout; a GET that fails to connect or gets 429 or
5xx is tried again with exponential backoff (a server's ``Retry-After`` is honoured, up to a
cap); a server that stalls is tried once more, not again and again; a body over the size limit
is refused. Anything that still fails becomes a ``SyncError`` with a Finnish message naming the
address, never a traceback or a library's English.

The fence (the registry addresses are the server's trust, README "Registries"): only ``https``
addresses; a redirect is followed only within the same origin (scheme, host, port); and the
address a connection actually goes to, after DNS, must be a public one: a name that resolves
to a private, loopback, link-local or otherwise non-global address is refused before any byte
is sent. The one exception is ``test_origin`` (``http://127.0.0.1:PORT``), the tests' own
registry server, which only the server's configuration can name (mkdocs.yml
``extra.handbook.sync_test_origin``, from the environment of the process). No proxy or
``.netrc`` from the environment is used.
"""

from __future__ import annotations

import ipaddress
import json
import re
import socket
import time
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
import urllib3
from requests.adapters import HTTPAdapter
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.util import connection as urllib3_connection
from urllib3.util.retry import Retry

from . import SyncError

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECTS = frozenset({301, 302, 303, 307, 308})
MAX_REDIRECTS = 5
USER_AGENT = "aikuissosiaalityon-kasikirja-sync/1 (+https://lapha.fi)"


class Refused(Exception):
    """A connection the fence does not allow (not an OSError: urllib3 must not retry it)."""


class _Retry(Retry):
    """urllib3's policy, with the server's Retry-After capped: a confused or hostile server
    must not park the job for hours."""

    RETRY_AFTER_MAX = 30.0

    def get_retry_after(self, response):
        seconds = super().get_retry_after(response)
        return None if seconds is None else min(seconds, self.RETRY_AFTER_MAX)


def origin(url: str) -> tuple[str, str, int]:
    """(scheme, host, port) of an address; raises ValueError for one without a host."""
    parts = urlsplit(url)
    scheme, host = parts.scheme.lower(), (parts.hostname or "").lower()
    if not host or scheme not in ("http", "https"):
        raise ValueError(url)
    return scheme, host, parts.port or (443 if scheme == "https" else 80)


def public(address: str) -> bool:
    """Whether an IP address is on the public internet (not private, loopback, link-local,
    shared, reserved or multicast; an IPv4-mapped IPv6 address counts as its IPv4)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def _guarded(base: type, allowed: tuple[str, int] | None) -> type:
    """A urllib3 connection class that resolves the host itself, refuses it unless every
    address is public (or it is the allowed test origin), and connects to a checked address,
    so a second DNS answer cannot send it elsewhere."""
    class Guarded(base):
        def _new_conn(self):
            host = self._dns_host.strip("[]")
            try:
                found = socket.getaddrinfo(host, self.port, type=socket.SOCK_STREAM)
            except socket.gaierror as error:
                raise urllib3.exceptions.NameResolutionError(self.host, self, error) from error
            addresses = list(dict.fromkeys(info[4][0] for info in found))
            if (host.lower(), self.port) != allowed:
                for address in addresses:
                    if not public(address):
                        raise Refused(f"{self.host} on osoitteessa {address}, joka ei ole "
                                      "julkinen internetosoite (sisäverkko, paikallinen kone "
                                      "tai linkkiosoite)")
            last: OSError | None = None
            for address in addresses:
                try:
                    return urllib3_connection.create_connection(
                        (address, self.port), self.timeout, source_address=self.source_address,
                        socket_options=self.socket_options)
                except TimeoutError as error:
                    raise urllib3.exceptions.ConnectTimeoutError(self, str(error)) from error
                except OSError as error:
                    last = error
            raise urllib3.exceptions.NewConnectionError(self, f"{last}")
    return Guarded


class _Adapter(HTTPAdapter):
    def __init__(self, allowed: tuple[str, int] | None, **kwargs):
        self.allowed = allowed
        super().__init__(**kwargs)

    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        pools = {}
        for scheme, base in (("http", HTTPConnectionPool), ("https", HTTPSConnectionPool)):
            pools[scheme] = type(f"Guarded{base.__name__}", (base,), {
                "ConnectionCls": _guarded(base.ConnectionCls, self.allowed)})
        self.poolmanager.pool_classes_by_scheme = pools


class Client:
    """One session for a whole sync. ``attempts`` counts the first try; ``backoff`` is the
    first wait in seconds (doubled each time, at most ``backoff_max``); ``test_origin`` is
    the one plain-http loopback origin allowed (the tests' registry server)."""

    def __init__(self, timeout: float = 30.0, attempts: int = 4, backoff: float = 2.0,
                 backoff_max: float = 60.0, max_bytes: int = 64 * 1024 * 1024,
                 test_origin: str = ""):
        self.timeout, self.max_bytes, self.attempts = timeout, max_bytes, attempts
        self.test_origin = _test_origin(test_origin) if test_origin else None
        retries = attempts - 1
        self.read_attempts = 1 + min(retries, 1)  # a stalled server gets one more chance
        policy = _Retry(total=retries, connect=retries, read=self.read_attempts - 1,
                        status=retries, other=0, redirect=0, backoff_factor=backoff / 2,
                        backoff_max=backoff_max, status_forcelist=RETRY_STATUSES,
                        allowed_methods={"GET"}, respect_retry_after_header=True,
                        raise_on_status=True, raise_on_redirect=False)
        self.session = requests.Session()
        self.session.trust_env = False  # no proxy, .netrc or CA bundle from the environment
        self.session.headers["User-Agent"] = USER_AGENT
        adapter = _Adapter(self.test_origin[1:] if self.test_origin else None, max_retries=policy)
        self.session.mount("https://", adapter)
        self.session.mount("http://", adapter)

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc) -> None:
        self.session.close()

    def allowed(self, url: str) -> str | None:
        """Why an address may not be fetched, in Finnish, or None when it may."""
        try:
            scheme, host, port = origin(url)
        except ValueError:
            return "osoite ei ole http(s)-osoite, jossa on palvelimen nimi"
        if (scheme, host, port) == self.test_origin:
            return None
        if scheme != "https":
            return "vain salattuja https-osoitteita haetaan"
        try:
            literal = ipaddress.ip_address(host.strip("[]"))
        except ValueError:
            return None  # a name: checked when it is resolved
        return None if public(str(literal)) else (
            f"{host} ei ole julkinen internetosoite (sisäverkko, paikallinen kone tai "
            "linkkiosoite)")

    def get(self, url: str, params: dict | None = None, accept: str = "application/json",
            missing_ok: bool = False) -> bytes | None:
        """The body of a GET, or None for a 404 when ``missing_ok``."""
        address = _address(url, params)
        started = time.monotonic()
        for _ in range(MAX_REDIRECTS + 1):
            if reason := self.allowed(address):
                raise SyncError(f"{address}: osoitetta ei haettu: {reason}.")
            try:
                with self.session.get(address, headers={"Accept": accept}, stream=True,
                                      timeout=(self.timeout, self.timeout),
                                      allow_redirects=False) as response:
                    if response.status_code in REDIRECTS and response.headers.get("Location"):
                        target = urljoin(address, response.headers["Location"])
                        if _same_origin(address, target):
                            address = target
                            continue
                        raise SyncError(f"{address}: palvelin ohjasi toiseen osoitteeseen "
                                        f"({_shown(target)}); sitä ei seurattu, koska "
                                        "rekisterit haetaan vain niiden omista osoitteista.")
                    if response.status_code == 404 and missing_ok:
                        return None
                    if response.status_code >= 400:
                        raise SyncError(f"{address}: palvelin vastasi virheellä "
                                        f"{response.status_code}.")
                    body = response.raw.read(self.max_bytes + 1, decode_content=True)
            except Refused as error:
                raise SyncError(f"{address}: yhteyttä ei avattu: {error}.") from None
            except requests.exceptions.RetryError as error:
                raise SyncError(f"{address}: palvelin vastasi virheellä {_status(error)} yhä "
                                f"uudelleen ({self.attempts} yritystä).") from None
            except (requests.exceptions.Timeout, urllib3.exceptions.TimeoutError):
                raise SyncError(self._too_slow(address, started)) from None
            except (requests.exceptions.RequestException, urllib3.exceptions.HTTPError,
                    OSError) as error:
                if isinstance(error.__context__, Refused):
                    raise SyncError(f"{address}: yhteyttä ei avattu: {error.__context__}.") from None
                if "timed out" in str(error).lower():
                    raise SyncError(self._too_slow(address, started)) from None
                raise SyncError(f"{address}: yhteys ei onnistunut ({_connection(error)}).") \
                    from None
            if len(body) > self.max_bytes:
                raise SyncError(f"{address}: vastaus on yli {self.max_bytes // (1024 * 1024)} "
                                "Mt; sitä ei luettu.")
            return body
        raise SyncError(f"{_address(url, params)}: yli {MAX_REDIRECTS} uudelleenohjausta; "
                        "haku keskeytettiin.")

    def _too_slow(self, address: str, started: float) -> str:
        spent = time.monotonic() - started
        return (f"{address}: palvelin ei vastannut {self.timeout:g} sekunnissa "
                f"{self.read_attempts} yrityksellä (haku kesti yhteensä {spent:.0f} s).")

    def get_json(self, url: str, params: dict | None = None) -> Any:
        body = self.get(url, params)
        try:
            return json.loads(body)
        except UnicodeDecodeError:
            raise SyncError(f"{_address(url, params)}: vastaus ei ole UTF-8-tekstiä, joten se "
                            "ei ole kelvollista JSONia.") from None
        except json.JSONDecodeError as error:
            raise SyncError(f"{_address(url, params)}: vastaus ei ole kelvollista JSONia "
                            f"(virhe rivillä {error.lineno}, sarakkeessa {error.colno}).") \
                from None


def _test_origin(url: str) -> tuple[str, str, int]:
    """The tests' registry server: plain http on a loopback address, nothing else."""
    try:
        scheme, host, port = origin(url)
        loopback = ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        loopback = False
    if not loopback or scheme != "http":
        raise SyncError(f"sync_test_origin ({_shown(url)}) kelpaa vain testien omalle "
                        "palvelimelle muotoa http://127.0.0.1:PORTTI.")
    return scheme, host, port


def _address(url: str, params: dict | None) -> str:
    return requests.Request("GET", url, params=params).prepare().url or url


def _same_origin(a: str, b: str) -> bool:
    try:
        return origin(a) == origin(b)
    except ValueError:
        return False


def _shown(url: str) -> str:
    """An address from a hostile server, short and without control characters."""
    return "".join(c for c in url[:200] if c.isprintable())


def _status(error: requests.exceptions.RetryError) -> str:
    """The status the server kept answering (urllib3 says it in English: "too many 429 error
    responses")."""
    reason = getattr(error.args[0], "reason", None) if error.args else None
    found = re.search(r"\b([45]\d\d)\b", str(reason or error))
    return found.group(1) if found else "(5xx tai 429)"


def _connection(error: BaseException) -> str:
    """Why a connection failed, in Finnish."""
    seen = f"{type(error).__name__} {error!r} {error.__context__!r}"
    if "NameResolution" in seen or "gaierror" in seen:
        return "palvelimen nimeä ei löytynyt"
    if "SSL" in seen or "Certificate" in seen:
        return "salattua yhteyttä ei voitu muodostaa: palvelimen varmenne ei kelpaa"
    if "Refused" in seen or "refused" in seen:
        return "palvelin ei ottanut yhteyttä vastaan"
    if "RemoteDisconnected" in seen or "reset" in seen.lower():
        return "palvelin katkaisi yhteyden"
    return "palvelimeen ei saatu yhteyttä"
