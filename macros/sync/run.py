"""``python -m macros sync ptv|finlex``: one sync, its settings from ``data/registries.yml``,
told in Finnish. Exit 0 when the snapshot was written (changed or not), 1 when nothing was."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from ..data.site import Site, read_site
from . import SyncError, finlex, ptv
from .http import Client

LAW_LINK = re.compile(r"""law_link\(\s*["']([a-z0-9-]+)["']\s*,\s*["']([^"']+)["']\s*\)""")


def cited_sections(site: Site, root: Path) -> dict[str, set[str]]:
    """Every section cited anywhere, by law: rules, services, process steps and their
    deadlines, and ``{{ law_link("id", "36 §") }}`` in the pages under docs/."""
    refs = [rule.law for rule in site.rules.values()]
    refs += [ref for service in site.services.values() for ref in service.legislation]
    for process in site.processes.values():
        for step in process.steps:
            refs += step.laws + ([step.deadline.law] if step.deadline and step.deadline.law else [])
    cited: dict[str, set[str]] = {}
    for ref in refs:
        if ref.section:
            cited.setdefault(ref.law, set()).add(ref.section)
    for page in sorted((root / "docs").rglob("*.md")):
        for law_id, section in LAW_LINK.findall(page.read_text(encoding="utf-8")):
            if law_id in site.laws:
                cited.setdefault(law_id, set()).add(section)
    return cited


def _ptv(root: Path, site: Site, client: Client, now: datetime) -> str:
    settings = site.registries.ptv
    if settings.organisation is None:
        raise SyncError("data/registries.yml: ptv.organisation puuttuu. Kirjoita siihen "
                        "hyvinvointialueen organisaatiotunnus PTV:ssä.")
    data = ptv.sync(root, client, settings.api, settings.organisation, now)
    changes = data["changes"]
    told = (f"uusia {len(changes['added'])}, muuttuneita {len(changes['changed'])}, "
            f"poistuneita {len(changes['removed'])} kanavaa edelliseen verrattuna"
            if changes["since"] else "ensimmäinen tilannekuva")
    return (f"PTV: {len(data['services'])} palvelua ja {len(data['channels'])} kanavaa "
            f"({told}). Tallennettu {ptv.SNAPSHOT}.")


def _finlex(root: Path, site: Site, client: Client, now: datetime) -> str:
    laws = {law_id: law.number for law_id, law in site.laws.items()}
    data = finlex.sync(root, client, site.registries.finlex.api, laws,
                       cited_sections(site, root), now)
    found = [law for law in data["laws"].values() if not law.get("missing")]
    sections = sum(len(law["sections"]) for law in found)
    changed = sum(1 for law in found for s in law["sections"].values()
                  if s.get("changed") == now.date().isoformat())
    return (f"Finlex: {len(found)}/{len(laws)} lakia, {sections} viitattua pykälää, "
            f"{changed} muuttui tällä haulla. Tallennettu {finlex.SNAPSHOT}.")


SYNCS: dict[str, tuple[Callable, str]] = {"ptv": (_ptv, ptv.SNAPSHOT),
                                          "finlex": (_finlex, finlex.SNAPSHOT)}


def main(registry: str, root: Path, client: Client | None = None,
         now: datetime | None = None) -> int:
    site, problems = read_site(root)
    if problems:
        print("\n".join(map(str, sorted(set(problems)))), file=sys.stderr)
        print("\nKorjaa tiedot ensin (python -m macros check); mitään ei haettu.", file=sys.stderr)
        return 1
    run, snapshot = SYNCS[registry]
    try:
        with client or Client() as http:
            print(run(root, site, http, now or datetime.now(UTC)))
    except SyncError as error:
        kept = (f"Vanha tilannekuva {snapshot} jäi ennalleen." if (root / snapshot).exists()
                else f"Tilannekuvaa {snapshot} ei kirjoitettu.")
        print(f"{'PTV' if registry == 'ptv' else 'Finlex'}-päivitys epäonnistui: {error}\n{kept}",
              file=sys.stderr)
        return 1
    return 0
