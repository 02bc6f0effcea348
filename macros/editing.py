"""The editors' commands that make or undo changes (``./kasikirja uusi-palvelu``,
``uusi-prosessi``, ``uusi-sivu`` and ``peru``), in Finnish; ``python -m macros new KIND NAME``
and ``python -m macros undo``.

``new`` writes a blank file (``data/blank.py``) and never overwrites one. ``undo`` takes back
the last change published to main: it fetches the publishing remote, makes sure the editor's
main is exactly what is published, shows what it will undo (message, date, files), refuses to
undo an undo unless the editor types ``palauta``, and otherwise asks for ``k``. It then reverts
the change (a merge by its first parent), runs the check, and commits "Peruttu: …"; the editor
publishes with ``git push``. Nothing is changed when the answer is anything else, when the
revert conflicts, or when the check fails.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

from .data.blank import KINDS, blank_file, blank_page
from .data.menu_models import PAGE_PATTERN
from .data.models import ID_PATTERN
from .data.site import read_site
from .pages.navigation import folder_index, named_pages

REMOTE = "julkaisu"
UNDONE = re.compile(r"^This reverts commit ([0-9a-f]{7,40})", re.M)


def new(root: Path, kind: str, name: str, today: date) -> int:
    """Write a blank service, process or page; Finnish messages, exit 1 on a bad name."""
    if kind == "sivu":
        return _new_page(root, name)
    _, folder, _ = KINDS[kind]
    if not re.match(ID_PATTERN, name):
        print(f'Tunnus "{name}" ei kelpaa: siinä saa olla vain pieniä kirjaimia a–z, numeroita '
              "ja väliviivoja, esimerkiksi velkaneuvonta.", file=sys.stderr)
        return 1
    target = root / folder / f"{name}.yml"
    if target.exists():
        print(f"{folder}/{name}.yml on jo olemassa. Valitse toinen tunnus tai muokkaa sitä "
              "tiedostoa.", file=sys.stderr)
        return 1
    target.write_text(blank_file(kind, today), encoding="utf-8")
    address = f"/palvelut/{name}/" if kind == "palvelu" else f"/ammattilaisille/prosessit/{name}/"
    print(f"Tehty {folder}/{name}.yml. Avaa se ja kirjoita kenttiin tiedot: jokaisen kentän "
          "yläpuolella kerrotaan, mitä siihen kirjoitetaan. ./kasikirja tarkista luettelee "
          f"pakolliset kentät, jotka ovat vielä tyhjiä. Sivu tulee osoitteeseen {address} ja "
          "valikkoon itsestään.")
    return 0


def _new_page(root: Path, name: str) -> int:
    src = name.removeprefix("docs/")
    src = src if src.endswith(".md") else f"{src}.md"
    if not re.match(PAGE_PATTERN, src):
        print(f'Sivun nimi "{name}" ei kelpaa: kirjoita kansio ja nimi pienillä kirjaimilla a–z, '
              "numeroilla ja väliviivoilla, esimerkiksi asukkaille/velat.", file=sys.stderr)
        return 1
    target = root / "docs" / src
    if target.exists():
        print(f"docs/{src} on jo olemassa. Valitse toinen nimi tai muokkaa sitä sivua.",
              file=sys.stderr)
        return 1
    title = Path(src).stem.replace("-", " ").capitalize()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(blank_page(title), encoding="utf-8")
    site, _ = read_site(root)
    menu = site.navigation if site is not None and site.navigation is not None else []
    parent = folder_index(src, set(named_pages(menu)))
    where = (f"Se näkyy valikossa sivun {parent} alla. Jos haluat sille toisen paikan tai nimen "
             "valikossa, lisää se tiedostoon data/navigation.yml." if parent else
             "Lisää se valikkoon: tiedostoon data/navigation.yml kohta - title: Sivun nimi ja "
             f"page: {src} sen kohdan pages-luetteloon, jonka alle sivu kuuluu.")
    print(f"Tehty docs/{src}. Kirjoita sivun teksti otsikon alle. {where}")
    return 0


def brochure(root: Path, service_id: str) -> int:
    """Write one brochure's PDF as the published site will have it, to look at before
    publishing: esite-ID.pdf in the project folder (ignored by git)."""
    from .core.settings import Settings
    from .pages.brochures import brochure_ids, brochure_pdf_html, write_pdf
    site, problems = read_site(root)
    if site is None:
        print("Tiedoissa on virheitä: korjaa ensin ne (./kasikirja tarkista).", file=sys.stderr)
        return 1
    if service_id not in brochure_ids(site):
        known = ", ".join(brochure_ids(site))
        print(f'Palvelulla "{service_id}" ei ole esitettä (kenttä brochure). Esitteet: {known}.',
              file=sys.stderr)
        return 1
    from mkdocs.config import load_config
    site_url = Settings.from_config(load_config(str(root / "mkdocs.yml"))).site_url
    target = root / f"esite-{service_id}.pdf"
    write_pdf(brochure_pdf_html(site, service_id, site_url), target)
    print(f"Tehty {target.name} käsikirjan kansioon: avaa se PDF-lukijalla. Se on sama kuin "
          "julkaistun käsikirjan esite, mutta ei tule julkaisuun (git ei ota sitä mukaan).")
    return 0


# --- undo -------------------------------------------------------------------------------------

def _git(root: Path, *args: str, check: bool = True) -> str:
    result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True,
                            stdin=subprocess.DEVNULL, timeout=300)
    if check and result.returncode != 0:
        raise UndoError(f"git {' '.join(args)} epäonnistui:\n{result.stderr.strip()}")
    return result.stdout.strip()


class UndoError(Exception):
    """Why nothing was undone, in Finnish."""


def _published(root: Path) -> str:
    """The commit published on main: the editor's main must be exactly it."""
    if _git(root, "rev-parse", "--abbrev-ref", "HEAD") != "main":
        raise UndoError("Siirry ensin päähaaraan: git switch main")
    if _git(root, "status", "--porcelain"):
        raise UndoError("Sinulla on tallentamattomia muutoksia (git status näyttää ne). "
                        "Tallenna ne omaan haaraansa tai peru ne ennen julkaisun perumista.")
    if REMOTE in _git(root, "remote").split():
        _git(root, "fetch", "-q", REMOTE, "main")
        published = _git(root, "rev-parse", f"{REMOTE}/main")
        head = _git(root, "rev-parse", "HEAD")
        if head != published:
            behind = subprocess.run(["git", "merge-base", "--is-ancestor", "HEAD", published],
                                    cwd=root, capture_output=True, stdin=subprocess.DEVNULL)
            if behind.returncode == 0:  # behind what is published: take it first
                _git(root, "merge", "-q", "--ff-only", published)
            if _git(root, "rev-parse", "HEAD") != published:
                raise UndoError("Päähaarassasi on muutoksia, joita ei ole julkaistu (git log "
                                f"{REMOTE}/main..main näyttää ne). Julkaise ne tai pyydä apua "
                                "ennen kuin perut julkaistun muutoksen.")
    return _git(root, "rev-parse", "HEAD")


def _describe(root: Path, commit: str) -> tuple[str, str, list[str]]:
    subject = _git(root, "log", "-1", "--format=%s", commit)
    day = _git(root, "log", "-1", "--format=%ad", "--date=format:%-d.%-m.%Y", commit)
    files = _git(root, "diff", "--name-only", f"{commit}^1", commit).splitlines()
    return subject, day, files


def undo(root: Path, ask: Callable[[str], str] = input) -> int:
    """Undo the last published change, after showing it and asking."""
    try:
        commit = _published(root)
        subject, day, files = _describe(root, commit)
        body = _git(root, "log", "-1", "--format=%B", commit)
        parents = _git(root, "log", "-1", "--format=%P", commit).split()
        print(f"Viimeisin julkaistu muutos ({day}): {subject}")
        print("Muutetut tiedostot:\n" + "\n".join(f"  {name}" for name in files))
        undone = UNDONE.search(body) or subject.startswith("Peruttu:")
        if undone:
            print("\nTämä muutos on itse peruminen: sen peruminen toisi perutun muutoksen "
                  "takaisin käsikirjaan.")
            answer, wanted = _answer(ask, "Jos haluat todella palauttaa perutun muutoksen, "
                                          "kirjoita palauta ja paina Enter: "), "palauta"
        else:
            answer, wanted = _answer(ask, "Perutaanko tämä muutos? Kirjoita k ja paina Enter: "), "k"
        if answer != wanted:
            print("Mitään ei muutettu.")
            return 1
        revert = ["revert", "--no-edit", "--no-commit", *(["-m", "1"] if len(parents) > 1 else []),
                  commit]
        result = subprocess.run(["git", *revert], cwd=root, capture_output=True, text=True,
                                stdin=subprocess.DEVNULL)
        if result.returncode != 0:
            _git(root, "revert", "--abort", check=False)
            raise UndoError("Muutosta ei voi perua automaattisesti, koska samoja kohtia on "
                            "muutettu sen jälkeen. Mitään ei muutettu. Pyydä palvelimen "
                            f"pääkäyttäjää perumaan muutos ja kerro sen tunnus {commit[:9]}.")
        checked = subprocess.run([sys.executable, "-m", "macros", "check", "--root", str(root)],
                                 cwd=root, capture_output=True, text=True, stdin=subprocess.DEVNULL)
        if checked.returncode != 0:
            _git(root, "revert", "--abort", check=False)
            print(checked.stderr, file=sys.stderr)
            raise UndoError("Perumisen jälkeen tarkistus löysi virheitä (yllä). Mitään ei "
                            "muutettu. Pyydä apua palvelimen pääkäyttäjältä.")
        title = subject.removeprefix("Julkaistu: ")
        message = (f"Palautettu: {title.removeprefix('Peruttu: ')}" if undone
                   else f"Peruttu: {title}")
        _git(root, "commit", "-q", "-m", message, "-m", f"This reverts commit {commit}.")
    except UndoError as error:
        print(error, file=sys.stderr)
        return 1
    print(f'\nTallennettu muutos "{message}". Julkaise se komennolla:  git push {REMOTE} main')
    return 0


def _answer(ask: Callable[[str], str], prompt: str) -> str:
    try:
        return ask(prompt).strip().lower()
    except EOFError:
        print()
        return ""
