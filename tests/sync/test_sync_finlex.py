"""`sync finlex` against the local registry server: title, latest amendment, a hash of each
cited section (in chapters or in the body), the date a section's text changed, the same file
when nothing changed, and failures that keep the old snapshot."""

from __future__ import annotations

from datetime import date

import pytest
import registries as r
from registries import Registry

from macros.sync import SyncError, finlex

LAWS = {"sosiaalihuoltolaki": "1301/2014", "toimeentulotukilaki": "1412/1997",
        "kela-siirtolaki": "815/2015"}
CITED = {"sosiaalihuoltolaki": {"36 §", "14 e §"}, "toimeentulotukilaki": {"14 §", "29–30 §"}}


def statutes(registry: Registry, shl_36: str = "Palvelutarve arvioidaan.",
             ttt_title: str = "Laki toimeentulotuesta") -> None:
    registry.statutes = {
        "2014/1301": r.statute("1301/2014", "Sosiaalihuoltolaki",
                               {"14 e": "Kuntouttava työtoiminta.", "36": shl_36},
                               chapters=True, amendments=(("100/2020", "2020-03-01"),
                                                          ("790/2022", "2023-01-01"))),
        "1997/1412": r.statute("1412/1997", ttt_title,
                               {"14": "Päätös viivytyksettä.", "29": "A.", "30": "B."}),
    }  # 815/2015 amends other laws: Finlex has no consolidated text of it (404)


def run(root, registry, day: int = 3, **client) -> dict:
    return synced(root, registry, day, **client)[0]


def synced(root, registry, day: int = 3, **client) -> tuple[dict, list, bool]:
    with registry.client(**{"attempts": 2, **client}) as http:
        return finlex.sync(root, http, registry.finlex, LAWS, CITED, date(2026, 12, day))


@pytest.fixture
def registry():
    with Registry() as server:
        statutes(server)
        yield server


def test_title_latest_amendment_and_cited_sections(root, registry):
    data = run(root, registry)
    shl = data["laws"]["sosiaalihuoltolaki"]
    assert shl["title"] == "Sosiaalihuoltolaki" and shl["consolidated"] == "2026-01-01"
    assert shl["latest_amendment"] == {"number": "790/2022", "in_force": "2023-01-01"}
    assert set(shl["sections"]) == {"36 §", "14 e §"}  # chp_1__sec_14e inside a chapter
    assert shl["sections"]["14 e §"]["heading"] == "Pykälä 14 e"
    assert all(len(s["hash"]) == 16 and "changed" not in s for s in shl["sections"].values())
    ttt = data["laws"]["toimeentulotukilaki"]
    assert set(ttt["sections"]) == {"14 §", "29–30 §"}  # sec_14 in the body; a range
    assert "latest_amendment" not in ttt
    assert data["laws"]["kela-siirtolaki"] == {
        "number": "815/2015", "missing": True,
        "url": registry.finlex + "/akn/fi/act/statute-consolidated/2015/815/fin@"}


def test_a_changed_section_is_dated_by_the_sync_that_saw_it(root, registry):
    first = run(root, registry)
    statutes(registry, shl_36="Palvelutarve arvioidaan viipymättä.")
    second = run(root, registry, day=10)
    sections = second["laws"]["sosiaalihuoltolaki"]["sections"]
    assert sections["36 §"]["changed"] == "2026-12-10"
    assert sections["36 §"]["hash"] != first["laws"]["sosiaalihuoltolaki"]["sections"]["36 §"]["hash"]
    assert "changed" not in sections["14 e §"]
    third = run(root, registry, day=17)  # the same text again: the date stays
    assert third["laws"]["sosiaalihuoltolaki"]["sections"]["36 §"]["changed"] == "2026-12-10"


def test_nothing_changed_nothing_written_even_after_a_change_the_same_day(root, registry):
    """Same facts, same bytes: no fetch time in the file. A run after a change on the same day
    says nothing changed."""
    first, changed, written = synced(root, registry)
    assert written and changed == [] and first["changed"] == "2026-12-03" and "fetched" not in first
    statutes(registry, shl_36="Palvelutarve arvioidaan viipymättä.")
    second, changed, written = synced(root, registry, day=10)
    assert written and changed == ["sosiaalihuoltolaki 36 §"] and second["changed"] == "2026-12-10"
    before = (root / finlex.SNAPSHOT).read_bytes()
    for day in (10, 11):  # the same day again, and the next
        again, changed, written = synced(root, registry, day=day)
        assert not written and changed == [] and again["changed"] == "2026-12-10"
    assert (root / finlex.SNAPSHOT).read_bytes() == before


def test_a_changed_title_keeps_the_previous_one(root, registry):
    run(root, registry)
    statutes(registry, ttt_title="Laki toimeentulotuesta ja sen hakemisesta")
    data = run(root, registry, day=10)
    ttt = data["laws"]["toimeentulotukilaki"]
    assert ttt["title"] == "Laki toimeentulotuesta ja sen hakemisesta"
    assert ttt["previous_title"] == "Laki toimeentulotuesta" and ttt["title_changed"] == "2026-12-10"


def test_a_cited_section_the_law_does_not_have_is_listed(root, registry):
    with registry.client(attempts=1) as http:
        data = finlex.sync(root, http, registry.finlex, LAWS, {"sosiaalihuoltolaki": {"99 a §"}},
                           date(2026, 12, 3))[0]
    assert data["laws"]["sosiaalihuoltolaki"]["missing_sections"] == ["99 a §"]


@pytest.mark.parametrize("answer, message", [
    ("<akomaNtoso><act>", r"ei ole kelvollista XML:ää \(virhe rivillä 1, sarakkeessa 18\)"),
    ("<html><body>Huolto</body></html>", "ei ole Akoma Ntoso"),
    ('<?xml version="1.0"?><!DOCTYPE a [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;'
     '&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;'
     '&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;'
     '&e;&e;&e;&e;"><!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;'
     '&g;&g;&g;&g;">]><akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">'
     '&h;&h;&h;&h;&h;&h;&h;&h;</akomaNtoso>', "ei ole kelvollista XML:ää"),
])
def test_a_broken_statute_keeps_the_old_snapshot(root, registry, answer, message):
    run(root, registry)
    before = (root / finlex.SNAPSHOT).read_bytes()
    registry.statutes["1997/1412"] = answer
    with pytest.raises(SyncError, match=message):
        run(root, registry, day=10)
    assert (root / finlex.SNAPSHOT).read_bytes() == before


def test_a_server_error_keeps_the_old_snapshot(root, registry):
    run(root, registry)
    before = (root / finlex.SNAPSHOT).read_bytes()
    registry.fault("/finlex/avoindata/v1/akn/fi/act/statute-consolidated/2014/1301/fin@", "500*")
    with pytest.raises(SyncError, match=r"virheellä 500 yhä uudelleen \(2 yritystä\)"):
        run(root, registry, day=10)
    assert (root / finlex.SNAPSHOT).read_bytes() == before


@pytest.mark.parametrize("label, keys", [
    ("36 §", ["sec_36"]), ("14 e §", ["sec_14e"]), ("14e §", ["sec_14e"]),
    ("29–30 §", ["sec_29", "sec_30"]), ("5-7 §", ["sec_5", "sec_6", "sec_7"]),
    ("14 a–14 c §", ["sec_14a", "sec_14c"]), ("luku 2", []),
])
def test_section_keys(label, keys):
    assert finlex.section_keys(label) == keys
