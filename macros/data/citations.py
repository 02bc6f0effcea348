"""Every place the handbook cites a section of a law: the rules (``data/rules.yml``), the
services' legislation, the process steps and their deadlines, and ``{{ law_link("id", "36 §") }}``
in the pages under ``docs/`` and in the texts of ``data/``. ``sync finlex`` fetches a hash of
each cited section, and ``check`` names every place that cites one that changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .site import Site

LAW_LINK = re.compile(r"""law_link\(\s*["']([a-z0-9-]+)["']\s*,\s*["']([^"']+)["']\s*\)""")


@dataclass(frozen=True)
class Citation:
    law: str  # the law's id in data/laws.yml
    section: str  # "36 §", "14 e §", "29–30 §"
    where: str  # the file that cites it, and the record in it: "data/rules.yml (ttt-14)"
    rule: str | None = None  # a rule's id: a rule has its own `verified` date


def citations(site: Site) -> list[Citation]:
    """Every cited section with the file citing it, in a stable order."""
    found = [Citation(rule.law.law, rule.law.section, f"data/rules.yml ({rule_id})", rule_id)
             for rule_id, rule in site.rules.items() if rule.law.section]
    for service_id, service in site.services.items():
        found += [Citation(ref.law, ref.section, site.service_path(service_id))
                  for ref in service.legislation if ref.section]
    for process_id, process in site.processes.items():
        for step in process.steps:
            refs = step.laws + ([step.deadline.law] if step.deadline and step.deadline.law else [])
            found += [Citation(ref.law, ref.section, site.process_path(process_id))
                      for ref in refs if ref.section]
    for folder, pattern in (("docs", "*.md"), ("data", "*.yml")):
        base = site.root / folder
        for page in sorted(base.rglob(pattern)) if base.is_dir() else ():
            if page.is_symlink() or not page.is_file():
                continue
            found += [Citation(law_id, section, page.relative_to(site.root).as_posix())
                      for law_id, section in LAW_LINK.findall(page.read_text(encoding="utf-8"))
                      if law_id in site.laws]
    return list(dict.fromkeys(found))


def cited_sections(site: Site) -> dict[str, set[str]]:
    """The sections cited anywhere, by law id."""
    cited: dict[str, set[str]] = {}
    for citation in citations(site):
        cited.setdefault(citation.law, set()).add(citation.section)
    return cited
