"""The web editor end to end, as an editor uses it: `./kasikirja muokkain` in a clone, Debian's
chromium at /admin/, the local mode's login, forms and saves, then git, `check` and the preview.

The screenshots of docs/tietoa/verkkomuokkain.md are taken here: with HANDBOOK_SCREENSHOTS=1 they
are written into docs/tietoa/kuvat/ (commit them), otherwise into the test's temporary folder.
No request may leave the loopback address (the editor works offline), and no Content-Security-
Policy violation may happen in the editor's own page in this normal use.
"""

from __future__ import annotations

import os
import re
import subprocess
import time

import pytest
from muokkain import git, make_clone, muokkain, wait_for
from sites import ROOT

SHOTS = ROOT / "docs" / "tietoa" / "kuvat"
COLLECT = """window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(
    [e.violatedDirective, e.blockedURI, e.sourceFile + ':' + e.lineNumber].join(' | ')));"""


@pytest.fixture(scope="module")
def editor(tmp_path_factory):
    clone = make_clone(tmp_path_factory.mktemp("muokkain"))
    with muokkain(clone) as running:
        yield running


@pytest.fixture(scope="module")
def shots(tmp_path_factory):
    return SHOTS if os.environ.get("HANDBOOK_SCREENSHOTS") == "1" else tmp_path_factory.mktemp("kuvat")


@pytest.fixture
def admin(browser, editor):
    """A logged-in editor page; every request outside loopback is refused and recorded."""
    context = browser.new_context(locale="fi-FI", viewport={"width": 1400, "height": 1000})
    context.add_init_script(COLLECT)
    outside: list[str] = []

    def route(request_route):
        url = request_route.request.url
        if re.match(r"^(https?://127\.0\.0\.1[:/]|data:|blob:|about:)", url):
            request_route.continue_()
        else:
            outside.append(url)
            request_route.abort()
    context.route("**/*", route)
    page = context.new_page()
    page.problems = []
    page.on("pageerror", lambda error: page.problems.append(str(error)))
    page.goto(editor.admin)
    page.get_by_role("button", name="Kirjaudu").click()
    page.get_by_text("Kokoelmat").first.wait_for()
    yield page
    assert outside == []
    assert page.evaluate("window.__csp") == []
    assert page.problems == []
    context.close()


def open_entry(page, editor, path: str) -> None:
    page.goto(f"{editor.admin}#/collections/{path}")
    page.reload()
    page.get_by_text("Tallennettu").first.wait_for(timeout=30000)


def open_list_item(page, value: str) -> str:
    """Expand the list item holding an input whose value is ``value``; return that input's id."""
    return page.evaluate("""(value) => {
        const input = [...document.querySelectorAll('input')].find(i => i.value === value);
        input.closest('[class*="listControlItem"]').querySelector('button').click();
        return input.id;
    }""", value)


def save(page) -> None:
    page.get_by_role("button", name="Tallenna", exact=True).click()
    page.get_by_text("Tallenna nyt").click()
    try:
        page.get_by_text("Tallennettu").first.wait_for(timeout=30000)
    except Exception:
        errors = page.locator("ul li").evaluate_all("l => l.map(x => x.textContent)")
        raise AssertionError(f"not saved: {errors[:20]}") from None


def check(clone) -> subprocess.CompletedProcess:
    return subprocess.run([".venv/bin/python", "-m", "macros", "check"], cwd=clone,
                          capture_output=True, text=True)


def test_a_phone_number_changed_in_the_form_is_one_changed_line_that_checks_and_builds(admin, editor, shots):
    open_entry(admin, editor, "yhteystiedot/entries/yhteystiedot")
    admin.screenshot(path=str(shots / "verkkomuokkain-yhteystiedot.png"))
    field = open_list_item(admin, "040 726 6965")
    admin.locator(f"#{field}").fill("040 123 4567")
    admin.screenshot(path=str(shots / "verkkomuokkain-puhelinnumero.png"))
    save(admin)
    diff = git(editor.clone, "diff", "--unified=0")
    changed = [line for line in diff.splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    assert changed == ["-  phone: 040 726 6965", "+  phone: 040 123 4567"]
    assert git(editor.clone, "status", "--short") == " M data/contacts.yml\n"
    result = check(editor.clone)
    assert result.returncode == 0, result.stdout + result.stderr
    page = wait_for(f"{editor.preview}/palvelut/sosiaalipaivystys/", 120, "040 123 4567")
    assert "040 726 6965" not in page
    git(editor.clone, "checkout", "--", "data/contacts.yml")


def test_a_required_field_left_empty_is_refused_in_finnish_and_nothing_is_written(admin, editor, shots):
    open_entry(admin, editor, "palvelut/entries/toimeentulotuki")
    admin.get_by_label("Palvelun nimi").fill("")
    admin.get_by_role("button", name="Tallenna", exact=True).click()
    admin.get_by_text("Tallenna nyt").click()
    message = admin.get_by_text("Palvelun nimi: tämä kenttä on pakollinen. Täytä se ennen tallentamista.")
    message.wait_for()
    admin.get_by_text("Pakollinen kenttä on tyhjä").first.wait_for()
    admin.screenshot(path=str(shots / "verkkomuokkain-pakollinen.png"))
    assert git(editor.clone, "status", "--short") == ""
    # Decap stops the save by rejecting a promise with nothing (persistEntry): that, and only
    # that, is the page error of a refused save.
    assert admin.problems == ["undefined"]
    admin.problems.clear()


def choose(page, label: str, option: str) -> None:
    """Pick ``option`` in a select widget, as with the keyboard."""
    page.get_by_label(label, exact=True).first.click()
    page.keyboard.type(option)
    page.keyboard.press("Enter")


def test_a_new_service_made_in_the_form_is_a_file_that_checks_and_builds(admin, editor, shots):
    admin.goto(f"{editor.admin}#/collections/palvelut/new")
    admin.reload()
    admin.get_by_label("Palvelun nimi", exact=True).first.fill("Testipalvelu verkkomuokkaimesta")
    admin.get_by_label("Tiivistelmä", exact=True).first.fill("Palvelu, joka tehtiin lomakkeella.")
    admin.get_by_label("Kuvaus", exact=True).first.fill("Tämä palvelu on tehty.\n\nToinen kappale.")
    choose(admin, "Hinta", "maksuton")
    admin.get_by_role("button", name="Lisää: Kohderyhmät").click()
    admin.get_by_label("Kohderyhmät", exact=True).last.fill("Työikäiset aikuiset")
    choose(admin, "Kielet", "fi")
    admin.get_by_label("Palvelualue", exact=True).first.fill("Lapin hyvinvointialue")
    choose(admin, "Palveluryhmä", "raha")
    choose(admin, "Organisaatio", "Lapin hyvinvointialue")
    admin.get_by_label("Sisällön vastuutaho", exact=True).first.fill("Aikuissosiaalityön tiimi")
    admin.get_by_label("Tarkistettu viimeksi", exact=True).first.fill("2026-12-01")
    admin.get_by_label("Seuraava tarkistus", exact=True).first.fill("2027-12-01")
    admin.screenshot(path=str(shots / "verkkomuokkain-uusi-palvelu.png"))
    save(admin)
    status = git(editor.clone, "status", "--short", "--untracked-files=all")
    assert status == "?? data/services/testipalvelu-verkkomuokkaimesta.yml\n", status
    path = editor.clone / "data/services/testipalvelu-verkkomuokkaimesta.yml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schemas/service.schema.json\nname: ")
    git(editor.clone, "add", "-A")  # as the guide says before `check`: it wants new files added
    result = check(editor.clone)
    assert result.returncode == 0, result.stdout + result.stderr
    wait_for(f"{editor.preview}/palvelut/testipalvelu-verkkomuokkaimesta/", 120,
             "Testipalvelu verkkomuokkaimesta")
    git(editor.clone, "rm", "-q", "-f", path.relative_to(editor.clone).as_posix())


def test_the_preview_in_the_editor_is_the_built_service_page(admin, editor, shots):
    open_entry(admin, editor, "palvelut/entries/toimeentulotuki")
    frame = admin.frame_locator("iframe").first.frame_locator("iframe[title='Sivun esikatselu']")
    frame.locator("h1").first.wait_for()
    title = frame.locator("h1").first.inner_text().replace("\xad", "")  # soft hyphens
    assert title.startswith("Täydentävä ja ehkäisevä toimeentulotuki")
    sheets = frame.locator("link[rel=stylesheet]").evaluate_all("l => l.map(x => x.href)")
    assert any("handbook" in href for href in sheets)  # the site's own CSS
    time.sleep(1)
    admin.screenshot(path=str(shots / "verkkomuokkain-esikatselu.png"))


CONTROLS = {"button", "link", "textbox", "combobox", "checkbox", "menuitem", "switch", "listbox",
            "spinbutton", "radio", "tab"}


def nameless_controls(page) -> list[str]:
    """The controls in chromium's accessibility tree (what a screen reader announces) that
    have no name, as HTML."""
    cdp = page.context.new_cdp_session(page)
    found = []
    for node in cdp.send("Accessibility.getFullAXTree")["nodes"]:
        role = (node.get("role") or {}).get("value")
        name = ((node.get("name") or {}).get("value") or "").strip()
        if role in CONTROLS and not name and not node.get("ignored"):
            html = cdp.send("DOM.getOuterHTML", {"backendNodeId": node["backendDOMNodeId"]})
            found.append(html["outerHTML"][:160])
    return found


@pytest.mark.parametrize("path", ["palvelut/entries/toimeentulotuki",
                                  "prosessit/entries/toimeentulotukihakemus", "palvelut/new"])
def test_every_control_of_the_form_has_a_name_a_screen_reader_announces(admin, editor, path):
    """Decap's list items have icon-only controls (the fields' toggle, the drag handle,
    remove): admin/kasikirja-cms.mjs names them in Finnish."""
    if path.endswith("/new"):  # an empty form: its lists have no items yet
        admin.goto(f"{editor.admin}#/collections/{path}")
        admin.get_by_text("Palvelun nimi").first.wait_for(timeout=30000)
    else:
        open_entry(admin, editor, path)
        admin.get_by_role("button", name="Poista kohta").first.wait_for(timeout=30000)
        assert admin.get_by_role("button", name="Näytä tai piilota kohdan kentät").count() > 0
        assert admin.get_by_role("button", name="Siirrä kohtaa").count() > 0
    admin.wait_for_timeout(500)  # the names are set on the next frame after a change
    assert nameless_controls(admin) == []
