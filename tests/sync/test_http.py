"""The syncs' HTTP client fenced in (issue #29 point 5): only https and public addresses, a
redirect followed only within its origin, the address checked after DNS, and the tests' own
loopback server allowed only by name. Against the local registry server (tests/registries.py);
a refused target must see no request at all."""

from __future__ import annotations

from datetime import date

import pytest
import registries as r
from registries import ORGANISATION, PTV, Registry

from macros.sync import SyncError, ptv
from macros.sync.http import Client, public

SERVICES = f"{PTV}/Service/list/organization"
DAY = date(2026, 12, 3)


@pytest.fixture
def registry():
    with Registry() as server:
        server.services = [r.service("ttt", "Toimeentulotuki")]
        yield server


def fetch(registry: Registry, url: str | None = None, **settings) -> bytes:
    with registry.client(**settings) as http:
        return http.get(url or f"{registry.ptv}/Service/list/organization",
                        {"organizationId": ORGANISATION, "page": 1})


def test_the_test_server_is_reachable_when_named(registry):
    assert b'"pageCount": 1' in fetch(registry)


@pytest.mark.parametrize("target", [
    "http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/", "http://[::1]:{port}/",
    "https://192.168.1.1/", "http://127.0.0.1:{other}/api/v11/Service/list/organization",
    "https://evil.example.invalid/",
])
def test_a_redirect_to_another_host_is_refused(registry, target):
    with Registry() as other:
        target = target.format(port=registry.url.rsplit(":", 1)[1], other=other.url.rsplit(":", 1)[1])
        registry.fault(SERVICES, f"redirect:{target}")
        with pytest.raises(SyncError, match="ohjasi toiseen osoitteeseen .*sitä ei seurattu") as error:
            fetch(registry)
        assert other.requests == []
    assert "Traceback" not in str(error.value) and "redirect" not in str(error.value).lower()


def test_a_redirect_within_the_origin_is_followed(registry):
    registry.fault(SERVICES, f"redirect:{SERVICES}?organizationId={ORGANISATION}&page=1")
    assert b'"pageCount": 1' in fetch(registry)
    assert len([p for p in registry.requests if p.startswith(SERVICES)]) == 2


def test_a_name_that_resolves_to_loopback_is_refused_after_dns(registry):
    """localhost names the test server's own machine, but not its named origin: the address a
    connection would go to, after DNS, is checked, and nothing is sent (plain http would be
    refused before DNS; https passes that check and stops at the address)."""
    port = registry.url.rsplit(":", 1)[1]
    with pytest.raises(SyncError, match="localhost on osoitteessa (127.0.0.1|::1), joka ei ole "
                                        "julkinen"):
        with Client(timeout=0.5, attempts=1) as http:  # https: past the scheme check, to DNS
            http.get(f"https://localhost:{port}/")
    assert registry.requests == []


@pytest.mark.parametrize("url, message", [
    ("http://example.invalid/", "vain salattuja https-osoitteita"),
    ("https://127.0.0.1/", "127.0.0.1 ei ole julkinen internetosoite"),
    ("https://[::1]/", "::1 ei ole julkinen internetosoite"),
    ("https://169.254.169.254/", "169.254.169.254 ei ole julkinen"),
    ("https://[::ffff:10.0.0.1]/", "ei ole julkinen"),
    ("file:///etc/passwd", "ei ole http"),
])
def test_only_public_https_addresses_are_fetched(url, message):
    with Client(timeout=0.5, attempts=1) as http:
        with pytest.raises(SyncError, match=message):
            http.get(url)


def test_without_naming_it_the_test_server_is_refused(registry):
    with pytest.raises(SyncError, match="vain salattuja https-osoitteita"):
        fetch(registry, test_origin="")
    assert registry.requests == []


@pytest.mark.parametrize("origin", ["http://10.0.0.1:8080", "https://127.0.0.1:8443",
                                    "http://localhost:8080", "ftp://127.0.0.1/"])
def test_the_test_origin_can_only_be_a_loopback_http_server(origin):
    with pytest.raises(SyncError, match="kelpaa vain testien omalle palvelimelle"):
        Client(test_origin=origin)


@pytest.mark.parametrize("address, expected", [
    ("93.184.216.34", True), ("2a00:1450:4001::1", True), ("127.0.0.1", False),
    ("10.1.2.3", False), ("172.16.0.1", False), ("192.168.0.1", False), ("169.254.169.254", False),
    ("100.64.0.1", False), ("::1", False), ("fe80::1", False), ("fd00::1", False),
    ("::ffff:127.0.0.1", False), ("224.0.0.1", False), ("0.0.0.0", False),
])
def test_public(address, expected):
    assert public(address) is expected


def test_a_sync_whose_server_redirects_inward_keeps_the_old_snapshot(root, registry):
    with registry.client() as http:
        ptv.sync(root, http, registry.ptv, ORGANISATION, DAY)
    before = (root / ptv.SNAPSHOT).read_bytes()
    registry.fault(SERVICES, "redirect:http://169.254.169.254/latest/meta-data/")
    with registry.client() as http, pytest.raises(SyncError, match="ohjasi toiseen osoitteeseen"):
        ptv.sync(root, http, registry.ptv, ORGANISATION, DAY)
    assert (root / ptv.SNAPSHOT).read_bytes() == before
