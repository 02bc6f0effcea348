"""Legal rules stated once (data/rules.yml) and cited everywhere: the pure functions, and the
real handbook rebuilt with every rule changed, so each page that cites a rule shows the change."""

from __future__ import annotations

import re

import pytest
import yaml
from sites import ROOT, build, handbook_copy

from macros.checks.rule_copies import copies
from macros.data.models import LawRef, Rule
from macros.data.rules import CALL, RuleError, expand_rules, rule_text

RULE = Rule(id="aika", name="Käsittelyaika", text="Päätös tehdään 7 arkipäivässä.",
            value="7 arkipäivässä", en="Within 7 working days.",
            law=LawRef(law="shl", section="36 §"), source="https://www.finlex.fi/x",
            guard=["(7|seitsemän) arkipäiv"])
RULES = {"aika": RULE}


def law(rule: Rule) -> str:
    return f"[SHL {rule.law.section}](https://www.finlex.fi/x)"


def test_each_mode_gives_its_text():
    assert rule_text(RULES, "aika", None, law) == "Päätös tehdään 7 arkipäivässä."
    assert rule_text(RULES, "aika", "value", law) == "7 arkipäivässä"
    assert rule_text(RULES, "aika", "en", law) == "Within 7 working days."
    assert rule_text(RULES, "aika", "law", law) == "[SHL 36 §](https://www.finlex.fi/x)"


@pytest.mark.parametrize("rule_id, mode, message", [
    ("aikaa", None, 'tuntematon sääntö "aikaa". Säännöt ovat tiedostossa data/rules.yml'),
    ("aika", "arvo", 'tuntematon muoto "arvo" säännölle "aika". Sallitut: "text"'),
    ("aika", "easy", 'säännöllä "aika" ei ole kenttää easy.'),
])
def test_bad_calls_say_what_to_fix(rule_id, mode, message):
    with pytest.raises(RuleError, match=re.escape(message)):
        rule_text(RULES, rule_id, mode, law)


def test_calls_in_data_are_replaced_and_bad_ones_reported_where_they_are():
    reported = []
    data = {"a": 'Näin: {{ rule("aika") }}', "b": ['{{rule("aika", "value")}} ja {{ rule("x") }}'],
            "c": 5}

    def render(rule_id, mode):
        return rule_text(RULES, rule_id, mode, law)

    out = expand_rules(data, render, lambda loc, message: reported.append((loc, message)))
    assert out["a"] == "Näin: Päätös tehdään 7 arkipäivässä."
    assert out["b"][0].startswith("7 arkipäivässä ja {{ rule(")  # the bad call stays visible
    assert out["c"] == 5
    assert [loc for loc, _ in reported] == [("b", 0)]


def test_copies_are_found_also_across_lines_but_not_in_rule_calls():
    lines = [(1, "Päätös tulee {{ rule('aika') }}."), (2, "Päätös tulee seitsemän"),
             (3, "  arkipäivän kuluessa."), (4, "Muuta tekstiä.")]
    assert copies(lines, RULES) == [(2, "seitsemän arkipäiv", "aika")]


# --- the real handbook, every rule changed ------------------------------------------------------

def _rules() -> list[dict]:
    return yaml.safe_load((ROOT / "data/rules.yml").read_text(encoding="utf-8"))


def _marker(rule_id: str, mode: str) -> str:
    return f"SÄÄNTÖ {rule_id} {mode} MUUTETTU"


@pytest.fixture(scope="module")
def changed_site(tmp_path_factory):
    """The handbook built from a copy whose data/rules.yml has every rule's texts replaced by
    markers naming the rule and the form."""
    project = tmp_path_factory.mktemp("rules") / "project"
    handbook_copy(project, history=True)
    rules = _rules()
    for rule in rules:
        for mode in ("text", "value", "easy", "en", "staff"):
            if rule.get(mode):
                rule[mode] = _marker(rule["id"], mode)
    (project / "data/rules.yml").write_text(yaml.safe_dump(rules, allow_unicode=True),
                                            encoding="utf-8")
    result = build(project, project / "site")
    assert result.returncode == 0, result.output
    return project / "site"


def _citing_pages(rule_id: str) -> dict[str, set[str]]:
    """Built pages (paths in site/) that must show the rule, with the forms they cite, worked
    out from the sources: docs pages by their path, service and process files by their pages."""
    pages: dict[str, set[str]] = {}
    sources = [*(ROOT / "docs").rglob("*.md"), *(ROOT / "data/services").glob("*.yml"),
               *(ROOT / "data/processes").glob("*.yml")]
    for path in sources:
        text = path.read_text(encoding="utf-8")
        modes = {m.group(2) or "text" for m in CALL.finditer(text) if m.group(1) == rule_id}
        modes.discard("law")
        if not modes:
            continue
        relative = path.relative_to(ROOT)
        if relative.parts[0] == "docs":
            page = relative.relative_to("docs").with_suffix("")
            built = "index.html" if page.name == "index" and len(page.parts) == 1 else (
                f"{page.parent}/index.html" if page.name == "index" else f"{page}/index.html")
        elif relative.parts[1] == "services":
            built = f"palvelut/{path.stem}/index.html"
            modes.discard("en")  # the English text is on the English page
        else:
            built = f"ammattilaisille/prosessit/{path.stem}/index.html"
        pages[built] = modes
    return pages


@pytest.mark.parametrize("rule_id", [rule["id"] for rule in _rules()])
def test_changing_a_rule_in_data_changes_every_page_that_cites_it(changed_site, rule_id):
    rule = next(r for r in _rules() if r["id"] == rule_id)
    citing = _citing_pages(rule_id)
    for page, modes in citing.items():
        text = (changed_site / page).read_text(encoding="utf-8")
        for mode in modes:
            assert _marker(rule_id, mode) in text, f"{page} does not show the changed {mode}"
    staff = (changed_site / "ammattilaisille/saannot/index.html").read_text(encoding="utf-8")
    assert _marker(rule_id, "text") in staff
    old = " ".join(rule["text"].split())
    stale = [str(p.relative_to(changed_site)) for p in changed_site.rglob("*.html")
             if old in " ".join(p.read_text(encoding="utf-8").split())]
    assert not stale, f"the old text of {rule_id} is still on {stale}"


def test_every_rule_is_cited_somewhere():
    text = "\n".join(p.read_text(encoding="utf-8") for p in [
        *(ROOT / "docs").rglob("*.md"), *(ROOT / "data").rglob("*.yml")]
        if p != ROOT / "data/rules.yml")
    cited = {m.group(1) for m in CALL.finditer(text)}
    assert {rule["id"] for rule in _rules()} - cited == set()
