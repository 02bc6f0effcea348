"""`sync ptv` against the local registry server (tests/registries.py): every page read, every
language kept, a stable snapshot, what changed since the last one, and every failure leaving
the old snapshot as it was."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime
from pathlib import Path

import pytest
import registries as r
from registries import ORGANISATION, Registry

from macros.sync import SyncError, ptv
from macros.sync.http import Client

NOW = datetime(2026, 12, 3, 6, 0, tzinfo=UTC)
LIST_CHANNELS = "/api/v11/ServiceChannel/list/organization"


def county(registry: Registry) -> None:
    """Three services, five channels of the county and one of another organisation."""
    registry.services = [
        r.service("ttt", "Toimeentulotuki", "Social assistance",
                  channels=("neuvonta", "toimisto-rovaniemi", "kela-linja")),
        r.service("neuvonta", "Sosiaalineuvonta", "Social counselling", classes=("P4.13",),
                  channels=("neuvonta", "omavirta")),
        r.service("paivystys", "Sosiaalipäivystys", classes=("P4",)),
    ]
    sami = r.phone_channel("paivystys-linja", "Sosiaalipäivystys", "201234000",
                           municipalities=(), services=("paivystys",))
    sami["serviceChannelNames"] += r.texts("Name", se="Sosiálaváldevákta", smn="Sosiaalpäivittäävuáh")
    registry.channels = [
        r.phone_channel("neuvonta", "Sosiaalineuvonta", "401000001", en="Social counselling",
                        municipalities=("698", "683")),
        r.location_channel("toimisto-rovaniemi", "Rovaniemen sosiaalitoimisto", "Testikatu", "1",
                           "96100", "Rovaniemi", "698", en="Rovaniemi social office",
                           hours=(r.closed_on("2026-12-24", "Jouluaatto", "Christmas Eve"),)),
        r.e_channel("omavirta", "Omavirta", "https://example.invalid/omavirta", en="Omavirta"),
        r.location_channel("toimisto-kemi", "Kemin sosiaalitoimisto", "Testitie", "2", "94100",
                           "Kemi", "240"),
        sami,
    ]
    registry.extra_channels = [r.phone_channel("kela-linja", "Kelan puhelinpalvelu", "201234567")]


def sync(root: Path, registry: Registry, now: datetime = NOW, **client) -> dict:
    settings = {"timeout": 0.5, "attempts": 3, "backoff": 0.01, **client}
    with Client(**settings) as http:
        return ptv.sync(root, http, registry.ptv, ORGANISATION, now)


@pytest.fixture
def registry():
    with Registry() as server:
        county(server)
        yield server


def test_snapshot_has_every_page_every_language_and_other_organisations_channels(root, registry):
    data = sync(root, registry)
    pages = [p for p in registry.requests if p.startswith(LIST_CHANNELS)]
    assert [p.rsplit("page=", 1)[1] for p in pages] == ["1", "2", "3"]  # 5 channels, 2 a page
    assert len(data["services"]) == 3 and len(data["channels"]) == 6
    kela = data["channels"][r.guid("kela-linja")]
    assert kela["phones"][0]["number"] == "201234567"  # fetched by guid: not the county's own
    assert any("ServiceChannel/list?guids=" in p for p in registry.requests)
    names = data["channels"][r.guid("paivystys-linja")]["name"]
    assert set(names) == {"fi", "se", "smn"}
    assert set(data["services"][r.guid("ttt")]["name"]) == {"fi", "sv", "en"}
    office = data["channels"][r.guid("toimisto-rovaniemi")]
    assert office["addresses"][0]["street"]["fi"] == "Testikatu"
    assert office["municipalities"] == ["698"]
    assert [h["type"] for h in office["hours"]] == ["DaysOfTheWeek", "Exceptional"]
    assert office["hours"][1]["closed"] and office["hours"][1]["valid_from"] == "2026-12-24"
    phone = data["channels"][r.guid("neuvonta")]["phones"]
    assert len(phone) == 1 and set(phone[0]["charge_description"]) == {"fi", "en"}  # once
    assert data["channels"][r.guid("neuvonta")]["services"] == sorted(
        [r.guid("ttt"), r.guid("neuvonta")])  # linked from the services' side
    assert data["fetched"] == "2026-12-03T06:00:00+00:00"
    assert data["organisation"] == ORGANISATION and data["api"] == registry.ptv


def test_a_page_past_the_end_has_no_items_and_ends_the_list(root, registry):
    registry.page_size = 10
    real = Registry._page

    def overcounted(self, handler, items, page, query):  # says 3 pages, has 1
        if page == 1:
            self._send(handler, 200, json.dumps({"pageNumber": 1, "pageSize": 10, "pageCount": 3,
                                                 "itemList": items}).encode())
        else:
            real(self, handler, items, page, query)

    registry._page = overcounted.__get__(registry)
    data = sync(root, registry)
    assert len(data["channels"]) == 6
    pages = [p for p in registry.requests if p.startswith(LIST_CHANNELS)]
    assert [p.rsplit("page=", 1)[1] for p in pages] == ["1", "2"]  # page 2: itemList null


def test_same_facts_give_the_same_bytes_whatever_the_order(tmp_path, registry):
    def fresh(name: str) -> bytes:
        (tmp_path / name / "data").mkdir(parents=True)
        sync(tmp_path / name, registry)
        return (tmp_path / name / ptv.SNAPSHOT).read_bytes()

    first = fresh("first")
    for attempt in range(3):
        random.shuffle(registry.services)
        random.shuffle(registry.channels)
        for channel in registry.channels:
            channel["phoneNumbers"].reverse()
            channel["serviceChannelNames"].reverse()
        assert fresh(f"again-{attempt}") == first
    text = first.decode()
    assert text.endswith("}\n") and "\t" not in text and "Sosiaalipäivystys" in text  # ä as is
    keys = [line.split('"')[1] for line in text.splitlines() if line.startswith('  "')]
    assert keys == sorted(keys)


def test_the_next_sync_records_channels_added_changed_and_removed(root, registry):
    sync(root, registry)
    registry.channels = [c for c in registry.channels if c["id"] != r.guid("toimisto-kemi")]
    registry.channels[0]["phoneNumbers"][0]["number"] = "401000002"
    registry.channels[0]["phoneNumbers"][1]["number"] = "401000002"
    registry.channels.append(r.e_channel("uusi", "Uusi asiointi", "https://example.invalid/uusi"))
    data = sync(root, registry, datetime(2026, 12, 10, tzinfo=UTC))
    changes = data["changes"]
    assert changes["since"] == "2026-12-03T06:00:00+00:00"
    assert changes["removed"] == [{"id": r.guid("toimisto-kemi"), "name": "Kemin sosiaalitoimisto",
                                   "services": []}]
    assert changes["changed"] == [{"id": r.guid("neuvonta"), "name": "Sosiaalineuvonta",
                                   "fields": ["phones"]}]
    assert changes["added"] == [{"id": r.guid("uusi"), "name": "Uusi asiointi"}]


def test_429_then_success_is_retried(root, registry):
    registry.fault(LIST_CHANNELS, "429", "429", page=2)
    data = sync(root, registry)
    assert len(data["channels"]) == 6
    assert sum(1 for p in registry.requests if p.startswith(LIST_CHANNELS) and "page=2" in p) == 3


@pytest.mark.parametrize("fault, message", [
    (("timeout", "timeout", "timeout"), "ei vastannut ajoissa"),
    (("malformed",), "ei ole kelvollista JSONia"),
    (("500*",), "palvelin vastasi virheellä yhä uudelleen"),
])
def test_a_failure_keeps_the_old_snapshot(root, registry, fault, message):
    sync(root, registry)
    before = (root / ptv.SNAPSHOT).read_bytes()
    registry.channels.pop()  # the new answer would differ
    registry.fault("/api/v11/Service/list/organization", *fault)
    with pytest.raises(SyncError, match=message) as error:
        sync(root, registry, datetime(2026, 12, 10, tzinfo=UTC))
    assert "/api/v11/Service/list/organization" in str(error.value)
    assert (root / ptv.SNAPSHOT).read_bytes() == before
    assert [p.name for p in (root / "data").iterdir()] == ["ptv.json"]  # no temporary left


def test_a_page_that_fails_half_way_keeps_the_old_snapshot(root, registry):
    sync(root, registry)
    before = (root / ptv.SNAPSHOT).read_bytes()
    registry.channels[0]["serviceChannelNames"][0]["value"] = "Uusi nimi"  # on page 1
    registry.fault(LIST_CHANNELS, "500*", page=3)
    with pytest.raises(SyncError, match="page=3"):
        sync(root, registry, datetime(2026, 12, 10, tzinfo=UTC))
    assert any("page=2" in p for p in registry.requests[-6:])  # pages 1 and 2 were read
    assert (root / ptv.SNAPSHOT).read_bytes() == before


def test_without_an_old_snapshot_a_failure_writes_nothing(root, registry):
    registry.fault(LIST_CHANNELS, "malformed", page=2)
    with pytest.raises(SyncError):
        sync(root, registry)
    assert not (root / ptv.SNAPSHOT).exists()


@pytest.mark.parametrize("breakage, message", [
    (lambda reg: reg.channels[0].update(id="../../etc/passwd"), "ei ole PTV-tunnuksen muotoa"),
    (lambda reg: reg.channels[0].update(serviceChannelType="Script"), "tuntematon kanavatyyppi"),
    (lambda reg: reg.channels[0].update(phoneNumbers={"number": "1"}), "ei ole luettelo"),
    (lambda reg: reg.channels[0].update(serviceChannelNames=[{"language": "fi", "value": {}}]),
     "piti olla teksti"),
    (lambda reg: reg.channels[1]["addresses"][0]["streetAddress"].update(postalCode="961<b>"),
     "arvoja, joita käsikirja ei hyväksy .*postal_code"),
])
def test_what_is_not_ptvs_shape_is_refused(root, registry, breakage, message):
    breakage(registry)
    with pytest.raises(SyncError, match=message):
        sync(root, registry)
    assert not (root / ptv.SNAPSHOT).exists()


def test_a_language_code_that_is_not_one_is_dropped(root, registry):
    registry.channels[0]["serviceChannelNames"].append(
        {"language": 'fi" onmouseover="alert(1)', "value": "x", "type": "Name"})
    data = sync(root, registry)
    assert set(data["channels"][r.guid("neuvonta")]["name"]) == {"fi", "en"}
