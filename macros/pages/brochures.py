"""The brochure series: a printable web page per brochure, and a PDF of each made with
WeasyPrint when the build is asked for them (HANDBOOK_PDF=1). One source: the service data.

``brochure_pages`` and ``brochure_pdf_html`` are pure; ``write_pdfs`` writes files and is the
only part that needs WeasyPrint, imported only when PDFs are wanted.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from urllib.parse import urljoin

import markdown
import segno
from markupsafe import Markup, escape

from ..core.cache import JsonStore, inert_svg
from ..core.links import relative, service_src, url_of
from ..data.site import Site
from . import channels as ptv
from .render import environment, render
from .services import channel_view

BROCHURES = "esitteet"
def brochure_ids(site: Site) -> list[str]:
    return sorted((i for i, s in site.services.items() if s.brochure),
                  key=lambda i: site.services[i].brochure.number)


def brochure_src(service_id: str) -> str:
    return f"{BROCHURES}/{service_id}.md"


QR = {"error": "m", "mask": 4}  # a fixed mask skips segno's scoring of all eight; any mask scans
QR_SVG = {"scale": 3, "dark": "#000000", "light": "#ffffff"}
_qr_store = JsonStore("qr", f"segno {segno.__version__} {QR} {QR_SVG}", inert_svg)  # between builds


@cache
def qr_svg(url: str) -> str:
    """The page address as an inline SVG QR code, named for screen readers."""
    svg = _qr_store.get(url)
    if svg is None:
        svg = segno.make(url, **QR).svg_inline(**QR_SVG)
        _qr_store.put(url, svg)
    return Markup(svg.replace("<svg ", f'<svg role="img" aria-label="QR-koodi: {escape(url)}" ', 1))


def brochure_params(site: Site, service_id: str, site_url: str, src: str) -> dict:
    service = site.services[service_id]
    address = urljoin(site_url, url_of(service_src(service_id)))
    return {"id": service_id, "service": service, "total": len(brochure_ids(site)),
            "address": address, "qr": qr_svg(address),
            "organisation": site.organisations[service.organisation],
            "county_page": service.county_page,
            "phones": [c for c in (channel_view(site, service, ch, src) for ch in service.channels
                                   if not ptv.replacement(site, ch))
                       if c["phone"] and c["phone"] != "112"],
            "ptv": ptv.section(site, ptv.service_channel_ids(site, service)),
            "page_href": relative(service_src(service_id), src)}


def brochure_pages(site: Site, site_url: str, pdf: bool) -> dict[str, str]:
    index = f"{BROCHURES}/index.md"
    ids = brochure_ids(site)
    pages = {index: render("pages/brochures-index.md", {"pdf": pdf, "brochures": [
        {"service": site.services[i], "href": relative(brochure_src(i), index),
         "pdf": f"{i}.pdf"} for i in ids]})}
    for service_id in ids:
        src = brochure_src(service_id)
        pages[src] = render("pages/brochure.md", brochure_params(site, service_id, site_url, src))
    return pages


def brochure_pdf_html(site: Site, service_id: str, site_url: str) -> str:
    """A self-contained HTML document of one brochure, for WeasyPrint."""
    params = brochure_params(site, service_id, site_url, brochure_src(service_id))
    service = params["service"]
    params["html"] = {field: markdown.markdown(getattr(service, field) or "")
                      for field in ("description", "instructions")}
    params["html"]["ptv"] = markdown.markdown(  # texts escaped as Markdown by channels.py
        environment().get_template("components/ptv-channels.md").render(ptv=params["ptv"]),
        extensions=["attr_list"])
    return environment().get_template("brochures/brochure.html").render(params=params)


def write_pdf(html: str, target: Path) -> None:
    """One brochure's PDF from its HTML (``brochure_pdf_html``); needs WeasyPrint
    (requirements-dev.txt). A brochure is self-contained, so WeasyPrint may fetch nothing (no
    protocol allowed): no address in data text (``file:``, an internal host) ever reads a
    file into a PDF or reaches a host; WeasyPrint logs each refusal and goes on."""
    try:
        from weasyprint import HTML, URLFetcher
    except ImportError as error:  # the switch is on, the tool is not there: say what to do
        raise SystemExit("HANDBOOK_PDF=1 (extra.handbook.pdf) needs WeasyPrint: "
                         f"pip install -r requirements-dev.txt ({error})") from None
    HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=())).write_pdf(target)


def write_pdfs(site: Site, site_url: str, site_dir: Path) -> list[Path]:
    """Write esitteet/<id>.pdf for every brochure."""
    written = []
    for service_id in brochure_ids(site):
        target = site_dir / BROCHURES / f"{service_id}.pdf"
        target.parent.mkdir(parents=True, exist_ok=True)
        write_pdf(brochure_pdf_html(site, service_id, site_url), target)
        written.append(target)
    return written
