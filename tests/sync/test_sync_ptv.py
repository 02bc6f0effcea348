"""`sync ptv` against the local registry server (tests/registries.py): every page read, every
language kept, a stable snapshot that changes only when PTV did, what changed (old → new) kept
until reviewed, and every failure leaving the old snapshot as it was."""

from __future__ import annotations

import json
import random
from datetime import date
from pathlib import Path

import pytest
import registries as r
from registries import ORGANISATION, Registry

from macros.sync import SyncError, ptv

NOW = date(2026, 12, 3)
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
                        municipalities=("698", "683"), sms="401000009",
                        email="neuvonta@example.invalid"),
        r.location_channel("toimisto-rovaniemi", "Rovaniemen sosiaalitoimisto", "Testikatu", "1",
                           "96100", "Rovaniemi", "698", en="Rovaniemi social office",
                           hours=(r.closed_on("2026-12-24", "Jouluaatto", "Christmas Eve"),)),
        r.e_channel("omavirta", "Omavirta", "https://example.invalid/omavirta", en="Omavirta",
                    url_en="https://example.invalid/omavirta/en"),
        r.location_channel("toimisto-kemi", "Kemin sosiaalitoimisto", "Testitie", "2", "94100",
                           "Kemi", "240"),
        sami,
    ]
    registry.extra_channels = [r.phone_channel("kela-linja", "Kelan puhelinpalvelu", "201234567")]


def sync(root: Path, registry: Registry, now: date = NOW, reviewed: date | None = None,
         **client) -> dict:
    return synced(root, registry, now, reviewed, **client)[0]


def synced(root: Path, registry: Registry, now: date = NOW, reviewed: date | None = None,
           **client) -> tuple[dict, list, bool]:
    """(snapshot, the changes this sync found, whether it wrote the file)."""
    with registry.client(**client) as http:
        return ptv.sync(root, http, registry.ptv, ORGANISATION, now, reviewed)


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
    neuvonta = data["channels"][r.guid("neuvonta")]
    assert [(p["number"], p["kind"]) for p in neuvonta["phones"]] == [
        ("401000001", "Phone"), ("401000009", "Sms")]  # each once, the SMS number as such
    assert set(neuvonta["phones"][0]["charge_description"]) == {"fi", "en"}
    assert neuvonta["emails"] == [{"address": "neuvonta@example.invalid"}]
    assert neuvonta["areas"] == [{"type": "Municipality", "municipalities": [
        {"code": "683", "name": {"fi": "Kunta 683", "sv": "Kommun 683"}},
        {"code": "698", "name": {"fi": "Kunta 698", "sv": "Kommun 698"}}]}]  # code null
    assert neuvonta["municipalities"] == ["683", "698"]
    assert neuvonta["services"] == sorted([r.guid("ttt"), r.guid("neuvonta")])  # both ends
    omavirta = data["channels"][r.guid("omavirta")]["web_pages"]
    assert omavirta == [{"url": "https://example.invalid/omavirta", "languages": ["fi"]},
                        {"url": "https://example.invalid/omavirta/en", "languages": ["en"]}]
    assert data["changed"] == "2026-12-03" and "fetched" not in data and "api" not in data
    assert data["organisation"] == ORGANISATION and data["changes"] == []


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


def test_the_same_facts_the_next_day_leave_the_file_as_it_was(root, registry):
    """No fetch time in the snapshot: a sync that finds nothing new writes nothing."""
    first, found, written = synced(root, registry)
    assert written and found == []
    before = (root / ptv.SNAPSHOT).read_bytes()
    again, found, written = synced(root, registry, date(2026, 12, 10))
    assert not written and found == [] and again["changed"] == "2026-12-03"
    assert (root / ptv.SNAPSHOT).read_bytes() == before


def change_county(registry: Registry) -> None:
    """Kemi's office removed, the counselling line's number and hours changed, a new e-service."""
    registry.channels = [c for c in registry.channels if c["id"] != r.guid("toimisto-kemi")]
    for phone in registry.channels[0]["phoneNumbers"][:2]:
        phone["number"] = "401000002"
    registry.channels[0]["serviceHours"].append(
        r.closed_on("2026-12-24", "Jouluaatto", "Christmas Eve"))
    registry.channels.append(r.e_channel("uusi", "Uusi asiointi", "https://example.invalid/uusi"))


def test_the_next_sync_records_channels_added_changed_with_old_and_new_and_removed(root, registry):
    sync(root, registry)
    change_county(registry)
    data, found, written = synced(root, registry, date(2026, 12, 10))
    assert written and data["changed"] == "2026-12-10" and data["changes"] == found
    assert [(c["kind"], c["name"]) for c in found] == [
        ("added", "Uusi asiointi"), ("changed", "Sosiaalineuvonta"),
        ("removed", "Kemin sosiaalitoimisto")]
    assert all(c["seen"] == "2026-12-10" for c in found)
    assert found[1]["values"] == [
        {"field": "hours", "old": "ma–pe 08:00–16:00",
         "new": "ma–pe 08:00–16:00; 2026-12-24 suljettu"},
        {"field": "phones", "old": "040 100 0001; 040 100 0009 (tekstiviesti)",
         "new": "040 100 0002; 040 100 0009 (tekstiviesti)"}]


def test_changes_wait_for_a_review_across_any_number_of_syncs(root, registry):
    sync(root, registry)
    change_county(registry)
    sync(root, registry, date(2026, 12, 10))
    for day in (11, 12):  # nothing new: nothing written, the list stays
        assert not synced(root, registry, date(2026, 12, day))[2]
    registry.channels[1]["serviceChannelNames"][0]["value"] = "Rovaniemen sosiaalitoimisto 2"
    data = sync(root, registry, date(2026, 12, 17))  # another change: both kept, unreviewed
    assert [(c["kind"], c["seen"]) for c in data["changes"]] == [
        ("added", "2026-12-10"), ("changed", "2026-12-10"), ("removed", "2026-12-10"),
        ("changed", "2026-12-17")]
    registry.channels[1]["serviceChannelNames"][0]["value"] = "Rovaniemen sosiaalitoimisto 3"
    data = sync(root, registry, date(2026, 12, 24), reviewed=date(2026, 12, 10))
    assert [c["seen"] for c in data["changes"]] == ["2026-12-17", "2026-12-24"]  # reviewed: gone


def test_429_then_success_is_retried(root, registry):
    registry.fault(LIST_CHANNELS, "429", "429", page=2)
    data = sync(root, registry)
    assert len(data["channels"]) == 6
    assert sum(1 for p in registry.requests if p.startswith(LIST_CHANNELS) and "page=2" in p) == 3


@pytest.mark.parametrize("fault, message", [
    (("timeout", "timeout", "timeout"), r"ei vastannut 0.5 sekunnissa 2 yrityksellä \(haku "
                                        r"kesti yhteensä \d+ s\)"),
    (("malformed",), r"ei ole kelvollista JSONia \(virhe rivillä 1, sarakkeessa 39\)"),
    (("500*",), r"palvelin vastasi virheellä 500 yhä uudelleen \(3 yritystä\)"),
    (("429", "429", "429"), r"palvelin vastasi virheellä 429 yhä uudelleen \(3 yritystä\)"),
])
def test_a_failure_keeps_the_old_snapshot(root, registry, fault, message):
    sync(root, registry)
    before = (root / ptv.SNAPSHOT).read_bytes()
    registry.channels.pop()  # the new answer would differ
    registry.fault("/api/v11/Service/list/organization", *fault)
    with pytest.raises(SyncError, match=message) as error:
        sync(root, registry, date(2026, 12, 10))
    assert "/api/v11/Service/list/organization" in str(error.value)
    assert not any(word in str(error.value) for word in ("too many", "Expecting", "delimiter"))
    assert (root / ptv.SNAPSHOT).read_bytes() == before
    assert [p.name for p in (root / "data").iterdir()] == ["ptv.json"]  # no temporary left


def test_a_page_that_fails_half_way_keeps_the_old_snapshot(root, registry):
    sync(root, registry)
    before = (root / ptv.SNAPSHOT).read_bytes()
    registry.channels[0]["serviceChannelNames"][0]["value"] = "Uusi nimi"  # on page 1
    registry.fault(LIST_CHANNELS, "500*", page=3)
    with pytest.raises(SyncError, match="page=3"):
        sync(root, registry, date(2026, 12, 10))
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
