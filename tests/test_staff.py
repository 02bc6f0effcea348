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
    for row, step in zip(rows, data["steps"], strict=True):
        cells = [td.get_text(strip=True) for td in row.select("td")][1:]
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
