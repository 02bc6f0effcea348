"""The second content audit (issue #17): each corrected error stays corrected, and no service
page, brochure or life-situation page is a dead end. Each test reads the built handbook (the
``built_site`` fixture) or the data, and fails if the wrong wording or citation comes back."""

import re

import pytest
import yaml
from sites import ROOT, html

from macros.checks.rule_copies import copies
from macros.data.site import load_site


def load(path: str):
    return yaml.safe_load((ROOT / path).read_text(encoding="utf-8"))


SERVICES = {f.stem: yaml.safe_load(f.read_text(encoding="utf-8"))
            for f in sorted((ROOT / "data/services").glob("*.yml"))}
RULES = {r["id"]: r for r in load("data/rules.yml")}
CONTACTS = {c["id"]: c for c in load("data/contacts.yml")}
SITUATIONS = load("data/life_situations.yml")
MUNICIPALITIES = load("data/municipalities.yml")
PROCESSES = {f.stem: yaml.safe_load(f.read_text(encoding="utf-8"))
             for f in sorted((ROOT / "data/processes").glob("*.yml"))}


def words(text: str) -> str:
    """White space normalised, and no space before punctuation: get_text(" ") puts one after an
    inline element such as an abbreviation ("KHO :2023:40")."""
    return re.sub(r"\s+(?=[',.:;)])", "", " ".join(text.split()))


def article(site, path: str) -> str:
    """The article text of a built page, white space normalised."""
    return words(html(site, path).select_one("article").get_text(" "))


def section(site, path: str, heading_id: str):
    """The elements of a built page from the heading with ``heading_id`` to the next h2."""
    heading = html(site, path).find(id=heading_id)
    assert heading is not None, f"{path}: no heading #{heading_id}"
    parts = []
    for sibling in heading.find_next_siblings():
        if sibling.name == "h2":
            break
        parts.append(sibling)
    return parts


def rule_text(rule_id: str, mode: str = "text") -> str:
    return words(RULES[rule_id][mode])


def guard_finds(rule_id: str, text: str) -> bool:
    rules = load_site(ROOT).rules
    return any(rule_id in ids.split(", ") for _, _, ids in copies([(1, text)], rules))


# --- 1. Rent deposit, moving and contact costs are basic support (7 b §) --------------------


def test_1_staff_page_does_not_list_basic_costs_as_supplementary(built_site):
    text = article(built_site, "ammattilaisille/toimeentulotuki/index.html")
    assert not re.search(r"Täydentävän tuen menot:[^.]*(vuokravakuu|muuttokul)", text)
    assert not re.search(r"täydentävää toimeentulotukea\s+muuttokul", text, re.I)
    assert rule_text("ttt-kela-perusmenot") in text
    assert "Toimeentulotukilaki 7 b §" in text or "Laki toimeentulotuesta 7 b §" in text
    assert "KHO:2023:40" in text and "KHO:2020:75" in text


def test_1_example_one_applies_for_a_supplementary_cost_not_moving_costs(built_site):
    page = html(built_site, "ammattilaisille/toimeentulotuki/index.html")
    heading = next(h for h in page.select("article h3") if "Esimerkki 1" in h.get_text())
    example = words(heading.find_next_sibling("p").get_text(" "))
    assert "koti-irtaimisto" in example
    assert not re.search(r"muuttokul|vuokravakuu", example, re.I)


def test_1_resident_page_agrees_with_the_rule(built_site):
    text = article(built_site, "palvelut/toimeentulotuki/index.html")
    assert rule_text("ttt-kela-perusmenot") in text
    english = article(built_site, "en/services/toimeentulotuki/index.html")
    assert rule_text("ttt-kela-perusmenot", "en") in english
    assert RULES["ttt-kela-perusmenot"]["law"] == {"law": "toimeentulotukilaki", "section": "7 b §"}


def test_1_guard_catches_a_hand_written_copy():
    assert guard_finds("ttt-kela-perusmenot",
                       "Täydentävää tukea voi saada esimerkiksi vuokravakuuteen ja muuttokuluihin.")


# --- 2. Kela's decision first, except urgent cases: one rule, one place ---------------------


def test_2_process_no_longer_says_preventive_support_needs_no_kela_decision(built_site):
    text = article(built_site, "ammattilaisille/prosessit/toimeentulotukihakemus/index.html")
    assert "ilman Kelan päätöstä" not in text
    assert rule_text("ttt-kelan-paatos-ensin") in text
    assert rule_text("ttt-kelan-paatos-ensin") in article(
        built_site, "palvelut/toimeentulotuki/index.html")
    step = PROCESSES["toimeentulotukihakemus"]["steps"][0]["action"]
    assert 'rule("ttt-kelan-paatos-ensin")' in step


def test_2_guard_catches_the_old_wording():
    assert guard_finds("ttt-kelan-paatos-ensin", "Ehkäisevää tukea voi hakea ilman Kelan päätöstä.")


# --- 3. The seven-working-day meeting right is for income-support clients only ---------------


def test_3_english_adult_social_work_page_limits_the_meeting_right(built_site):
    page = html(built_site, "en/services/aikuissosiaalityo/index.html")
    steps = words(page.find(id="how-to-apply").find_next_sibling("ol").get_text(" "))
    meeting = rule_text("ttt-tapaaminen", "en")
    assert meeting in steps
    before = steps[:steps.index(meeting)]
    assert "social assistance" in before.split(".")[-1] or "social assistance clients" in before
    finnish = article(built_site, "palvelut/aikuissosiaalityo/index.html")
    assert "Toimeentulotuen hakijalle" in finnish


# --- 4. Not "the same services everywhere": what is the same and what varies -----------------


@pytest.mark.parametrize("path", ["asukkaille/kunnat/index.html", "en/index.html", "index.html"])
def test_4_no_page_says_services_are_the_same_everywhere(built_site, path):
    text = article(built_site, path)
    assert not re.search(r"Palvelut ovat samat kaikille|same in all 21|same for everyone", text)


@pytest.mark.parametrize("path,same,varies", [
    ("asukkaille/kunnat/index.html", "samat oikeudet", ["Omavirta", "Talousneuvola"]),
    ("en/index.html", "same rights", ["Omavirta", "Talousneuvola"]),
])
def test_4_pages_say_what_is_the_same_and_what_varies(built_site, path, same, varies):
    text = article(built_site, path)
    assert same in text
    for name in varies:
        assert name in text


# --- 5. Income-support appeals cite the law's own appeal section (24 §) ---------------------


def test_5_the_appeal_rule_cites_section_24_and_every_page_follows(built_site):
    assert RULES["ttt-muutoksenhaku"]["law"] == {"law": "toimeentulotukilaki", "section": "24 §"}
    for path in ("palvelut/toimeentulotuki/index.html",
                 "ammattilaisille/toimeentulotuki/index.html",
                 "ammattilaisille/prosessit/toimeentulotukihakemus/index.html"):
        text = article(built_site, path)
        assert "24 §" in text, path
    staff = article(built_site, "ammattilaisille/toimeentulotuki/index.html")
    assert "Sosiaalihuoltolaki 48 §" not in staff
    assert rule_text("ttt-muutoksenhaku") in article(built_site, "palvelut/toimeentulotuki/index.html")
    assert rule_text("ttt-muutoksenhaku", "en") in article(
        built_site, "en/services/toimeentulotuki/index.html")


def test_5_the_process_appeal_step_cites_24_not_shl_48_alone():
    step = next(s for s in PROCESSES["toimeentulotukihakemus"]["steps"] if s["id"] == "oikaisu")
    laws = {(law["law"], law.get("section")) for law in step["laws"]}
    assert ("toimeentulotukilaki", "24 §") in laws
    assert laws != {("sosiaalihuoltolaki", "48 §")}
    services = SERVICES["toimeentulotuki"]
    assert 'rule("ttt-muutoksenhaku")' in services["appeal"]
    assert {"law": "toimeentulotukilaki", "section": "24 §"} in services["legislation"]


# --- 6. KTT reform: the 2025 policy stated precisely, with its source ------------------------


def test_6_ktt_page_states_the_2025_decision_not_an_unsourced_repeal(built_site):
    text = article(built_site, "palvelut/kuntouttava-tyotoiminta/index.html")
    assert "tarkoitus kumota" not in text
    assert "puoliväliriihessä" in text and "kuntiin" in text
    assert "Sosiaalinen kuntoutus jää hyvinvointialueelle" in text
    assert "25.11.2025" in text
    notes = " ".join(u["note"] for u in SERVICES["kuntouttava-tyotoiminta"]["unverified"])
    assert "https://tem.fi/" in notes
    english = article(built_site, "en/services/kuntouttava-tyotoiminta/index.html")
    assert "is to be repealed" not in english and "municipalities" in english


# --- 7. Unemployed health checks: legal basis, Kokkola not presented as local ----------------


def test_7_health_check_process_cites_tervhl_13_and_attributes_kokkola(built_site):
    text = article(built_site, "ammattilaisille/prosessit/tyottoman-terveystarkastus/index.html")
    assert "13 §" in text and "Terveydenhuoltolaki" in text
    assert "Kokkola" in text and "ei Lapin käytäntö" in text
    assert "Käytäntö perustuu työryhmän sopimaan" not in text


# --- 8. 381/2023 terms: no "kartoitusjakso" of the repealed 1369/2014 ------------------------


@pytest.mark.parametrize("path", ["ammattilaisille/prosessit/monialainen-tyollistyminen/index.html",
                                  "palvelut/monialainen-tyollistyminen/index.html",
                                  "en/services/monialainen-tyollistyminen/index.html"])
def test_8_no_mapping_period(built_site, path):
    text = article(built_site, path)
    assert not re.search(r"kartoitusjakso|mapping period", text, re.I)
    assert re.search(r"monialaise\w* työllistymissuunnitelm|multi-agency employment plan", text)


# --- 9. Service areas are the 2022 working names, said so -------------------------------------


@pytest.mark.parametrize("municipality", [m for m in MUNICIPALITIES if m.get("service_area")],
                         ids=lambda m: m["id"])
def test_9_municipality_page_calls_the_service_area_a_working_name(built_site, municipality):
    text = article(built_site, f"asukkaille/kunnat/{municipality['id']}/index.html")
    assert municipality["service_area"] in text
    assert "työnimi" in text and "29.6.2022" in text
    assert "Hyvinvointialueen palvelualue:" not in text


# --- 10. The right to an interpreter, exactly when ------------------------------------------


def test_10_interpreter_text_says_when_and_cites_hallintolaki_26(built_site):
    text = article(built_site, "palvelut/maahan-muuttaneiden-sosiaaliohjaus/index.html")
    assert "Sinulla on oikeus tulkkiin" not in text
    assert rule_text("tulkkaus") in text
    assert RULES["tulkkaus"]["law"] == {"law": "hallintolaki", "section": "26 §"}
    english = article(built_site, "en/services/maahan-muuttaneiden-sosiaaliohjaus/index.html")
    assert "You have the right to an interpreter" not in english
    assert rule_text("tulkkaus", "en") in english
    assert guard_finds("tulkkaus", "Sinulla on oikeus tulkkiin.")


# --- 11. The ombudsman: email first, no named persons' numbers -------------------------------


def test_11_ombudsman_leads_with_email_and_shows_no_personal_numbers(built_site):
    contact = CONTACTS["sosiaaliasiavastaava"]
    assert "phone" not in contact and contact["email"]
    text = article(built_site, "palvelut/sosiaaliasiavastaava/index.html")
    for number in ("040 506 0083", "040 482 3584"):
        assert number not in text
    steps = words(html(built_site, "palvelut/sosiaaliasiavastaava/index.html")
                  .find(id="nain-haet").find_next_sibling().get_text(" "))
    assert steps.startswith("Lähetä") and "kirjeellä" not in steps
    assert "mailto:sosiaaliasiavastaava@lapha.fi" in str(html(
        built_site, "palvelut/sosiaaliasiavastaava/index.html"))


# --- 12. The county's office in your municipality, not the municipality's office ------------


def test_12_no_page_suggests_the_municipality_runs_social_services(built_site):
    wrong = re.compile(r"oman kuntasi sosiaalitoimisto|office of your (own )?municipality|"
                       r"your local social services office", re.I)
    found = []
    for path in sorted(built_site.rglob("index.html")):
        if path.parent.name == "muutokset":  # the change log quotes commit subjects
            continue
        if wrong.search(words(path.read_text(encoding="utf-8"))):
            found.append(path.relative_to(built_site).as_posix())
    assert found == []


# --- 13. Parents acknowledge, DVV confirms ----------------------------------------------------


def test_13_parents_acknowledge_parenthood(built_site):
    text = article(built_site, "palvelut/lastenvalvoja/index.html")
    assert not re.search(r"vahvistatte (isyyden|vanhemmuuden)", text)
    assert "tunnustatte isyyden tai vanhemmuuden" in text
    english = article(built_site, "en/services/lastenvalvoja/index.html")
    assert "When you confirm paternity" not in english and "acknowledge" in english


# --- 14. The social emergency number is unverified, 112 leads --------------------------------


def test_14_urgent_help_leads_with_112_as_a_link_and_the_county_page(built_site):
    page = html(built_site, "asukkaille/kiireellinen-apu/index.html")
    lead = page.select_one("article p")
    assert lead.find("a", href="tel:112") is not None
    assert page.select_one('article a[href="https://lapha.fi"]') is not None
    text = article(built_site, "asukkaille/kiireellinen-apu/index.html")
    assert "varmistamatto" in text


def test_14_every_page_showing_the_social_emergency_number_says_it_is_unverified(built_site):
    number = CONTACTS["sosiaalipaivystys"]["phone"]
    assert CONTACTS["sosiaalipaivystys"]["unverified"]
    shown = 0
    for path in sorted(built_site.rglob("index.html")):
        text = words(path.read_text(encoding="utf-8"))
        if number in text:
            shown += 1
            marker = "not confirmed" if "/en/" in f"/{path.relative_to(built_site).as_posix()}" \
                else "varmistamatta"
            assert marker in text, path.relative_to(built_site).as_posix()
    assert shown > 10


def test_14_the_emergency_service_lists_112_first(built_site):
    page = html(built_site, "palvelut/sosiaalipaivystys/index.html")
    phones = [a["href"] for a in page.select('article a[href^="tel:"]')]
    assert phones and phones[0] == "tel:112"


# --- 15. Easy Finnish: active voice, short summaries, no letters, no "Soita 112" alone ---------

PASSIVE = re.compile(r"\b\w*(?:[aeiouyäöh][td](?:aan|ään)|(?:ll|rr|nn)(?:aan|ään))\b", re.I)
NOT_PASSIVE = {"erillään"}


def passives(text: str) -> list[str]:
    return [w for w in PASSIVE.findall(text) if w.lower() not in NOT_PASSIVE]


def test_15_passive_helper_can_fail():
    assert passives("Suunnitelma tehdään. Tehtävät sovitaan. Matkat korvataan.") == [
        "tehdään", "sovitaan", "korvataan"]
    assert passives("Ota yhteyttä sosiaalineuvontaan. Asut erillään.") == []


@pytest.mark.parametrize("service_id", list(SERVICES))
def test_15_easy_finnish_is_active(service_id):
    text = load_site(ROOT).services[service_id].easy_finnish
    assert passives(text) == [], service_id


def test_15_income_support_summary_is_short():
    text = load_site(ROOT).services["toimeentulotuki"].easy_finnish
    assert len(re.split(r"(?<=[.!?])\s+", words(text))) <= 7


def test_15_emergency_summary_names_both_ways_and_ombudsman_no_letter():
    site = load_site(ROOT)
    emergency = site.services["sosiaalipaivystys"].easy_finnish
    assert "112" in emergency and "sosiaalipäivystykseen" in emergency.split(".")[-2]
    assert "kirje" not in site.services["sosiaaliasiavastaava"].easy_finnish


# --- Every service reachable ------------------------------------------------------------------

KUNNAT = re.compile(r"(\.\./)+asukkaille/kunnat/$")


def onward_links(parts) -> set[str]:
    return {a["href"] for part in parts for a in part.select("a[href]")} | {
        part["href"] for part in parts if part.name == "a" and part.has_attr("href")}


def usable(hrefs: set[str], county_page: str | None) -> bool:
    """A county page of the service, a phone or email link, or the county's service numbers
    together with the reader's municipality page (where the social office is)."""
    if county_page and county_page in hrefs:
        return True
    direct = any(h.startswith(("tel:", "mailto:")) and h != "tel:112" for h in hrefs)
    county = any(h == "https://lapha.fi" or h.startswith("https://lapha.fi/") for h in hrefs)
    municipality = any(KUNNAT.search(h) for h in hrefs)
    return (county and municipality) or (direct and county)


@pytest.mark.parametrize("service_id", list(SERVICES))
def test_every_service_page_has_a_way_onward(built_site, service_id):
    county = (SERVICES[service_id].get("county_page") or {}).get("url")
    parts = section(built_site, f"palvelut/{service_id}/index.html", "yhteystiedot-ja-asiointi")
    assert usable(onward_links(parts), county), service_id


@pytest.mark.parametrize("service_id", [i for i, s in SERVICES.items() if s.get("brochure")])
def test_every_brochure_has_a_way_onward(built_site, service_id):
    county = (SERVICES[service_id].get("county_page") or {}).get("url")
    parts = section(built_site, f"esitteet/{service_id}/index.html", "lisatietoa")
    assert usable(onward_links(parts), county), service_id


@pytest.mark.parametrize("situation", SITUATIONS, ids=lambda s: s["id"])
def test_every_situation_page_has_a_contact_to_reach(built_site, situation):
    page = html(built_site, f"mista-apua/{situation['id']}/index.html")
    heading = page.find(id="soita-tai-ota-yhteytta")
    assert heading is not None, situation["id"]
    contacts = heading.find_next_sibling("ul")
    assert contacts.select('a[href^="tel:"], a[href^="https://"]')


def test_money_situation_has_kela_and_the_county(built_site):
    page = html(built_site, "mista-apua/raha/index.html")
    contacts = page.find(id="soita-tai-ota-yhteytta").find_next_sibling("ul")
    hrefs = {a["href"] for a in contacts.select("a[href]")}
    assert "tel:" + CONTACTS["kela-toimeentulotuki"]["phone"].replace(" ", "") in {
        h.replace(" ", "") for h in hrefs} or any(h.startswith("tel:") for h in hrefs)
    assert any(h.startswith("https://lapha.fi") for h in hrefs)
    text = words(contacts.get_text(" "))
    assert "Kela" in text and "Lapin hyvinvointialue" in text


def test_new_contacts_have_a_public_source_and_date():
    for contact_id in ("lapha-palvelunumerot", "kela-toimeentulotuki"):
        contact = CONTACTS[contact_id]
        assert contact["source"].startswith("https://") and contact["checked"]


# --- A new social worker's first month: staff chapters, processes, onboarding ---------------

NEW_PROCESSES = ["palvelutarpeen-arviointi", "yhteydenotto-sosiaalihuoltoon",
                 "aktivointisuunnitelman-maaraajat"]


@pytest.mark.parametrize("process_id", NEW_PROCESSES)
def test_new_process_has_steps_roles_records_deadlines_laws_and_a_diagram(built_site, process_id):
    process = PROCESSES[process_id]
    steps = process["steps"]
    assert len(steps) >= 6
    assert len({s["role"] for s in steps}) >= 2
    assert any(s.get("records") for s in steps)
    assert any(s.get("deadline") for s in steps)
    assert any(s.get("laws") for s in steps)
    page = html(built_site, f"ammattilaisille/prosessit/{process_id}/index.html")
    assert page.select_one("figure.hk-diagram svg") is not None
    for step in steps:
        assert page.find(id=f"vaihe-{step['id']}") is not None, step["id"]


def test_notice_process_branches_on_consent_and_cites_shl_35_and_lsl_25():
    steps = {s["id"]: s for s in PROCESSES["yhteydenotto-sosiaalihuoltoon"]["steps"]}
    assert {o["next"] for o in steps["havainto"]["decision"]["outcomes"]} == {
        "yhteydenotto", "ilman-suostumusta"}
    cited = {(law["law"], law.get("section")) for s in steps.values() for law in s.get("laws", [])}
    assert {("sosiaalihuoltolaki", "35 §"), ("lastensuojelulaki", "25 §")} <= cited


def test_activation_deadlines_come_from_rules():
    steps = PROCESSES["aktivointisuunnitelman-maaraajat"]["steps"]
    deadlines = " ".join(s["deadline"]["text"] for s in steps if s.get("deadline"))
    for rule_id in ("aktivointisuunnitelma-milloin", "ktt-kesto"):
        assert f'rule("{rule_id}"' in deadlines


@pytest.mark.parametrize("path,needles", [
    ("ammattilaisille/ilmoitukset/index.html",
     ["Sosiaalihuoltolaki 35 §", "Lastensuojelulaki 25 §", "salassapitosäännösten estämättä",
      "3 momentti", "Sosiaalihuoltolaki 12 §", "Sosiaalihuoltolaki 42 §", "yhteenvetoon"]),
    ("ammattilaisille/dokumentointi/index.html",
     ["Tietojen luovuttaminen ilman asiakkaan suostumusta", "15 artikla", "16 artikla",
      "kuukauden kuluessa"]),
    ("ammattilaisille/menetelmat/index.html",
     ["Strukturoidut arviointivälineet", "AUDIT", "Toimia", "MARAK", "riskinarviointilomake",
      "suostumus"]),
    ("ammattilaisille/toimeentulotuki/index.html",
     ["Raja perustoimeentulotuen ja täydentävän tuen välillä", "delegointipäätöksen",
      "Esimerkki 1"]),
])
def test_staff_chapters_cover_the_first_month_topics(built_site, path, needles):
    text = article(built_site, path)
    for needle in needles:
        assert needle in text, (path, needle)


ONBOARDING = {p["role"]: p for p in load("data/onboarding.yml")}
STAFF_ROLES = ["etuuskasittelija", "sosiaaliohjaaja", "sosiaalityontekija", "toimistosihteeri",
               "johtava-sosiaalityontekija"]


@pytest.mark.parametrize("role", [r["id"] for r in load("data/roles.yml")])
def test_every_role_has_a_practical_first_week(role):
    first_week = [i for i in ONBOARDING[role]["items"] if i["week"] == 1]
    assert len(first_week) >= 3
    text = " ".join(f"{i['title']} {i.get('task', '')}" for i in first_week).lower()
    assert "vaitiolo" in text or "salassapito" in text
    if role in STAFF_ROLES:
        for topic in ("käyttöoikeu", "järjestelm", "työturvallisuus", "perehdyttäjä"):
            assert topic in text, (role, topic)


def test_the_new_chapter_is_in_the_navigation(built_site):
    page = html(built_site, "ammattilaisille/index.html")
    assert page.select_one('a[href$="ilmoitukset/"]') is not None
