"""Every built page is valid HTML: the Nu Html Checker (npm package vnu-jar, run with Java)
over the whole built handbook, once."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from sites import ROOT

VNU = ROOT / "node_modules/vnu-jar/build/dist/vnu.jar"


def vnu(*paths: Path) -> tuple[list[str], list[dict]]:
    """(the files the checker read, its errors) for HTML files under ``paths``."""
    java = shutil.which("java")
    assert java, "Java is missing: apt-get install -y default-jre-headless (bash .ci/setup --browser)"
    assert VNU.is_file(), "the Nu Html Checker is missing: npm ci (bash .ci/setup --browser)"
    result = subprocess.run([java, "-jar", str(VNU), "--errors-only", "--skip-non-html",
                             "--format", "json", "--verbose", *map(str, paths)],
                            capture_output=True, text=True, timeout=600, stdin=subprocess.DEVNULL)
    checked = [line for line in result.stdout.splitlines() if line.strip()]
    report = json.loads(result.stderr[result.stderr.index("{"):])
    errors = [m for m in report["messages"] if m["type"] in ("error", "non-document-error")]
    assert result.returncode == (1 if errors else 0), result.stderr[-2000:]
    return checked, errors


def describe(error: dict, site: Path) -> str:
    where = error.get("url", "").removeprefix("file:")
    where = Path(where).relative_to(site).as_posix() if where.startswith(str(site)) else where
    extract = " ".join(error.get("extract", "").split())
    return f"{where}:{error.get('lastLine', '?')}: {error['message']}\n    {extract}"


def test_the_checker_finds_an_error_in_a_known_bad_page(tmp_path):
    (tmp_path / "index.html").write_text(
        '<!doctype html><html lang="fi"><title>x</title>'
        '<input type="checkbox" id="t" autocomplete="off"><a href="/"><abbr tabindex="0">A</abbr></a>',
        encoding="utf-8")
    checked, errors = vnu(tmp_path)
    assert checked == [str(tmp_path / "index.html")]
    messages = " ".join(e["message"] for e in errors)
    assert "autocomplete" in messages and "descendant of the “a” element" in messages


def test_every_built_page_is_valid_html(built_site):
    pages = sorted(str(p) for p in built_site.rglob("*.html"))
    assert len(pages) > 100
    checked, errors = vnu(built_site)
    assert sorted(checked) == pages  # the checker read every page, and only pages
    assert not errors, f"{len(errors)} HTML errors (Nu Html Checker):\n" + "\n".join(
        describe(error, built_site) for error in errors)
