"""The staff handbook as built: process pages, role pages, laws index, forms and glossary.

Expected lists are computed here from the YAML files with plain PyYAML, not from macros/.
"""

from pathlib import Path

import pytest
import yaml
from sites import ROOT, html

PROCESS_FILES = sorted((ROOT / "data/processes").glob("*.yml"))


def load(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


PROCESSES = {f.stem: load(f) for f in PROCESS_FILES}
ROLES = {r["id"]: r for r in load(ROOT / "data/roles.yml")}
LAWS = {law["id"]: law for law in load(ROOT / "data/laws.yml")}
SERVICES = {f.stem: load(f) for f in sorted((ROOT / "data/services").glob("*.yml"))}



def test_the_brief_processes_are_all_there():
    assert len(PROCESSES) >= 7


@pytest.mark.parametrize("process_id", list(PROCESSES))
def test_process_page_has_diagram_steps_and_responsibility_table(built_site, process_id):
    data = PROCESSES[process_id]
    page = html(built_site, f"ammattilaisille/prosessit/{process_id}/index.html")
    assert page.h1.get_text(strip=True) == data["name"]
    svg = page.select_one("figure.hk-diagram svg[role=img]")
    assert svg is not None
    title_id, desc_id = svg["aria-labelledby"].split()
    assert data["name"] in svg.find(id=title_id).get_text()
    assert "Vaiheet" in svg.find(id=desc_id).get_text()
    assert len(svg.select("g.node")) >= len(data["steps"])
    headings = [h.get_text(strip=True) for h in page.select("article h3")]
    assert headings == [f"{n}. {s['title']}" for n, s in enumerate(data["steps"], start=1)]
    for step in data["steps"]:
        assert page.find(id=f"vaihe-{step['id']}") is not None
    table = page.select_one("article table")
    roles = list(dict.fromkeys(s["role"] for s in data["steps"]))
    assert [th.get_text(strip=True) for th in table.select("thead th")] == [
        "Vaihe", *(ROLES[r]["name"] for r in roles)]
    rows = table.select("tbody tr")
    assert len(rows) == len(data["steps"])
    for number, (row, step) in enumerate(zip(rows, data["steps"], strict=True), start=1):
        header = row.select_one("th[scope=row]")  # the step names its row (WCAG 1.3.1)
        assert header is not None and header.get_text(strip=True) == f"{number}. {step['title']}"
        cells = [td.get_text(strip=True) for td in row.select("td")]
        assert cells == ["vastaa" if r == step["role"] else "" for r in roles]


@pytest.mark.parametrize("process_id", list(PROCESSES))
def test_links_both_ways_between_processes_and_services(built_site, process_id):
    page = html(built_site, f"ammattilaisille/prosessit/{process_id}/index.html")
    hrefs = [a["href"] for a in page.select("article a[href]")]
    for service in PROCESSES[process_id].get("services", []):
        assert f"../../../palvelut/{service}/" in hrefs
        back = html(built_site, f"palvelut/{service}/index.html")
        assert f"../../ammattilaisille/prosessit/{process_id}/" in [
            a["href"] for a in back.select("article a[href]")]


@pytest.mark.parametrize("role_id", list(ROLES))
def test_role_page_lists_exactly_the_steps_of_that_role(built_site, role_id):
    expected = [(p["name"], n, s["title"])
                for _, p in sorted(PROCESSES.items(), key=lambda item: item[1]["name"])
                for n, s in enumerate(p["steps"], start=1) if s["role"] == role_id]
    page = html(built_site, f"ammattilaisille/roolit/{role_id}/index.html")
    found = []
    for heading in page.select("article h3"):
        for item in heading.find_next_sibling("ul").select("li"):
            number, title = item.get_text(strip=True).removeprefix("Vaihe ").split(". ", 1)
            found.append((heading.get_text(strip=True), int(number), title))
    assert found == expected


def test_laws_index_lists_exactly_what_cites_each_law(built_site):
    page = html(built_site, "ammattilaisille/lait/index.html")
    for law_id in LAWS:
        section = page.find(id=law_id)
        assert section is not None, law_id
        expected_services = sorted({SERVICES[s]["name"] for s in SERVICES
                                    for ref in SERVICES[s].get("legislation", [])
                                    if ref["law"] == law_id})
        expected_steps = sorted({f"{p['name']}, vaihe {n}. {s['title']}"
                                 for p in PROCESSES.values()
                                 for n, s in enumerate(p["steps"], start=1)
                                 for ref in [*s.get("laws", []),
                                             *([s["deadline"]["law"]] if s.get("deadline", {})
                                               .get("law") else [])]
                                 if ref["law"] == law_id})
        services, steps = set(), set()
        for sibling in section.find_next_siblings():
            if sibling.name == "h2":
                break
            for link in sibling.select("li a"):
                target = steps if "/prosessit/" in link["href"] else services
                target.add(link.get_text(strip=True))
        assert sorted(services) == expected_services, law_id
        assert sorted(steps) == expected_steps, law_id


def test_every_abbreviation_in_the_glossary_is_explained_on_the_glossary_page(built_site):
    glossary = load(ROOT / "data/glossary.yml")
    page = html(built_site, "ammattilaisille/sanasto/index.html")
    titles = {a.get_text(): a["title"] for a in page.select("abbr[title]")}
    for term in glossary:
        if term.get("abbreviation", True):
            assert titles[term["term"]] == term["expansion"]
    assert page.select_one("abbr[tabindex='0']") is not None


def test_checklist_and_onboarding_are_labelled_checklists(built_site):
    for path in ("ammattilaisille/muistilista/index.html",
                 "ammattilaisille/perehdytys/etuuskasittelija/index.html"):
        items = html(built_site, path).select("li.task-list-item")
        assert items
        for item in items:
            label = item.select_one("label")
            assert label.select_one("input[type=checkbox]") and label.get_text(strip=True)


# --- the benefit application process: rejection, self-correction, the body that decides ---------

def _successors(process: dict) -> dict[str, list[str]]:
    """Each step's next steps as the data says: decision outcomes, else `next`, else the step
    that follows in the list (none after `end`)."""
    steps = process["steps"]
    out = {}
    for i, step in enumerate(steps):
        if step.get("decision"):
            out[step["id"]] = [o["next"] for o in step["decision"]["outcomes"]]
        elif step.get("next"):
            out[step["id"]] = [step["next"]]
        elif step.get("end") or i + 1 == len(steps):
            out[step["id"]] = ["loppu"]
        else:
            out[step["id"]] = [steps[i + 1]["id"]]
    return out


def _reachable(graph: dict[str, list[str]], start: str, avoid: str | None = None) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        node = todo.pop()
        if node in seen or node == avoid:
            continue
        seen.add(node)
        todo += graph.get(node, [])
    return seen


BENEFIT = PROCESSES["toimeentulotukihakemus"]
BENEFIT_STEPS = {s["id"]: s for s in BENEFIT["steps"]}


def test_benefit_decisions_branch_to_payment_or_rejection_and_both_reach_the_appeal():
    graph = _successors(BENEFIT)
    rejection = next(s for s in BENEFIT["steps"] if "kielteinen" in s["title"].lower())
    deciding = [s for s in BENEFIT["steps"] if s.get("decision")
                and {"maksatus", rejection["id"]} <= set(graph[s["id"]])]
    assert {s["id"] for s in deciding} >= {"paatos", "kiireellinen-paatos"}
    for start in ("maksatus", rejection["id"]):
        assert "muutoksenhaku" in _reachable(graph, start)
    assert "maksatus" not in _reachable(graph, rejection["id"])  # no payment after a rejection


def test_a_meeting_request_is_handled_when_made_not_after_payment():
    graph = _successors(BENEFIT)
    assert "tapaaminen" in _reachable(graph, "kirjaus", avoid="maksatus")
    assert "tapaaminen" not in graph["maksatus"]


def test_the_decision_maker_may_correct_first_and_the_body_decides_the_request_for_review():
    graph = _successors(BENEFIT)
    assert "itseoikaisu" in graph["muutoksenhaku"]
    correcting = BENEFIT_STEPS["itseoikaisu"]
    assert correcting["role"] == BENEFIT_STEPS["paatos"]["role"]  # whoever made the decision
    assert {"section": "50–51 §", "law": "hallintolaki"} in correcting["laws"]
    deciding = [s for s in BENEFIT["steps"] if s["role"] == "toimielin"]
    assert len(deciding) == 1 and deciding[0].get("end")
    assert deciding[0]["id"] in _reachable(graph, "itseoikaisu")
    assert "loppu" in graph["itseoikaisu"]  # a corrected decision needs no review by the body
    assert "toimielin" in ROLES
    assert not [s for s in BENEFIT["steps"]
                if s["role"] == "johtava-sosiaalityontekija" and s.get("end")]


def test_benefit_process_page_shows_the_branches_and_who_decides(built_site):
    rules = {r["id"]: r for r in load(ROOT / "data/rules.yml")}
    page = html(built_site, "ammattilaisille/prosessit/toimeentulotukihakemus/index.html")
    table = [th.get_text(strip=True) for th in page.select("article table thead th")]
    assert ROLES["toimielin"]["name"] in table
    heading = page.find(id="vaihe-oikaisu")
    step_text = " ".join(heading.find_next_sibling().get_text(" ").split())
    assert " ".join(rules["oikaisuvaatimus-paattaja"]["text"].split()) in step_text
    assert page.find(id="vaihe-itseoikaisu") is not None
    assert page.find(id="vaihe-kielteinen") is not None
    svg = page.select_one("figure.hk-diagram svg").get_text(" ")
    assert "Ei, kielteinen" in svg

# --- Staff depth: chapters, onboarding for every role, glossary ----------------------------

ONBOARDING = {path["role"]: path for path in load(ROOT / "data/onboarding.yml")}
GLOSSARY = load(ROOT / "data/glossary.yml")


def article_words(page) -> int:
    """Words of a page's article text (headings, paragraphs, lists, tables), as a reader sees."""
    import re
    return len(re.findall(r"\w+", page.select_one("article").get_text(" ")))


def headings(page, level: str) -> list[str]:
    # abbreviations are elements of their own: keep the text as written, normalise spaces
    return [" ".join(h.get_text().split()) for h in page.select(f"article {level}")]


def test_adult_social_work_chapter_is_an_article_of_at_least_800_words(built_site):
    page = html(built_site, "ammattilaisille/aikuissosiaalityo/index.html")
    assert article_words(page) >= 800
    for title in ("Paikka palvelujärjestelmässä", "Tuki ja kontrolli",
                  "Etuuskäsittelijä aikuissosiaalityössä", "Rakenteellinen sosiaalityö",
                  "Palvelutarpeen arviointi"):
        assert title in headings(page, "h2")
    for partner in ("Kela", "Työvoimaviranomainen", "Terveydenhuolto", "Järjestöt ja seurakunnat"):
        assert partner in headings(page, "h3")
    text = page.select_one("article").get_text(" ")
    assert "diakonia" in text and "perusosan alentaminen" in text.lower()
    hrefs = [a["href"] for a in page.select("article a[href]")]
    assert any(h.endswith("20141301") for h in hrefs)  # SHL sections link to Finlex
    assert "../saannot/#perusosan-alentaminen" in hrefs


def test_every_role_has_an_onboarding_path_of_at_least_eight_items(built_site):
    assert set(ONBOARDING) == set(ROLES)
    index = html(built_site, "ammattilaisille/perehdytys/index.html")
    index_links = {a["href"] for a in index.select("article a[href]")}
    for role_id, role in ROLES.items():
        items = ONBOARDING[role_id]["items"]
        assert len(items) >= 8, role_id
        assert all(item.get("page") or item.get("process") or item.get("task") for item in items)
        page = html(built_site, f"ammattilaisille/perehdytys/{role_id}/index.html")
        assert " ".join(page.h1.get_text().split()) == f"Perehdytys: {role['name']}"
        assert len(page.select("li.task-list-item")) == len(items)
        assert f"{role_id}/" in index_links


def test_glossary_has_at_least_forty_terms_each_with_an_expansion(built_site):
    assert len(GLOSSARY) >= 40
    assert len({t["term"] for t in GLOSSARY}) == len(GLOSSARY)
    assert all(t["expansion"].strip() for t in GLOSSARY)
    for term in ("SHL", "KTT", "TYP", "Kanta", "PTV", "DVV", "asiakassuunnitelma",
                 "omatyöntekijä", "palvelutarpeen arviointi", "oikaisuvaatimus", "itseoikaisu",
                 "perusosa"):
        assert term in {t["term"] for t in GLOSSARY}, term
    page = html(built_site, "ammattilaisille/sanasto/index.html")
    assert len(page.select("article dl dt")) == len(GLOSSARY)


def test_income_support_page_for_staff_has_its_sections_and_is_in_the_navigation(built_site):
    page = html(built_site, "ammattilaisille/toimeentulotuki/index.html")
    assert page.h1.get_text(strip=True) == "Toimeentulotuki ammattilaisille"
    assert headings(page, "h2") == [
        "Toimeentulotuen kolme osaa", "Soveltamisohje", "Kuka päättää mistäkin",
        "Yhteistyö Kelan kanssa", "Perusosan alentaminen", "Esimerkit", "Katso myös"]
    examples = [h for h in headings(page, "h3") if h.startswith("Esimerkki ")]
    assert len(examples) >= 2
    text = page.select_one("article").get_text(" ")
    deciders = next(r for r in load(ROOT / "data/rules.yml") if r["id"] == "oikaisuvaatimus-paattaja")
    assert " ".join(deciders["value"].split()) in " ".join(text.split())  # cited from the rule
    assert "keksittyjä" in text  # the examples say they are invented
    other = html(built_site, "ammattilaisille/aikuissosiaalityo/index.html")
    assert "../toimeentulotuki/" in [a["href"] for a in other.select("nav a[href]")]


def test_methods_page_has_segmentation_steps_structural_work_evaluation_and_consultation(
        built_site):
    page = html(built_site, "ammattilaisille/menetelmat/index.html")
    for title in ("Asiakkuussegmentointi", "Rakenteellinen sosiaalityö", "Vaikuttavuuden arviointi",
                  "Konsultaatio"):
        assert title in headings(page, "h2")
    steps = page.find("h3", string="Segmentointi vaihe vaiheelta").find_next_sibling("ol")
    assert len(steps.find_all("li", recursive=False)) >= 6
    assert len(steps.select("li > ul > li")) >= 3  # the example groups nest under their step
    structural = page.find(id="rakenteellinen-sosiaalityo").find_next_sibling("p")
    assert "7 §" in structural.get_text()


def test_client_cafe_experience_is_attributed_to_kokkola_not_lapland(built_site):
    source = (ROOT / "docs/ammattilaisille/menetelmat.md").read_text(encoding="utf-8")
    assert "Kokemus Lapista" not in source
    page = html(built_site, "ammattilaisille/menetelmat/index.html")
    cafe = next(p.get_text(" ") for p in page.select("article p") if "asiakaskahvila" in p.get_text())
    assert "Kokkola" in cafe and "Keski-Pohjanmaa" in cafe
    assert "Lapista" not in cafe


def test_documentation_page_covers_kanta_documents_statistics_and_examples(built_site):
    page = html(built_site, "ammattilaisille/dokumentointi/index.html")
    for title in ("Asiakirjat ja Kanta-arkisto", "Mitä THL:n tiedonkeruu tarvitsee",
                  "Hyviä ja huonoja kirjauksia"):
        assert title in headings(page, "h2")
    documents = [row.select("td")[0].get_text(strip=True)
                 for row in page.select("article table tbody tr")]
    for document in ("Asiakaskertomus", "Palvelutarpeen arviointi", "Asiakassuunnitelma",
                     "Päätös", "Yhteenveto"):
        assert document in documents
    assert len(page.select("article blockquote")) >= 6  # good and bad entries
