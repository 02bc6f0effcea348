"""Command line for editors and for builds without hooks.

    python -m macros check      validate data/ and docs/ without building HTML: data models,
                                references, macros, links, content guards and files git
                                does not track (Finnish messages, exit 1 on any error);
                                count the reminders (reviews due, rules to verify, missing
                                contacts, unverified facts) without failing
    python -m macros check --kaikki   the same, listing every reminder
    python -m macros generate   write the pages made from data into docs/, so that an
                                engine which runs no MkDocs hooks can build the site
    python -m macros schemas    write the JSON Schemas of the data files into schemas/
    python -m macros new palvelu|prosessi|sivu NAME   a blank service, process or page
                                with every field explained (./kasikirja uusi-palvelu …)
    python -m macros undo       undo the last change published to main, after showing it
                                and asking (./kasikirja peru)
    python -m macros brochure ID   write esite-ID.pdf, the brochure's PDF (./kasikirja esite)
    python -m macros sync ptv   fetch the county's services and channels from PTV into
                                data/ptv.json (organisation in data/registries.yml, the
                                API addresses in mkdocs.yml extra.handbook)
    python -m macros cms        write the web editor's folder (/admin/: Decap CMS and its
                                configuration from the data models) into .cache/muokkain;
                                --help lists the forge options
    python -m macros sync finlex  fetch the cited laws' titles, amendments and sections
                                from Finlex into data/finlex.json; a failed sync keeps
                                the old snapshot (exit 1)
"""

from __future__ import annotations

import argparse
import signal
import sys
from datetime import date
from pathlib import Path

from mkdocs.config import load_config

from .checks import report
from .checks.runner import content_problems, macro_problems, untracked_files
from .cms import admin as cms
from .core.problems import count_fi, problems_count
from .core.settings import Settings
from .data.schemas import SCHEMAS, SCHEMAS_DIR, schema_texts
from .data.site import read_site
from .editing import brochure, new, undo
from .pages.generated import all_generated_pages, is_generated, read_page
from .sync import run as sync


def _check(root: Path, today: date, everything: bool) -> int:
    site, problems = read_site(root)
    problems += untracked_files(root)
    if site is not None:
        problems += content_problems(root, site) + macro_problems(root, site)
    if problems:
        problems = sorted(set(problems))
        for problem in problems:
            print(problem, file=sys.stderr)
        them = "se" if len(problems) == 1 else "ne"
        print(f"\n{problems_count(len(problems))}. Korjaa {them}, niin käsikirja voidaan "
              "julkaista.", file=sys.stderr)
        return 1
    print(f"Tiedot kunnossa: {len(site.services)} palvelua, {len(site.processes)} prosessia, "
          f"{len(site.laws)} lakia.")
    found = report.reminders(site, today)
    if everything:
        for title, notes in found:
            print(f"\n{title} ({len(notes)}):")
            print("\n".join(report.grouped(notes)))
    elif found:
        count = count_fi(sum(len(lines) for _, lines in found), "muistutus", "muistutusta")
        kinds = ", ".join(f"{title.lower()} {len(lines)}" for title, lines in found)
        print(f"\n{count} ({kinds}). Ne eivät estä julkaisua; näet ne komennolla "
              "./kasikirja tarkista --kaikki")
    return 0


def _generate(root: Path, out: Path) -> int:
    site, problems = read_site(root)
    if problems:
        print("\n".join(map(str, sorted(set(problems)))), file=sys.stderr)
        return 1
    settings = Settings.from_config(load_config(str(root / "mkdocs.yml")))
    pages = all_generated_pages(root, site, settings.site_url, pdf=settings.pdf)
    for stale in out.rglob("*.md"):
        if stale.relative_to(out).as_posix() not in pages and is_generated(
                read_page(stale) or ""):
            stale.unlink()  # a page generated earlier whose data is gone
    for src, text in pages.items():
        target = out / src
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    print(f"Kirjoitettu {len(pages)} sivua kansioon {out}.")
    return 0


def _schemas(root: Path) -> int:
    target = root / SCHEMAS_DIR
    target.mkdir(exist_ok=True)
    for name, text in schema_texts().items():
        (target / name).write_text(text, encoding="utf-8")
    print(f"Kirjoitettu {len(SCHEMAS)} skeemaa kansioon {target}.")
    return 0


def main(argv: list[str] | None = None) -> int:
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `check | head` ends quietly
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["cms"]:
        return cms.main(argv[1:])
    parser = argparse.ArgumentParser(prog="python -m macros", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["check", "generate", "schemas", "sync", "new", "undo",
                                            "brochure"])
    parser.add_argument("registry", nargs="?", help="sync: the registry to read (ptv, finlex); "
                        "new: what to make (palvelu, prosessi, sivu)")
    parser.add_argument("name", nargs="?", help="new: the id of the service or process, or the "
                        "page's path under docs/")
    parser.add_argument("--root", type=Path, default=Path("."), help="project folder")
    parser.add_argument("--out", type=Path, help="generate: folder to write to (default docs/)")
    parser.add_argument("--today", type=date.fromisoformat, default=date.today(),
                        help="check: the date reviews are compared with (YYYY-MM-DD)")
    parser.add_argument("--kaikki", "--all", dest="everything", action="store_true",
                        help="check: also list the reminders (reviews due, rules to verify, "
                             "missing contacts, unverified facts)")
    args = parser.parse_args(argv)
    if args.command == "check":
        return _check(args.root, args.today, args.everything)
    if args.command == "schemas":
        return _schemas(args.root)
    if args.command == "sync":
        if args.registry not in sync.SYNCS:
            parser.error("sync: kerro, mikä rekisteri haetaan: ptv tai finlex")
        return sync.main(args.registry, args.root)
    if args.command == "new":
        if args.registry not in ("palvelu", "prosessi", "sivu") or not args.name:
            parser.error("new: kerro, mitä tehdään (palvelu, prosessi tai sivu) ja sen nimi")
        return new(args.root, args.registry, args.name, args.today)
    if args.command == "undo":
        return undo(args.root)
    if args.command == "brochure":
        if not args.registry:
            parser.error("brochure: kerro palvelun tunnus")
        return brochure(args.root, args.registry)
    return _generate(args.root, args.out or args.root / "docs")


if __name__ == "__main__":
    sys.exit(main())
