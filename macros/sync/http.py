"""The HTTP client of the syncs: requests with urllib3's retry policy.

Every request has a connect and a read timeout; a GET that times out, fails to connect or gets
429 or 5xx is tried again with exponential backoff (a server's ``Retry-After`` is honoured, up
to a cap); a body over the size limit is refused. Anything that still fails becomes a
``SyncError`` with a Finnish message naming the address, never a traceback.
"""

from __future__ import annotations

import json
from typing import Any

import requests
import urllib3
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from . import SyncError

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
USER_AGENT = "aikuissosiaalityon-kasikirja-sync/1 (+https://lapha.fi)"


class _Retry(Retry):
    """urllib3's policy, with the server's Retry-After capped: a confused or hostile server
    must not park the job for hours."""

    RETRY_AFTER_MAX = 30.0

    def get_retry_after(self, response):
        seconds = super().get_retry_after(response)
        return None if seconds is None else min(seconds, self.RETRY_AFTER_MAX)


class Client:
    """One session for a whole sync. ``attempts`` counts the first try; ``backoff`` is the
    first wait in seconds (doubled each time, at most ``backoff_max``)."""

    def __init__(self, timeout: float = 30.0, attempts: int = 4, backoff: float = 2.0,
                 backoff_max: float = 60.0, max_bytes: int = 64 * 1024 * 1024):
        self.timeout, self.max_bytes = timeout, max_bytes
        retries = attempts - 1
        policy = _Retry(total=retries, connect=retries, read=retries, status=retries, other=0,
                        backoff_factor=backoff / 2, backoff_max=backoff_max,
                        status_forcelist=RETRY_STATUSES, allowed_methods={"GET"},
                        respect_retry_after_header=True, raise_on_status=True)
        self.session = requests.Session()
        self.session.headers["User-Agent"] = USER_AGENT
        adapter = HTTPAdapter(max_retries=policy)
        self.session.mount("https://", adapter)
        self.session.mount("http://", adapter)

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc) -> None:
        self.session.close()

    def get(self, url: str, params: dict | None = None, accept: str = "application/json",
            missing_ok: bool = False) -> bytes | None:
        """The body of a GET, or None for a 404 when ``missing_ok``."""
        try:
            with self.session.get(url, params=params, headers={"Accept": accept},
                                  timeout=(self.timeout, self.timeout), stream=True,
                                  allow_redirects=True) as response:
                shown = response.url
                if response.status_code == 404 and missing_ok:
                    return None
                if response.status_code >= 400:
                    raise SyncError(f"{shown}: palvelin vastasi virheellä {response.status_code}.")
                body = response.raw.read(self.max_bytes + 1, decode_content=True)
        except requests.exceptions.RetryError as error:
            raise SyncError(f"{_address(url, params)}: palvelin vastasi virheellä yhä "
                            f"uudelleen yrityksistä huolimatta ({_reason(error)}).") from None
        except requests.exceptions.Timeout:
            raise SyncError(f"{_address(url, params)}: palvelin ei vastannut ajoissa "
                            f"({self.timeout:g} s), ei myöskään uusilla yrityksillä.") from None
        except (requests.exceptions.RequestException, urllib3.exceptions.HTTPError, OSError) as error:
            if "timed out" in str(error).lower():
                raise SyncError(f"{_address(url, params)}: palvelin ei vastannut ajoissa "
                                f"({self.timeout:g} s).") from None
            raise SyncError(f"{_address(url, params)}: yhteys ei onnistunut "
                            f"({type(error).__name__}).") from None
        if len(body) > self.max_bytes:
            raise SyncError(f"{shown}: vastaus on yli {self.max_bytes // (1024 * 1024)} Mt; "
                            "sitä ei luettu.")
        return body

    def get_json(self, url: str, params: dict | None = None) -> Any:
        body = self.get(url, params)
        try:
            return json.loads(body)
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise SyncError(f"{_address(url, params)}: vastaus ei ole kelvollista JSONia "
                            f"({error}).") from None


def _address(url: str, params: dict | None) -> str:
    return requests.Request("GET", url, params=params).prepare().url or url


def _reason(error: requests.exceptions.RetryError) -> str:
    reason = getattr(error.args[0], "reason", None) if error.args else None
    return str(reason or error)
