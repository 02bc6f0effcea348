"""Real last-modified dates in sitemap.xml: the day each page's source last changed in git.

MkDocs writes every <lastmod> as the build day; search engines then re-crawl everything.
"""

from __future__ import annotations

import gzip
import re
from datetime import date
from pathlib import Path
from urllib.parse import urljoin

URL = re.compile(r"<url>\s*<loc>([^<]*)</loc>\s*<lastmod>[^<]*</lastmod>")


def sitemap_with_dates(xml: str, site_url: str, sources: dict[str, str | None],
                       changed: dict[str, date], fallback: date) -> str:
    """Replace each <lastmod> by the last change of the page's source (pure)."""
    by_loc = {urljoin(site_url, url): source for url, source in sources.items()}

    def lastmod(match: re.Match) -> str:
        source = by_loc.get(match.group(1))
        day = changed.get(source or "", fallback)
        return f"<url>\n         <loc>{match.group(1)}</loc>\n         <lastmod>{day.isoformat()}</lastmod>"
    return URL.sub(lastmod, xml)


def write_sitemap_dates(site_dir: Path, site_url: str, sources: dict[str, str | None],
                        changed: dict[str, date], fallback: date) -> None:
    sitemap = site_dir / "sitemap.xml"
    if not sitemap.exists():
        return
    xml = sitemap_with_dates(sitemap.read_text(encoding="utf-8"), site_url, sources, changed,
                             fallback)
    sitemap.write_text(xml, encoding="utf-8")
    with gzip.GzipFile(site_dir / "sitemap.xml.gz", "wb", mtime=0) as packed:
        packed.write(xml.encode("utf-8"))
