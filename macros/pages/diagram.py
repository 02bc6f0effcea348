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
from pathlib import Path

from ..core.cache import digest, directory, write_atomically
from ..core.problems import HandbookError, Problem
from ..data.process_models import END, Process, Role

# Light fills, one per role in order of appearance: black text on each passes WCAG AA.
FILLS = ["#e8eaf6", "#e0f2f1", "#fff3e0", "#fce4ec", "#f1f8e9", "#ede7f6", "#e1f5fe", "#fbe9e7"]


def _quote(text: str) -> str:
    """A DOT string; the only backslashes in labels are the \\n line breaks ``_wrap`` adds."""
    return '"' + text.replace('"', '\\"') + '"'


def _wrap(text: str, width: int = 26) -> str:
    return "\\n".join(textwrap.wrap(text, width)) or text


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
        label = f"{number}. {_wrap(step.title)}\\n({roles[step.role].name})"
        fill = FILLS[order.index(step.role) % len(FILLS)]
        lines.append(f"  {_quote(step.id)} [label={_quote(label)}, fillcolor={_quote(fill)}];")
    for index, step in enumerate(process.steps):
        following = process.steps[index + 1].id if index + 1 < len(process.steps) else END
        if step.decision:
            decision = f"{step.id}?"
            lines.append(f"  {_quote(decision)} [shape=diamond, style=filled, fillcolor=\"#ffffff\", "
                         f"label={_quote(_wrap(step.decision.question, 20))}];")
            lines.append(f"  {_quote(step.id)} -> {_quote(decision)};")
            for outcome in step.decision.outcomes:
                ends |= outcome.next == END
                lines.append(f"  {_quote(decision)} -> {_quote(outcome.next)} "
                             f"[label={_quote(_wrap(outcome.label, 18))}];")
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


_svgs: dict[str, str] = {}  # DOT text → SVG, kept across rebuilds of `mkdocs serve`


def _cached(dot: str, program: str) -> Path | None:
    """Where the SVG of ``dot`` laid out by this ``dot`` program is kept between builds."""
    folder = directory("graphviz")
    if folder is None:
        return None
    stat = os.stat(program)
    return folder / f"{digest(os.path.realpath(program), stat.st_size, stat.st_mtime_ns, dot)}.svg"


def lay_out(dots: list[str]) -> None:
    """Lay out every graph not laid out yet with one run of Graphviz (one process, not one per
    diagram); graphs laid out by an earlier build with the same ``dot`` come from the cache
    folder. A missing ``dot`` stops the build with a clear message."""
    todo = list(dict.fromkeys(d for d in dots if d not in _svgs))
    if not todo:
        return
    binary = shutil.which("dot")
    if binary is None:
        raise HandbookError([Problem("data/processes", 0, "prosessikaavio",
                                     "Graphviz puuttuu, joten prosessikaavioita ei voi piirtää. "
                                     "Asenna se: apt-get install graphviz (tai bash .ci/setup).")])
    files = {dot: _cached(dot, binary) for dot in todo}
    for dot, path in files.items():
        if path is not None and path.is_file():
            _svgs[dot] = path.read_text(encoding="utf-8")
    todo = [dot for dot in todo if dot not in _svgs]
    if not todo:
        return
    result = subprocess.run([binary, "-Tsvg"], input="".join(todo), capture_output=True,
                            text=True, timeout=300)
    svgs = [part + "</svg>\n" for part in result.stdout.split("</svg>\n")[:-1]]
    if result.returncode != 0 or len(svgs) != len(todo):
        raise HandbookError([Problem("data/processes", 0, "prosessikaavio",
                                     f"Graphviz ei voinut piirtää kaaviota: {result.stderr.strip()}")])
    for dot, svg in zip(todo, svgs, strict=True):
        _svgs[dot] = svg
        if files[dot] is not None:
            write_atomically(files[dot], svg.encode("utf-8"))


def dot_to_svg(dot: str) -> str:
    """One graph as SVG (laid out now unless ``lay_out`` did it already)."""
    lay_out([dot])
    return _svgs[dot]


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


def process_svg(process: Process, roles: dict[str, Role], process_id: str) -> str:
    return accessible_svg(dot_to_svg(process_dot(process, roles)), f"kaavio-{process_id}",
                          f"Prosessikaavio: {process.name}",
                          "Kaavion vaiheet, tekijät ja haarat on kerrottu sivun kohdassa Vaiheet.")
