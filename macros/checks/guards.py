"""Content guards: pure functions from a file's text to problems (file, line, fix).

Run by ``python -m macros check`` and by every build (``hooks.on_files``):
personal identity codes, images without alternative text, skipped heading levels,
retired organisation names outside text marked as history, and links to pages
or anchors that do not exist.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable

from markdown.extensions.toc import slugify

from ..core.problems import Problem
from ..core.prose import prose_lines, without_history
from ..data.models import RetiredName
from ..data.sources import parse_yaml

# --- personal identity codes -----------------------------------------------------------------

HETU = re.compile(r"(?<![\w-])(\d{2})(\d{2})(\d{2})([-+A-FYXWVU])(\d{3})([0-9A-Y])(?!\w)")
HETU_CHECK = "0123456789ABCDEFHJKLMNPRSTUVWXY"


def is_personal_id(match: re.Match) -> bool:
    day, month, year, _, serial, check = match.groups()
    if not (1 <= int(day) <= 31 and 1 <= int(month) <= 12 and 2 <= int(serial)):
        return False
    return HETU_CHECK[int(day + month + year + serial) % 31] == check


def personal_ids(text: str, path: str) -> list[Problem]:
    return [Problem(path, number, "henkilötunnus",
                    f"tekstissä on henkilötunnus ({m.group(0)[:7]}****). Poista se: käsikirjaan "
                    "ei saa kirjoittaa kenenkään henkilötietoja.")
            for number, line in enumerate(text.split("\n"), start=1)
            for m in HETU.finditer(line) if is_personal_id(m)]


# --- images, headings ------------------------------------------------------------------------

def images_without_alt(text: str, path: str) -> list[Problem]:
    problems = []
    for number, line in prose_lines(text):
        for _ in re.finditer(r"!\[\s*\]\(", line):
            problems.append(Problem(path, number, "kuva",
                                    "kuvalta puuttuu vaihtoehtoinen teksti. Kirjoita hakasulkeisiin, "
                                    "mitä kuvassa on: ![Kuvaus kuvasta](kuva.png)."))
        for tag in re.finditer(r"<img\b[^>]*>", line):
            if not re.search(r"\balt\s*=", tag.group(0)):
                problems.append(Problem(path, number, "kuva",
                                        'kuvalta puuttuu alt-teksti. Lisää <img>-merkintään '
                                        'alt="kuvaus kuvasta".'))
    return problems


HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$")


def headings(text: str) -> list[tuple[int, int, str]]:
    """(line, level, text) of every ATX heading outside code."""
    return [(number, len(m.group(1)), m.group(2))
            for number, line in prose_lines(text) if (m := HEADING.match(line))]


def skipped_headings(text: str, path: str) -> list[Problem]:
    problems, previous = [], 1  # the page title is the h1
    for number, level, _ in headings(text):
        if level > previous + 1:
            problems.append(Problem(path, number, "otsikko",
                                    f"otsikkotaso hyppää tasolta {previous} tasolle {level}. "
                                    f"Käytä {'#' * (previous + 1)}-otsikkoa tai lisää väliin "
                                    "puuttuva otsikko."))
        previous = level
    return problems


# --- retired organisation names --------------------------------------------------------------

RETIRED_NAMES = "data/retired_names.yml"  # the list itself, where old names stand on their own


def retired_names(text: str, path: str, retired: Iterable[RetiredName]) -> list[Problem]:
    problems = []
    present = [(pattern, name) for name in retired
               if (pattern := name.pattern()).search(text)]
    if not present:
        return problems
    for number, line in prose_lines(without_history(text)):
        for pattern, name in present:
            for match in pattern.finditer(line):
                problems.append(Problem(
                    path, number, "vanha nimi",
                    f'"{match.group(0)}": {name.ended}. Käytä nimeä {name.replaced_by}. Jos kerrot '
                    'historiasta, merkitse teksti: <span class="hk-history">…</span>.'))
    return problems


# --- links -----------------------------------------------------------------------------------

LINK = re.compile(r"(?<!!)\[[^\]\n]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
EXPLICIT_ID = re.compile(r"\{[:\s]*#([\w-]+)[^}]*\}\s*$")
SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)


def anchors(text: str) -> set[str]:
    """The ids a page's headings get (Python-Markdown's toc slugify, or an explicit {#id})."""
    found = set()
    for _, _, title in headings(text):
        explicit = EXPLICIT_ID.search(title)
        if explicit:
            found.add(explicit.group(1))
        else:
            plain = re.sub(r"[*_`]|\[([^\]]*)\]\([^)]*\)", r"\1", title)
            found.add(slugify(plain, "-"))
    found.update(m.group(1) for m in re.finditer(r'\bid="([\w-]+)"', text))
    found.update(m.group(1) for m in re.finditer(r"\{[^}\n]*#([\w-]+)[^}\n]*\}", text))
    return found


def broken_links(pages: dict[str, str], path_of: dict[str, str],
                 sources: dict[str, str]) -> list[Problem]:
    """Links from ``sources`` to ``pages`` (both docs path → Markdown); ``path_of`` names files.
    A page's anchors are worked out only when a link points into it."""
    ids: dict[str, set[str]] = {}
    problems = []
    for src, text in sources.items():
        for number, line in prose_lines(text):
            for match in LINK.finditer(line):
                target = match.group(1)
                if SCHEME.match(target) or "{{" in target:
                    continue
                page, _, anchor = target.partition("#")
                resolved = posixpath.normpath(posixpath.join(posixpath.dirname(src), page)) if page else src
                if page.endswith("/"):
                    resolved = posixpath.join(resolved, "index.md")
                if resolved not in pages:
                    hint = ("Linkitä .md-tiedostoon, esimerkiksi ../palvelut/toimeentulotuki.md."
                            if not page.endswith((".md", "/")) else
                            "Tarkista tiedoston nimi ja kansio; polku lasketaan tämän sivun kansiosta.")
                    problems.append(Problem(path_of[src], number, "linkki",
                                            f'sivua "{page}" ei ole. {hint}'))
                elif anchor and anchor not in ids.setdefault(resolved, anchors(pages[resolved])):
                    problems.append(Problem(path_of[src], number, "linkki",
                                            f'sivulla {resolved} ei ole kohtaa "#{anchor}". '
                                            "Tarkista otsikon kirjoitusasu."))
    return problems


FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)(?:---|\.\.\.)[ \t]*\n", re.S)


def front_matter(text: str, path: str) -> list[Problem]:
    """A page's front matter must be a YAML mapping; MkDocs would silently show it as text."""
    match = FRONT_MATTER.match(text)
    if not match:
        return []
    source, problems = parse_yaml(match.group(1), path)
    problems = [Problem(p.path, p.line + 1 if p.line else 0, "sivun alku (front matter)",
                        p.message) for p in problems]
    if source is not None and not isinstance(source.data, (dict, type(None))):
        problems.append(Problem(path, 2, "sivun alku (front matter)",
                                "pitää olla kenttiä muodossa avain: arvo, esimerkiksi title: Otsikko."))
    return problems


def text_problems(text: str, path: str, markdown: bool,
                  retired: Iterable[RetiredName] = ()) -> list[Problem]:
    """Every guard that looks at one file alone; ``retired`` are the names from
    data/retired_names.yml (not checked in that file itself)."""
    problems = personal_ids(text, path)
    if path != RETIRED_NAMES:
        problems += retired_names(text, path, retired)
    if markdown:
        problems += (front_matter(text, path) + images_without_alt(text, path)
                     + skipped_headings(text, path))
    return problems
