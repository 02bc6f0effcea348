"""Rendering the macros of a hand-written page, with errors that name file and line.

mkdocs-macros renders ``{{ }}`` even inside code blocks, counts lines from after
the front matter, and reports errors on the page itself. We render each page
here instead: code is protected first, errors become a ``HandbookError`` naming
the real line of the source file, and the plugin is then told the page is done.
"""

from __future__ import annotations

import re
import traceback
from pathlib import Path

import jinja2

from ..core.problems import HandbookError, Problem
from ..core.prose import CLOSE, CODE, INLINE_CODE, OPEN, PROSE, scan


class ContentError(Exception):
    """A macro was called wrongly (an unknown id, say); the message is Finnish."""


def jinja_options(root: Path) -> dict[str, str]:
    """The Jinja delimiters that mkdocs.yml gives mkdocs-macros (and Zensical) as ``j2_…``
    settings, for an environment of our own (``check``): they are set there only."""
    from mkdocs.utils.yaml import yaml_load  # only `check` needs it; Zensical has no MkDocs

    with (Path(root) / "mkdocs.yml").open(encoding="utf-8") as file:
        config = yaml_load(file) or {}
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and "macros" in plugin:
            return {key[3:]: value for key, value in (plugin["macros"] or {}).items()
                    if key.startswith("j2_") and value}
    return {}


def protect_code(markdown: str, starts: tuple[str, ...] = ("{{", "{%", "{#")) -> str:
    """Wrap code (fenced blocks, inline spans) in ``{% raw %}`` without moving any line;
    ``starts`` are the environment's start delimiters (an inline span without one is left)."""
    out: list[str] = []
    kind = PROSE
    for _, line, kind in scan(markdown):
        if kind == OPEN:
            out.append("{% raw %}" + line)
        elif kind == CLOSE:
            out.append(line + "{% endraw %}")
        elif kind == CODE:
            out.append(line)
        else:
            out.append(INLINE_CODE.sub(lambda m: _raw_inline(m, starts), line))
    if kind in (OPEN, CODE):  # an unclosed fence runs to the end, as in Markdown
        out[-1] += "{% endraw %}"
    return "\n".join(out)


def _raw_inline(match: re.Match, starts: tuple[str, ...]) -> str:
    code = match.group(0)
    return "{% raw %}" + code + "{% endraw %}" if any(s in code for s in starts) else code


def _template_line(error: BaseException) -> int:
    """The line in the template where rendering failed (Jinja rewrites tracebacks so)."""
    if isinstance(error, jinja2.TemplateSyntaxError):
        return error.lineno
    lines = [frame.lineno for frame in traceback.extract_tb(error.__traceback__)
             if frame.filename == "<template>"]
    return lines[-1] if lines else 1


def _explain(error: BaseException) -> str:
    if isinstance(error, ContentError):
        return str(error)
    if isinstance(error, jinja2.UndefinedError):
        name = re.search(r"'([^']+)' is undefined", str(error))
        what = f'"{name.group(1)}"' if name else ""
        return (f"tuntematon makro tai muuttuja {what}. Tarkista kirjoitusasu; käytettävissä "
                "olevat makrot on kuvattu sivulla Tietoa käsikirjasta › Makrot.").replace("  ", " ")
    if isinstance(error, jinja2.TemplateSyntaxError):
        return (f"makron kirjoitusasu on virheellinen ({error.message}). Tarkista, että jokainen "
                "{{ päättyy }} ja jokainen {% päättyy %}.")
    if isinstance(error, TypeError):
        return (f"makrolle annettiin vääränlaiset tiedot ({error}). Katso makron ohje sivulta "
                "Tietoa käsikirjasta › Makrot.")
    return f"makroa ei voitu suorittaa ({type(error).__name__}: {error})."


def render_page(env: jinja2.Environment, markdown: str, variables: dict,
                path: str, line_offset: int) -> str:
    """Render one page's Markdown; raise ``HandbookError`` naming ``path:line`` on failure."""
    try:
        starts = (env.variable_start_string, env.block_start_string, env.comment_start_string)
        return env.from_string(protect_code(markdown, starts)).render(**variables)
    except Exception as error:  # every failure becomes one clear message
        line = _template_line(error) + line_offset
        raise HandbookError([Problem(path, line, "makro", _explain(error))]) from None


def front_matter_offset(source: str, markdown: str) -> int:
    """How many lines of the source file come before ``markdown`` (front matter, blank lines)."""
    if markdown and source.endswith(markdown):
        return source[: len(source) - len(markdown)].count("\n")
    return 0

