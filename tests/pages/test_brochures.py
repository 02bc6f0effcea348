"""The brochure series (macros/brochures.py): index, printable pages with QR codes, PDFs."""

from io import BytesIO

import yaml
from bs4 import BeautifulSoup
from pypdf import PdfReader
from sites import ROOT, build, fixture_site

BROCHURES = sorted(((f.stem, d) for f in (ROOT / "data/services").glob("*.yml")
                    if (d := yaml.safe_load(f.read_text(encoding="utf-8"))).get("brochure")),
                   key=lambda item: item[1]["brochure"]["number"])


def test_the_series_is_the_twelve_and_the_two_family_brochures():
    assert len(BROCHURES) == 14
    assert [d["brochure"]["number"] for _, d in BROCHURES] == list(range(1, 15))


def test_index_lists_every_brochure_in_order_with_its_pdf(built_site):
    page = BeautifulSoup((built_site / "esitteet/index.html").read_text(), "html.parser")
    items = page.select("article ol > li")
    assert [li.a["href"] for li in items] == [f"{i}/" for i, _ in BROCHURES]
    assert [li.select("a")[-1]["href"] for li in items] == [f"{i}.pdf" for i, _ in BROCHURES]


def test_each_brochure_page_has_its_address_and_qr_code(built_site):
    for service_id, data in BROCHURES:
        page = BeautifulSoup((built_site / f"esitteet/{service_id}/index.html").read_text(),
                             "html.parser")
        assert page.h1.get_text(strip=True).rstrip("¶").replace("\u00ad", "") == data["name"]
        assert data["brochure"]["tagline"] in page.get_text()
        qr = page.select_one(".hk-brochure-address svg[role=img]")
        assert qr["aria-label"].endswith(f"/palvelut/{service_id}/")
        assert page.select_one(".hk-brochure-address a")["href"] == f"../../palvelut/{service_id}/"


def test_each_pdf_is_one_or_two_a4_pages_with_its_text(built_site):
    for service_id, data in BROCHURES:
        reader = PdfReader(BytesIO((built_site / f"esitteet/{service_id}.pdf").read_bytes()))
        assert 1 <= len(reader.pages) <= 2, service_id
        width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
        assert abs(float(width) - 595.3) < 2 and abs(float(height) - 841.9) < 2  # A4 in points
        text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
        assert " ".join(data["name"].split()) in text
        assert data["brochure"]["tagline"] in text
        assert f"/palvelut/{service_id}/" in text.replace(" ", "")  # long addresses wrap


def test_a_plain_build_makes_no_pdfs(tmp_path):
    result = build(fixture_site(tmp_path), tmp_path / "site")
    assert result.returncode == 0, result.output
    assert not list((tmp_path / "site").rglob("*.pdf"))


def _png(path):
    """A 1×1 PNG file."""
    import struct
    import zlib

    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


def test_a_brochure_reads_no_file_and_reaches_no_host(tmp_path):
    """Data text is checked before a brochure is made; behind that, WeasyPrint fetches nothing
    for a brochure: an attachment or image address naming a server file embeds nothing (with
    WeasyPrint's own fetcher the same HTML embeds both, so the test can tell)."""
    from weasyprint import HTML

    from macros.pages.brochures import write_pdf
    secret, image = tmp_path / "salaisuus.txt", tmp_path / "kuva.png"
    secret.write_text("SALAINEN-AVAIN-42", encoding="utf-8")
    _png(image)
    html = (f'<!doctype html><html><head><link rel="attachment" href="{secret.as_uri()}"></head>'
            f'<body><p><a rel="attachment" href="{secret.as_uri()}">liite</a>'
            f'<img src="{image.as_uri()}" alt=""></p></body></html>')

    def embedded(pdf):
        reader = PdfReader(BytesIO(pdf.read_bytes()))
        files = reader.attachments
        images = [i for p in reader.pages for i in p.images]
        return files, images

    HTML(string=html).write_pdf(tmp_path / "oletus.pdf")
    files, images = embedded(tmp_path / "oletus.pdf")
    assert files and images, "WeasyPrint's own fetcher no longer reads files: rethink this test"
    write_pdf(html, tmp_path / "esite.pdf")
    assert embedded(tmp_path / "esite.pdf") == ({}, [])
