"""Rendering the macros of a hand-written page, with errors that name file and line.

mkdocs-macros renders ``{{ }}`` even inside code blocks, counts lines from after
the front matter, and reports errors on the page itself. We render each page
here instead: code is protected first, errors become a ``HandbookError`` naming
the real line of the source file, and the plugin is then told the page is done.
"""

from __future__ import annotations

import re
import traceback

import jinja2

from ..core.problems import HandbookError, Problem

FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})")
INLINE_CODE = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")
# The delimiters mkdocs.yml gives mkdocs-macros: "{#" would break attribute lists ({#anchor}).
JINJA_OPTIONS = {"comment_start_string": "{##", "comment_end_string": "##}"}
JINJA_START = ("{{", "{%", JINJA_OPTIONS["comment_start_string"])


class ContentError(Exception):
    """A macro was called wrongly (an unknown id, say); the message is Finnish."""


def protect_code(markdown: str) -> str:
    """Wrap code (fenced blocks, inline spans) in ``{% raw %}`` without moving any line."""
    out: list[str] = []
    fence: str | None = None
    for line in markdown.split("\n"):
        match = FENCE.match(line)
        if fence is None and match:
            fence = match["fence"]
            out.append("{% raw %}" + line)
        elif fence is not None:
            stripped = line.strip()
            if stripped.startswith(fence[0] * len(fence)) and not stripped.strip(fence[0]):
                fence = None
                out.append(line + "{% endraw %}")
            else:
                out.append(line)
        else:
            out.append(INLINE_CODE.sub(_raw_inline, line))
    if fence is not None:  # an unclosed fence runs to the end, as in Markdown
        out[-1] += "{% endraw %}"
    return "\n".join(out)


def _raw_inline(match: re.Match) -> str:
    code = match.group(0)
    return "{% raw %}" + code + "{% endraw %}" if any(s in code for s in JINJA_START) else code


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
        return env.from_string(protect_code(markdown)).render(**variables)
    except Exception as error:  # every failure becomes one clear message
        line = _template_line(error) + line_offset
        raise HandbookError([Problem(path, line, "makro", _explain(error))]) from None


def front_matter_offset(source: str, markdown: str) -> int:
    """How many lines of the source file come before ``markdown`` (front matter, blank lines)."""
    if markdown and source.endswith(markdown):
        return source[: len(source) - len(markdown)].count("\n")
    return 0

