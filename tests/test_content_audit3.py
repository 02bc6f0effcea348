"""The third content audit (issue #27): each of the twelve corrections stays corrected, the
residents' questions no page answered have a page with a way to reach someone, the staff pages
new staff asked for are there, no built page shows template code, English contact blocks are in
English and the deadlines page speaks to staff. Each test fails if the old wording, citation or
gap comes back."""

import re
from html.parser import HTMLParser

import pytest
import yaml
from sites import ROOT, html

from macros.checks.rule_copies import copies
from macros.data.rules import expand_rules, law_renderer
from macros.data.site import load_site


def load(path: str):
    return yaml.safe_load((ROOT / path).read_text(encoding="utf-8"))


RULES = {r["id"]: r for r in load("data/rules.yml")}
CONTACTS = {c["id"]: c for c in load("data/contacts.yml")}
PROCESSES = {f.stem: yaml.safe_load(f.read_text(encoding="utf-8"))
             for f in sorted((ROOT / "data/processes").glob("*.yml"))}


def service(service_id: str) -> dict:
    return load(f"data/services/{service_id}.yml")


def words(text: str) -> str:
    return re.sub(r"\s+(?=[',.:;)])", "", " ".join(text.replace("\xad", "").split()))


def article(site, path: str) -> str:
    return words(html(site, path).select_one("article").get_text(" "))


def rule_text(rule_id: str, mode: str = "text") -> str:
    return words(RULES[rule_id][mode])


def guard_finds(rule_id: str, text: str) -> bool:
    rules = load_site(ROOT).rules
    return any(rule_id in ids.split(", ") for _, _, ids in copies([(1, text)], rules))


# --- Macros in data text, and no template code on any built page -----------------------------


class _Visible(HTMLParser):
    """Text of a page outside code, pre, script and style, with where it was found."""

    SKIP = {"code", "pre", "script", "style"}

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if not self.depth and re.search(r"\{\{|\{%|\{#", data):
            self.found.append(" ".join(data.split())[:80])


def test_no_built_page_shows_template_code_outside_code(built_site):
    shown = {}
    for path in sorted(built_site.rglob("*.html")):
        parser = _Visible()
        parser.feed(path.read_text(encoding="utf-8"))
        if parser.found:
            shown[path.relative_to(built_site).as_posix()] = parser.found
    assert shown == {}


def test_the_template_code_check_can_fail():
    parser = _Visible()
    parser.feed('<p>Katso ({{ law_link("x") }})</p><pre><code>{{ rule("id") }}</code></pre>')
    assert parser.found == ['Katso ({{ law_link("x") }})']


def test_law_link_in_process_data_is_rendered(built_site):
    page = html(built_site, "ammattilaisille/prosessit/palvelutarpeen-arviointi/index.html")
    step = page.find(id="vaihe-vireille").find_next_sibling("p")
    assert "law_link" not in step.get_text()
    link = step.find("a")
    assert link is not None and link.get_text(strip=True) == "Sosiaalihuoltolaki 35 § Finlexissä"
    assert link["href"].endswith("/2014/20141301")


def test_data_text_with_other_template_code_is_reported():
    site = load_site(ROOT)
    problems = []
    data = {"action": 'Ks. {{ law_link("sosiaalihuoltolaki", "36 §") }}. {{ service_card("x") }}',
            "ok": '{{ rule("ttt-kasittelyaika", "value") }}'}
    out = expand_rules(data, site.rule, lambda loc, message: problems.append((loc, message)),
                       law=law_renderer(site.laws))
    assert out["action"].startswith("Ks. [Sosiaalihuoltolaki 36 § Finlexissä](")
    assert [loc for loc, _ in problems] == [("action",)]
    assert "mallikoodia" in problems[0][1] and "law_link" in problems[0][1]
    problems.clear()
    expand_rules({"a": '{{ law_link("eioo") }}'}, site.rule,
                 lambda loc, message: problems.append(message), law=law_renderer(site.laws))
    assert problems and "tuntematon laki" in problems[0]


# --- 1. 14 a §, cited the same way everywhere --------------------------------------------------


def test_1_decision_deadlines_cite_14_a():
    for rule_id in ("ttt-kasittelyaika", "ttt-kiireellinen"):
        assert RULES[rule_id]["law"] == {"law": "toimeentulotukilaki", "section": "14 a §"}
    sections = {ref.get("section") for ref in service("toimeentulotuki")["legislation"]}
    assert "14 §" not in sections and "14 a §" in sections


def test_1_every_deadline_that_cites_a_rule_cites_its_section():
    for process_id, process in PROCESSES.items():
        for step in process["steps"]:
            deadline = step.get("deadline") or {}
            match = re.search(r'rule\("([^"]+)"', deadline.get("text", ""))
            if match and deadline.get("law"):
                assert deadline["law"] == RULES[match.group(1)]["law"], (process_id, step["id"])


# --- 2. KHO only with leave to appeal ----------------------------------------------------------


def test_2_glossary_says_leave_to_appeal(built_site):
    text = article(built_site, "ammattilaisille/sanasto/index.html")
    assert "Hallinto-oikeuden päätöksestä voi hakea siihen muutosta" not in text
    assert rule_text("kho-valituslupa") in text
    assert RULES["kho-valituslupa"]["law"]["section"] == "107 §"
    assert guard_finds("kho-valituslupa", "KHO:sta voi hakea muutosta hallinto-oikeuden päätökseen.")


# --- 3. Interpreter: when, from hallintolaki 26 § ---------------------------------------------


def test_3_sami_page_no_longer_promises_any_interpreter_free(built_site):
    text = article(built_site, "asukkaille/saamen-kieli/index.html")
    assert "Tulkin saa myös muille kielille" not in text
    assert rule_text("tulkkaus") in text
    assert "Hallintolaki 26 §" in text


# --- 4. Housing advice: municipalities and landlords, the county's part ------------------------


def test_4_housing_advice_says_who_provides_it(built_site):
    data = service("asumisneuvonta")
    assert not any(c.get("name") == "Asumisneuvonnan puhelin" for c in data["channels"])
    assert {"law": "sosiaalihuoltolaki", "section": "21 §"} in data["legislation"]
    text = article(built_site, "palvelut/asumisneuvonta/index.html")
    assert "kunnat ja vuokrataloyhtiöt, eivät hyvinvointialue" in text
    assert "tilapäisen asumisen" in text


# --- 5. Omatyöntekijä unless clearly unnecessary -----------------------------------------------


@pytest.mark.parametrize("path", ["asukkaille/oikeutesi/index.html",
                                  "ammattilaisille/ilmoitukset/index.html",
                                  "ammattilaisille/prosessit/palvelutarpeen-arviointi/index.html",
                                  "palvelut/aikuissosiaalityo/index.html"])
def test_5_named_worker_with_the_exception(built_site, path):
    text = article(built_site, path)
    assert "ilmeisen tarpeetonta" in text, path
    assert not re.search(r"nimetään omatyöntekijä(?![^.]*tarpeeton)", text, re.I), path
    assert guard_finds("omatyontekija", "Sinulle nimetään omatyöntekijä.")


# --- 6. SHL 35 §: "välttämättä vaatii" ----------------------------------------------------------


@pytest.mark.parametrize("path", ["ammattilaisille/ilmoitukset/index.html",
                                  "ammattilaisille/prosessit/yhteydenotto-sosiaalihuoltoon/index.html"])
def test_6_child_interest_wording(built_site, path):
    text = article(built_site, path)
    assert "lapsen etu sitä välttämättä vaatii" in text
    assert not re.search(r"lapsen etu sitä vaatii", text)
    assert guard_finds("shl-35-ilmoitus", "Ilmoitus tehdään, jos lapsen etu sitä vaatii.")


# --- 7. KTT travel reimbursement: who gets what ------------------------------------------------


def test_7_travel_reimbursement_not_promised_to_everyone(built_site):
    text = article(built_site, "palvelut/kuntouttava-tyotoiminta/index.html")
    assert "Lisäksi saat matkakulut halvimman kulkutavan mukaan" not in text
    assert rule_text("ktt-korvaus") in text
    assert "toimeentulotukea etkä kulukorvausta" in RULES["ktt-korvaus"]["text"]
    assert guard_finds("ktt-korvaus", "Saat myös rahaa matkoihin.")


# --- 8. KTT at a workplace: not bought from a company, except support and guidance -------------


def test_8_company_rule_from_the_law(built_site):
    text = article(built_site, "palvelut/kuntouttava-tyotoiminta-tyopaikalla/index.html")
    assert "Yritys ei voi tarjota kuntouttavaa työtoimintaa" not in text
    assert rule_text("ktt-yritys") in text and "tukea ja ohjausta" in text
    assert RULES["ktt-yritys"]["law"] == {"law": "kuntouttava-tyotoiminta", "section": "13 b §"}


# --- 9. HE 109/2025 kept out of residents' pages; its status for staff -------------------------


@pytest.mark.parametrize("path", ["palvelut/aktivointisuunnitelma/index.html",
                                  "en/services/aktivointisuunnitelma/index.html",
                                  "palvelut/kuntouttava-tyotoiminta/index.html"])
def test_9_residents_are_not_told_the_change_is_in_force(built_site, path):
    text = article(built_site, path)
    assert "109/2025" not in text
    assert "työttömälle, joka saa toimeentulotukea työttömyyden vuoksi" not in text


def test_9_staff_see_what_is_decided_and_what_is_unverified(built_site):
    text = article(built_site, "ammattilaisille/saannot/index.html")
    assert "StVM 27/2025 vp (julkaistu 27.11.2025)" in text
    assert "voimaantulopäivä" in text


# --- 10. SHL 36 § assessment, not the pre-2015 term ---------------------------------------------


def test_10_child_welfare_assessment_is_the_shl_36_assessment(built_site):
    page = html(built_site, "palvelut/lastensuojelutarpeen-selvitys/index.html")
    assert page.h1.get_text(strip=True).replace("\xad", "") != "Lastensuojelutarpeen selvitys"
    text = article(built_site, "palvelut/lastensuojelutarpeen-selvitys/index.html")
    assert "palvelutarpeen arviointi" in text and "Aiemmin sitä kutsuttiin" in text


# --- 11. Integration: the employment authority for job seekers -------------------------------


def test_11_integration_services_for_job_seekers(built_site):
    text = article(built_site, "palvelut/maahan-muuttaneiden-sosiaaliohjaus/index.html")
    assert "järjestää vuodesta 2025 alkaen oma kuntasi" not in text
    assert "Jos olet työnhakija" in text and "työvoimaviranomainen" in text
    assert "työllisyysalue" in text


# --- 12. Social rehabilitation's charge without a source --------------------------------------


def test_12_social_rehabilitation_is_not_marked_free_without_a_source():
    data = service("sosiaalinen-kuntoutus")
    assert data["charge_type"] != "maksuton"
    assert any(u["field"] == "charge_type" for u in data["unverified"])


# --- Staff: who draws up the activation plan, who decides --------------------------------------


def test_one_answer_for_the_activation_plan_on_every_page(built_site):
    answer = rule_text("aktivointisuunnitelma-laatijat", "staff")
    for process_id in ("kuntouttava-tyotoiminta", "aktivointisuunnitelma",
                       "aktivointisuunnitelman-maaraajat"):
        text = article(built_site, f"ammattilaisille/prosessit/{process_id}/index.html")
        assert answer in text, process_id
    roles = {PROCESSES[p]["steps"][i]["role"] for p, i in (
        ("kuntouttava-tyotoiminta", 0), ("aktivointisuunnitelma", 2),
        ("aktivointisuunnitelman-maaraajat", 2))}
    assert roles == {"sosiaaliohjaaja"}
    decision = next(s for s in PROCESSES["kuntouttava-tyotoiminta"]["steps"] if s["id"] == "paatos")
    assert {"law": "kuntouttava-tyotoiminta", "section": "6 §"} in decision["laws"]


def test_child_welfare_notification_channel(built_site):
    text = article(built_site, "ammattilaisille/ilmoitukset/index.html")
    assert "suojaamatonta sähköpostia" in text
    forms = html(built_site, "ammattilaisille/lomakkeet/index.html")
    assert forms.select_one('a[href^="https://thl.fi/julkaisut/kasikirjat/lastensuojelun-kasikirja"]')


def test_reconsideration_kela_and_county_side_by_side(built_site):
    page = html(built_site, "asukkaille/oikeutesi/index.html")
    rows = [" ".join(r.get_text(" ").split()) for r in page.select("article table tbody tr")]
    assert any(r.startswith("Kela") for r in rows)
    assert any("hyvinvointialueen toimielin" in r for r in rows)
    text = article(built_site, "asukkaille/oikeutesi/index.html")
    assert rule_text("muistutus") in text and rule_text("sosiaaliasiavastaava-tehtavat") in text


def test_deadlines_page_speaks_to_staff(built_site):
    text = article(built_site, "ammattilaisille/saannot/index.html")
    assert "data/rules.yml" not in text and "Tarkistettu: ei vielä tarkistettu" not in text
    unverified = sum(1 for r in RULES.values() if not r.get("verified"))
    assert text.count("Tarkistamatta") == unverified + 1  # the table and the one explanation
    for rule in RULES.values():
        assert f'rule("{rule["id"]}")' not in text


def test_municipality_pages_reach_a_person(built_site):
    text = article(built_site, "asukkaille/kunnat/inari/index.html")
    page = html(built_site, "asukkaille/kunnat/inari/index.html")
    assert page.select_one('article a[href="https://lapha.fi/toimeentulotuki"]') is not None
    assert "verkkosivuilta lapha.fi." not in text


# --- English contact blocks in English ---------------------------------------------------------


@pytest.mark.parametrize("path", ["en/help/kriisi/index.html", "en/help/vakivalta/index.html",
                                  "en/services/sosiaalipaivystys/index.html"])
def test_english_contact_blocks(built_site, path):
    text = article(built_site, path)
    for finnish in ("Hätänumero 112", "Aina, vuorokauden ympäri", "numero varmistamatta"):
        assert finnish not in text, (path, finnish)
    assert "Always, day and night" in text


def test_accessibility_statement_matches_the_english_pages(built_site):
    assert all("en" in load(f"data/services/{f.stem}.yml")
               for f in (ROOT / "data/services").glob("*.yml"))
    text = article(built_site, "en/accessibility/index.html")
    assert "some service pages are in Finnish only" not in text
    assert "Every service has an English page" in text


# --- New residents' and staff pages: a way to reach someone, sourced facts ---------------------

NEW_RESIDENT_PAGES = {
    "asukkaille/itsetuhoiset-ajatukset": ["mieli-kriisipuhelin", "hatanumero"],
    "asukkaille/vankilasta-vapautuminen": ["kela-toimeentulotuki", "sosiaalipaivystys"],
    "asukkaille/omaishoitaja": ["omaishoitajat", "sosiaalipaivystys"],
    "asukkaille/ruoka-apu": ["ruoka-apu", "kela-toimeentulotuki"],
    "asukkaille/velat": ["talous-ja-velkaneuvonta", "takuusaatio"],
    "asukkaille/maarat": ["kela-toimeentulotuki"],
}


@pytest.mark.parametrize("page,contacts", NEW_RESIDENT_PAGES.items())
def test_new_resident_page_has_its_contacts(built_site, page, contacts):
    soup = html(built_site, f"{page}/index.html")
    hrefs = {a["href"] for a in soup.select("article a[href]")}
    for contact_id in contacts:
        contact = CONTACTS[contact_id]
        assert contact["source"].startswith("https://") and contact["checked"], contact_id
        if contact.get("phone"):
            assert "tel:" + re.sub(r"[^\d+]", "", contact["phone"]) in hrefs, (page, contact_id)
        elif contact.get("url"):
            assert contact["url"] in hrefs, (page, contact_id)
    keywords = yaml.safe_load((ROOT / f"docs/{page}.md").read_text().split("---")[1])["keywords"]
    assert len(keywords) >= 8


def test_crisis_line_is_next_to_112(built_site):
    page = html(built_site, "asukkaille/kiireellinen-apu/index.html")
    hrefs = [a["href"] for a in page.select('article a[href^="tel:"]')]
    assert "tel:112" in hrefs and "tel:0925250111" in hrefs


def test_debts_page_says_advice_does_not_stop_enforcement(built_site):
    text = article(built_site, "asukkaille/velat/index.html")
    assert "Velkaneuvonta ei pysäytä perintää eikä ulosottoa" in text
    assert "Vuokra-asunnon saaminen vaikeutuu" in text


def test_amounts_come_from_rules_with_sources(built_site):
    text = article(built_site, "asukkaille/maarat/index.html")
    for rule_id in ("perusosa-maara", "elatustuki-maara", "ktt-korvaus-maara"):
        assert rule_text(rule_id) in text
        assert RULES[rule_id]["verified"] and RULES[rule_id]["source"].startswith("https://")
    assert guard_finds("elatustuki-maara", "Elatustuki on 197,71 euroa.")


def test_staff_calculation_example_adds_up(built_site):
    text = article(built_site, "ammattilaisille/toimeentulotukilaskelma/index.html")
    assert "578,43 + 540,00" not in text  # the table, not a sum written in prose
    expenses, income = 578.43 + 540.00 + 25.00, 650.00 + 330.00
    assert f"{expenses:.2f}".replace(".", ",") in text.replace("1 143", "1143")
    assert f"{expenses - income:.2f}".replace(".", ",") in text


@pytest.mark.parametrize("path,needles", [
    ("ammattilaisille/ammattihenkilot/index.html", ["817/2015", "JulkiTerhikki", "Laillistettu"]),
    ("ammattilaisille/saamelaisalue/index.html", ["Saamen kielilaki 19 §", "Saamen kielilaki 15 §",
                                                  "Lapin paliskunnan alue"]),
])
def test_new_staff_pages(built_site, path, needles):
    text = article(built_site, path)
    for needle in needles:
        assert needle in text, (path, needle)
