"""Rendering the macros of a hand-written page, with errors that name file and line.

mkdocs-macros renders ``{{ }}`` even inside code blocks, counts lines from after
the front matter, and reports errors on the page itself. We render each page
here instead: code is protected first, errors become a ``HandbookError`` naming
the real line of the source file, and the plugin is then told the page is done.

A page is content an editor pushes, never code: it is rendered in Jinja's sandbox
(``page_environment``, the one environment both the build and ``check`` use) with the
handbook's macros and the page's front matter only. No attribute of any object can be
read, Jinja's own globals (``range``, ``cycler``, ``lipsum``…) and mkdocs-macros' (``config``,
``context``, ``now``…) are absent, and ``self``, includes and imports are refused: anything
else stops the page with a Finnish message naming its line.

What an expression returns is text: every value is escaped (``autoescape``), so a string,
whatever escapes wrote it (``"\x3cmeta …\x3e"``), cannot make a tag. Only what the handbook's
own macros return is written as it is (``Markup``); the filters that would mark a string as
HTML (``safe``, ``xmlattr``, ``urlize``) and ``{% autoescape false %}`` are not there.
"""

from __future__ import annotations

import re
import traceback
from pathlib import Path

import jinja2
from jinja2 import nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from markupsafe import Markup

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


DELIMITERS = ("block_start_string", "block_end_string", "variable_start_string",
              "variable_end_string", "comment_start_string", "comment_end_string")
LARGEST = 10_000  # the largest number or repetition a page's arithmetic may make
REFUSED_NODES = (nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends,
                 nodes.EvalContextModifier)  # {% autoescape false %}
MARKUP_FILTERS = ("safe", "xmlattr", "urlize")  # they would make a string HTML


class PageEnvironment(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox with nothing in it: no globals, no attributes of any object
    (the handbook's macros are plain functions called by name), no huge repetitions."""

    intercepted_binops = frozenset(("*", "**"))

    def __init__(self, options: dict[str, str]):
        super().__init__(undefined=jinja2.StrictUndefined, autoescape=True,
                         **{key: value for key, value in options.items() if key in DELIMITERS})
        self.globals.clear()
        for name in MARKUP_FILTERS:
            del self.filters[name]

    def is_safe_attribute(self, *_) -> bool:
        return False

    def call_binop(self, context, operator, left, right):
        if any(isinstance(v, (str, list, tuple)) or (isinstance(v, int) and abs(v) > LARGEST)
               for v in (left, right)):
            raise SecurityError(f"laskutoimitus {operator} on liian suuri")
        return super().call_binop(context, operator, left, right)


def page_environment(options: dict[str, str]) -> PageEnvironment:
    """The environment every page's macros are rendered in; ``options`` are the Jinja
    delimiters mkdocs.yml sets (``jinja_options``, or mkdocs-macros' environment)."""
    return PageEnvironment(options)


def delimiters_of(env: jinja2.Environment) -> dict[str, str]:
    return {key: getattr(env, key) for key in DELIMITERS}


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
    if isinstance(error, jinja2.TemplateSyntaxError) or getattr(error, "lineno", None):
        return error.lineno
    lines = [frame.lineno for frame in traceback.extract_tb(error.__traceback__)
             if frame.filename == "<template>"]
    return lines[-1] if lines else 1


def _explain(error: BaseException) -> str:
    if isinstance(error, ContentError):
        return str(error)
    if isinstance(error, SecurityError):
        return ("sivulla voi käyttää vain käsikirjan makroja ja sivun omia tietoja; tämä yrittää "
                f"käyttää muuta ({error}). Poista se; makrot on kuvattu sivulla Tietoa "
                "käsikirjasta › Makrot.")
    if isinstance(error, jinja2.UndefinedError):
        name = re.search(r"'([^']+)' is undefined", str(error))
        what = f'"{name.group(1)}"' if name else ""
        return (f"tuntematon makro tai muuttuja {what}. Tarkista kirjoitusasu; käytettävissä "
                "olevat makrot on kuvattu sivulla Tietoa käsikirjasta › Makrot.").replace("  ", " ")
    if isinstance(error, jinja2.TemplateAssertionError) and "No filter named" in error.message:
        name = re.search(r"'([^']+)'", error.message)
        return (f'suodatinta "{name.group(1) if name else ""}" ei voi käyttää: sivun arvot '
                "kirjoitetaan aina tekstinä, eikä merkkijonosta voi tehdä HTML:ää. Poista se.")
    if isinstance(error, jinja2.TemplateSyntaxError):
        return (f"makron kirjoitusasu on virheellinen ({error.message}). Tarkista, että jokainen "
                "{{ päättyy }} ja jokainen {% päättyy %}.")
    if isinstance(error, TypeError):
        return (f"makrolle annettiin vääränlaiset tiedot ({error}). Katso makron ohje sivulta "
                "Tietoa käsikirjasta › Makrot.")
    return f"makroa ei voitu suorittaa ({type(error).__name__}: {error})."


def _trusted(macro):
    """A handbook macro whose result (Markdown made from checked data) is written as it is."""
    def call(*args, **kwargs):
        return Markup(macro(*args, **kwargs))
    return call


def _refuse_internals(env: jinja2.Environment, source: str) -> nodes.Template:
    """The page parsed; ``self`` (the template object), includes and imports are never a
    macro."""
    tree = env.parse(source)
    for node in tree.find_all(REFUSED_NODES):
        name = "autoescape" if isinstance(node, nodes.EvalContextModifier) else type(node).__name__
        raise _at(SecurityError(f"{name.lower()} ei ole sallittu"), node.lineno)
    for node in tree.find_all(nodes.Name):
        if node.name == "self":
            raise _at(SecurityError('"self" ei ole sallittu'), node.lineno)
    return tree


def _at(error: SecurityError, line: int) -> SecurityError:
    error.lineno = line
    return error


def render_page(env: PageEnvironment, markdown: str, variables: dict,
                path: str, line_offset: int) -> str:
    """Render one page's Markdown in the sandbox; raise ``HandbookError`` naming ``path:line``
    on failure."""
    try:
        starts = (env.variable_start_string, env.block_start_string, env.comment_start_string)
        tree = _refuse_internals(env, protect_code(markdown, starts))
        return env.from_string(tree).render(**{
            name: _trusted(value) if callable(value) else value for name, value in variables.items()})
    except Exception as error:  # every failure becomes one clear message
        line = _template_line(error) + line_offset
        raise HandbookError([Problem(path, line, "makro", _explain(error))]) from None


def front_matter_offset(source: str, markdown: str) -> int:
    """How many lines of the source file come before ``markdown`` (front matter, blank lines)."""
    if markdown and source.endswith(markdown):
        return source[: len(source) - len(markdown)].count("\n")
    return 0

