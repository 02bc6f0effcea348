"""Process flow diagrams: steps and branches → DOT (pure) → SVG by Graphviz's ``dot``.

The SVG goes inline into the process page, with ``role="img"``, a title and a description
that points to the numbered step list, its text equivalent on the same page. Nothing is
loaded in the reader's browser, and the diagram prints like the rest of the page.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import textwrap

from markupsafe import Markup

from ..core.cache import DataStore, code_of, digest, inert_svg
from ..core.problems import HandbookError, Problem
from ..data.process_models import END, Process, Role

# Light fills, one per role in order of appearance: black text on each passes WCAG AA.
FILLS = ["#e8eaf6", "#e0f2f1", "#fff3e0", "#fce4ec", "#f1f8e9", "#ede7f6", "#e1f5fe", "#fbe9e7"]


def _escape_dot(text: str) -> str:
    """Text as it stands inside a DOT string: a backslash and a quote are escaped, so no text
    can end the string (and add attributes) or use Graphviz's escapes (\\N, \\G, \\l…)."""
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _quote(text: str) -> str:
    """A DOT string of plain text (ids, colours)."""
    return f'"{_escape_dot(text)}"'


def _label(*lines: str) -> str:
    """A DOT label of lines of text (escaped), joined by DOT's line breaks."""
    return '"' + "\\n".join(_escape_dot(line) for line in lines) + '"'


def _wrap(text: str, width: int = 26) -> list[str]:
    return textwrap.wrap(text, width) or [text]


def process_dot(process: Process, roles: dict[str, Role]) -> str:
    """The process as a DOT graph: numbered steps (with their role), decisions, branches."""
    order = list(dict.fromkeys(step.role for step in process.steps))
    lines = [
        "digraph process {",
        '  graph [rankdir=TB, nodesep=0.3, ranksep=0.3, fontname="sans-serif", bgcolor="transparent"];',
        '  node [shape=box, style="rounded,filled", color="#37474f", fontname="sans-serif", '
        'fontsize=11, fontcolor="#000000", margin="0.15,0.06"];',
        '  edge [color="#37474f", fontname="sans-serif", fontsize=10, fontcolor="#000000"];',
    ]
    ends = False
    for number, step in enumerate(process.steps, start=1):
        first, *rest = _wrap(step.title)
        label = _label(f"{number}. {first}", *rest, f"({roles[step.role].name})")
        fill = FILLS[order.index(step.role) % len(FILLS)]
        lines.append(f"  {_quote(step.id)} [label={label}, fillcolor={_quote(fill)}];")
    for index, step in enumerate(process.steps):
        following = process.steps[index + 1].id if index + 1 < len(process.steps) else END
        if step.decision:
            decision = f"{step.id}?"
            lines.append(f"  {_quote(decision)} [shape=diamond, style=filled, fillcolor=\"#ffffff\", "
                         f"label={_label(*_wrap(step.decision.question, 20))}];")
            lines.append(f"  {_quote(step.id)} -> {_quote(decision)};")
            for outcome in step.decision.outcomes:
                ends |= outcome.next == END
                lines.append(f"  {_quote(decision)} -> {_quote(outcome.next)} "
                             f"[label={_label(*_wrap(outcome.label, 18))}];")
        elif step.end:
            ends = True
            lines.append(f"  {_quote(step.id)} -> {_quote(END)};")
        else:
            target = step.next or following
            ends |= target == END
            lines.append(f"  {_quote(step.id)} -> {_quote(target)};")
    if ends:
        lines.append(f'  {_quote(END)} [shape=oval, style=filled, fillcolor="#ffffff", label="Loppu"];')
    lines.append("}")
    return "\n".join(lines) + "\n"


def _inert(svg: object) -> str:
    if not inert_svg(svg):
        raise ValueError("not a plain drawing")
    return svg


# SVG by DOT text and ``dot`` program, kept between builds (and rebuilds of `mkdocs serve`).
SVGS = DataStore("graphviz", code_of("pages/diagram.py"), decode=_inert)


def _key(dot: str, program: str) -> str:
    stat = os.stat(program)
    return digest(os.path.realpath(program), stat.st_size, stat.st_mtime_ns, dot)


def _dot_program() -> str:
    binary = shutil.which("dot")
    if binary is None:
        raise HandbookError([Problem("data/processes", 0, "prosessikaavio",
                                     "Graphviz puuttuu, joten prosessikaavioita ei voi piirtää. "
                                     "Asenna se: apt-get install graphviz (tai bash .ci/setup).")])
    return binary


def lay_out(dots: list[str], where=lambda dot: ("data/processes", 0)) -> dict[str, str]:
    """Every graph's SVG, laid out with one run of Graphviz (one process, not one per diagram)
    for the graphs no earlier build laid out with the same ``dot``. ``where(dot)`` names a
    graph's data file and line, for the message if Graphviz cannot draw it."""
    binary = _dot_program()
    keys = {dot: _key(dot, binary) for dot in dict.fromkeys(dots)}
    svgs = {dot: SVGS.find(key) for dot, key in keys.items()}
    todo = [dot for dot, svg in svgs.items() if svg is None]
    if todo:
        result = subprocess.run([binary, "-Tsvg"], input="".join(todo), capture_output=True,
                                text=True, timeout=300)
        made = [part + "</svg>\n" for part in result.stdout.split("</svg>\n")[:-1]]
        if result.returncode != 0 or len(made) != len(todo):
            raise HandbookError(_failures(binary, todo, where) or [
                _problem(("data/processes", 0), result.stderr)])
        for dot, svg in zip(todo, made, strict=True):
            SVGS.put(keys[dot], svg)
            svgs[dot] = svg
    return svgs


def _failures(binary: str, dots: list[str], where) -> list[Problem]:
    """The graphs Graphviz cannot draw, each named by its data file and line."""
    found = []
    for dot in dots:
        alone = subprocess.run([binary, "-Tsvg"], input=dot, text=True, capture_output=True,
                               timeout=300)
        if alone.returncode != 0:
            found.append(_problem(where(dot), alone.stderr))
    return found


def _problem(where: tuple[str, int], error: str) -> Problem:
    return Problem(*where, "prosessikaavio",
                   f"Graphviz ei voinut piirtää prosessin kaaviota ({error.strip()}). Tarkista "
                   "vaiheiden otsikot, kysymykset ja vaihtoehdot; ilmoita ylläpitäjälle, jos "
                   "virhe ei korjaudu.")


def dot_to_svg(dot: str) -> str:
    """One graph as SVG (laid out now unless an earlier ``lay_out`` kept it)."""
    return lay_out([dot])[dot]


def accessible_svg(svg: str, element_id: str, title: str, description: str) -> str:
    """Graphviz's SVG made fit for inline HTML: no prolog or comments, scalable, named.

    Its size in points becomes the same number of CSS pixels: the natural size, at which the
    text is 10–11 px, below which handbook.css lets the diagram scroll instead of shrink."""
    svg = re.sub(r"<\?xml.*?\?>|<!DOCTYPE.*?>|<!--.*?-->", "", svg, flags=re.S)
    svg = re.sub(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"', _pixels, svg, count=1)
    svg = svg.replace("<svg", f'<svg role="img" aria-labelledby="{element_id}-title '
                              f'{element_id}-desc" focusable="false"', 1)
    svg = re.sub(r"(<svg[^>]*>)", rf'\1<title id="{element_id}-title">{_escape(title)}</title>'
                 rf'<desc id="{element_id}-desc">{_escape(description)}</desc>', svg, count=1)
    # The graph's group: Graphviz numbers graphs laid out in one run "graph0", "page0,1_graph0"…
    # (not a valid id); give it the diagram's id, and drop its title (the graph's DOT name).
    svg = re.sub(r'<g id="[^"]*graph0" class="graph"([^>]*)>\s*<title>[^<]*</title>',
                 rf'<g id="{element_id}-graph" class="graph"\1>', svg, count=1)
    return "\n".join(line for line in svg.splitlines() if line.strip())


def _pixels(match: re.Match) -> str:
    width, height = (round(float(value)) for value in match.groups())
    return f'<svg width="{width}" height="{height}"'


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def process_svg(process: Process, roles: dict[str, Role], process_id: str) -> Markup:
    """The diagram, HTML the code made (the page template writes it as it is)."""
    return Markup(accessible_svg(dot_to_svg(process_dot(process, roles)), f"kaavio-{process_id}",
                          f"Prosessikaavio: {process.name}",
                          "Kaavion vaiheet, tekijät ja haarat on kerrottu sivun kohdassa Vaiheet."))
