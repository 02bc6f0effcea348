"""Process diagrams (macros/diagram.py): DOT from steps and branches, accessible SVG."""

import re
import shutil
from datetime import date

import pytest

from macros.core.problems import HandbookError
from macros.data.process_models import Process, Role
from macros.pages.diagram import accessible_svg, dot_to_svg, lay_out, process_dot

ROLES = {"a": Role(id="a", name="Asiakas", description="."),
         "b": Role(id="b", name="Käsittelijä", description=".")}


def process(**changes):
    steps = [
        {"id": "haku", "title": "Hakemus", "role": "a", "action": "."},
        {"id": "arvio", "title": "Arvio", "role": "b", "action": ".",
         "decision": {"question": "Kiireellinen?", "outcomes": [
             {"label": "Kyllä", "next": "kiire"}, {"label": "Ei", "next": "loppu"}]}},
        {"id": "kiire", "title": "Kiireellinen päätös", "role": "b", "action": ".", "end": True},
    ]
    return Process(name="P", purpose=".", concerns=".", steps=steps, owner="T",
                   last_reviewed=date(2026, 1, 1), next_review=date(2027, 1, 1), **changes)


def test_dot_numbers_steps_names_roles_and_draws_branches():
    dot = process_dot(process(), ROLES)
    assert '"haku" [label="1. Hakemus\\n(Asiakas)"' in dot
    assert '"arvio" -> "arvio?";' in dot
    assert '"arvio?" [shape=diamond' in dot
    assert '"arvio?" -> "kiire" [label="Kyllä"];' in dot
    assert '"arvio?" -> "loppu" [label="Ei"];' in dot
    assert '"kiire" -> "loppu";' in dot and '"loppu" [shape=oval' in dot
    assert '"haku" -> "arvio";' in dot


def test_roles_get_different_fills():
    dot = process_dot(process(), ROLES)
    fill = {line.split()[0]: line.split("fillcolor=")[1] for line in dot.splitlines()
            if "fillcolor=" in line and "label=" in line and "shape" not in line}
    assert fill['"haku"'] != fill['"arvio"'] and fill['"arvio"'] == fill['"kiire"']


def test_svg_is_named_scalable_and_inline_ready():
    assert shutil.which("dot"), "Graphviz is missing: apt-get install graphviz (bash .ci/setup)"
    svg = accessible_svg(dot_to_svg(process_dot(process(), ROLES)), "k", "Kaavio: P", "Katso vaiheet.")
    assert svg.startswith("<svg") and "<?xml" not in svg and "<!--" not in svg
    assert 'role="img" aria-labelledby="k-title k-desc"' in svg
    assert '<title id="k-title">Kaavio: P</title><desc id="k-desc">Katso vaiheet.</desc>' in svg
    head = svg.split(">")[0]  # its natural size in CSS px, the minimum handbook.css keeps
    assert re.search(r'width="\d+" height="\d+"', head) and "pt" not in head and "viewBox" in head
    assert "\n\n" not in svg  # a blank line would end the HTML block in Markdown


def test_graphs_laid_out_together_get_valid_ids_and_no_dot_name_as_title():
    """Graphviz names the second graph of one run "page0,1_graph0", not a valid HTML id."""
    assert shutil.which("dot"), "Graphviz is missing: apt-get install graphviz (bash .ci/setup)"
    first, second = (process_dot(process(), ROLES).replace("Loppu", end) for end in ("Loppu 1", "Loppu 2"))
    lay_out([first, second])
    assert "page0,1_graph0" in dot_to_svg(second)  # what Graphviz writes
    for element_id, dot in (("a", first), ("b", second)):
        svg = accessible_svg(dot_to_svg(dot), element_id, "Kaavio", "Kuvaus.")
        assert f'<g id="{element_id}-graph" class="graph"' in svg
        assert "graph0" not in svg and "<title>process</title>" not in svg


@pytest.mark.parametrize("text", ['Sano "kyllä"', "A & B < C"])
def test_labels_with_quotes_and_markup_survive(text):
    p = process()
    steps = [dict(s) for s in p.model_dump()["steps"]]
    steps[0]["title"] = text
    svg = dot_to_svg(process_dot(Process(**{**p.model_dump(), "steps": steps}), ROLES))
    assert "<svg" in svg


def test_labels_escape_backslashes_and_quotes_so_no_attribute_can_be_added():
    p = process()
    steps = [dict(s) for s in p.model_dump()["steps"]]
    steps[0]["title"] = 'Loppuu kenoon \\'
    steps[1]["title"] = 'x\\", URL="javascript:alert(1)'
    dot = process_dot(Process(**{**p.model_dump(), "steps": steps}), ROLES)
    assert 'URL="javascript' not in dot and 'URL=\\"javascript' in dot
    svg = dot_to_svg(dot)
    assert "href" not in svg and "kenoon \\" in svg


def test_a_graph_graphviz_cannot_draw_is_named_by_its_file_and_line():
    broken = 'digraph g { "a" [label="x\0y"]; }\n'
    with pytest.raises(HandbookError) as caught:
        lay_out([broken], lambda dot: ("data/processes/p.yml", 7))
    [problem] = caught.value.problems
    assert (problem.path, problem.line, problem.field) == ("data/processes/p.yml", 7, "prosessikaavio")
    assert "Graphviz ei voinut piirtää" in problem.message
