"""The output allowlist's findings as editors' problems, and the files a build writes that are
not pages: a copied HTML file is walked as a page is, a file type that could run script in a
browser is refused, and sitemap.xml holds the sitemap's elements only.

JSON files (the search indexes, /api/services.json) carry no markup to a browser: nginx sends
them as application/json with ``X-Content-Type-Options: nosniff``, and search.js writes
their texts as text (``textContent``).
"""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

from ..core.problems import Problem
from .page_html import Finding, PageHtml

# Copied as they are from docs/ (a maintainer's file: editors push no such files), and able to
# run script when opened: refused, whatever they hold.
SCRIPTABLE = (".svg", ".svgz", ".xhtml", ".xht", ".xml", ".xsl", ".xslt", ".mht", ".mhtml", ".shtml")
WALKED = (".html", ".htm")
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
SITEMAP_TAGS = {f"{SITEMAP}{name}" for name in ("urlset", "url", "loc", "lastmod", "changefreq",
                                                 "priority")}


def traced(findings: list[Finding], source: str | None, root, url: str) -> list[Problem]:
    """The findings as problems naming the page's source (``docs/…``, or the data file a
    generated page comes from) and the line where the refused text is written, when it can
    be found there."""
    text = ""
    if source:
        try:
            text = (root / source).read_text(encoding="utf-8-sig").lower()
        except (OSError, UnicodeDecodeError):
            text = ""
    problems = []
    for finding in findings:
        line = 0
        for needle in (finding.needle, finding.needle.lstrip("<")):
            at = text.find(needle.lower()) if needle.strip() else -1
            if at >= 0:
                line = text.count("\n", 0, at) + 1
                break
        where = "" if finding.content else " sivupohjan osassa"
        problems.append(Problem(source or f"site/{url}", line, "HTML",
                                f"{finding.message} (valmiilla sivulla /{url}{where})"))
    return problems


def copied_files(walk: PageHtml, root: Path, site_dir: Path,
                 copied: list[tuple[str, str]]) -> list[Problem]:
    """Problems of the files copied from docs/ as they are: (source, path in the site)."""
    problems = []
    for source, target in copied:
        suffix = Path(target).suffix.lower()
        if suffix in SCRIPTABLE:
            problems.append(Problem(source, 0, "tiedosto", (
                f"tiedostotyyppi {suffix} voi ajaa skriptejä selaimessa, eikä sitä julkaista "
                "sellaisenaan. Käytä kuvana PNG-, JPEG- tai WebP-tiedostoa, tai tee sivu Markdownina.")))
        elif suffix in WALKED:
            text = (site_dir / target).read_text(encoding="utf-8", errors="replace")
            _, findings, _ = walk.run(text)
            problems += traced(findings, source, root, target)
    return problems


def sitemap_problems(site_dir: Path) -> list[Problem]:
    """sitemap.xml as it is written last: well-formed, with the sitemap's own elements only."""
    path = site_dir / "sitemap.xml"
    if not path.exists():
        return []
    try:
        root = ElementTree.fromstring(path.read_bytes())
    except ElementTree.ParseError as error:
        return [Problem("site/sitemap.xml", 0, "sivukartta",
                        f"sivukartta ei ole kelvollista XML:ää ({error}).")]
    strange = [element.tag for element in root.iter()
               if element.tag not in SITEMAP_TAGS or element.attrib]
    return [Problem("site/sitemap.xml", 0, "sivukartta",
                    f"sivukartassa on elementti {tag}, joka ei kuulu sivukarttaan.") for tag in strange[:1]]
