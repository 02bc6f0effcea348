"""``python -m macros sync ptv|finlex``: one sync, told in Finnish. What to read for (the PTV
organisation, the laws) comes from ``data/``; where to read it (the API addresses) from the
server's configuration, ``mkdocs.yml`` ``extra.handbook`` (``core/settings.py``), which an
editor's push cannot change. Exit 0 when the sync succeeded (the snapshot changed or not), 1
when it did not (the old snapshot stays)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

from mkdocs.config import load_config

from ..core.settings import Settings
from ..data.citations import cited_sections
from ..data.site import Site, read_site
from . import SyncError, finlex, ptv
from .http import Client


def _ptv(root: Path, site: Site, settings: Settings, client: Client, today: date) -> str:
    organisation = site.registries.ptv.organisation
    if organisation is None:
        raise SyncError("data/registries.yml: ptv.organisation puuttuu. Kirjoita siihen "
                        "hyvinvointialueen organisaatiotunnus PTV:ssä.")
    first = not (root / ptv.SNAPSHOT).exists()
    data, found, written = ptv.sync(root, client, settings.ptv_api, organisation, today,
                                    site.registries.reviewed.ptv)
    counts = {kind: sum(1 for c in found if c["kind"] == kind)
              for kind in ("added", "changed", "removed")}
    fetched = f"PTV: {len(data['services'])} palvelua ja {len(data['channels'])} kanavaa"
    if first:
        return f"{fetched} (ensimmäinen tilannekuva). Tallennettu {ptv.SNAPSHOT}."
    if not written:
        return (f"{fetched}. Ei muutoksia edelliseen hakuun; {ptv.SNAPSHOT} jäi ennalleen "
                f"(muuttui viimeksi {data['changed']}).")
    return (f"{fetched} (uusia {counts['added']}, muuttuneita {counts['changed']}, poistuneita "
            f"{counts['removed']} kanavaa edelliseen hakuun verrattuna). Tallennettu "
            f"{ptv.SNAPSHOT}; python -m macros check --kaikki näyttää muutokset.")


def _finlex(root: Path, site: Site, settings: Settings, client: Client, today: date) -> str:
    laws = {law_id: law.number for law_id, law in site.laws.items()}
    data, changed_now, written = finlex.sync(root, client, settings.finlex_api, laws,
                                              cited_sections(site), today)
    found = [law for law in data["laws"].values() if not law.get("missing")]
    sections = sum(len(law["sections"]) for law in found)
    told = (f"Finlex: {len(found)}/{len(laws)} lakia, {sections} viitattua pykälää, "
            f"{len(changed_now)} muuttui tällä haulla")
    if not written:
        return (f"{told}. Ei muutoksia edelliseen hakuun; {finlex.SNAPSHOT} jäi ennalleen "
                f"(muuttui viimeksi {data['changed']}).")
    return f"{told}. Tallennettu {finlex.SNAPSHOT}."


SYNCS: dict[str, tuple[Callable, str]] = {"ptv": (_ptv, ptv.SNAPSHOT),
                                          "finlex": (_finlex, finlex.SNAPSHOT)}


def settings_of(root: Path) -> Settings:
    """The server's settings for the syncs, from mkdocs.yml (its ``!ENV`` values included)."""
    return Settings.from_config(load_config(str(root / "mkdocs.yml")))


def main(registry: str, root: Path, client: Client | None = None,
         now: datetime | None = None) -> int:
    site, problems = read_site(root)
    if problems:
        print("\n".join(map(str, sorted(set(problems)))), file=sys.stderr)
        print("\nKorjaa tiedot ensin (python -m macros check); mitään ei haettu.", file=sys.stderr)
        return 1
    run, snapshot = SYNCS[registry]
    settings = settings_of(root)
    try:
        with client or Client(test_origin=settings.sync_test_origin) as http:
            print(run(root, site, settings, http, (now or datetime.now(UTC)).date()))
    except SyncError as error:
        kept = (f"Vanha tilannekuva {snapshot} jäi ennalleen." if (root / snapshot).exists()
                else f"Tilannekuvaa {snapshot} ei kirjoitettu.")
        print(f"{'PTV' if registry == 'ptv' else 'Finlex'}-päivitys epäonnistui: {error}\n{kept}",
              file=sys.stderr)
        return 1
    return 0
