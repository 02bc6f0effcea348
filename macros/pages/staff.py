"""Staff pages generated from data: processes, roles, laws index, forms, glossary,
checklist and onboarding. Pure functions from a validated ``Site`` to Markdown; every
list here is computed from references in the data, never written by hand.
"""

from __future__ import annotations

from ..core.links import (
    CHECKLIST,
    FORMS_INDEX,
    GLOSSARY,
    LAWS_INDEX,
    ONBOARDING,
    PROCESSES,
    ROLES,
    RULES_INDEX,
    process_src,
    relative,
    role_src,
    service_src,
    step_anchor,
)
from ..data.models import LawRef
from ..data.process_models import END, Process
from ..data.site import Site
from .diagram import lay_out, process_dot, process_svg
from .render import fi_date, render
from .services import law_link
from .untrusted import md_text


def _step_numbers(process: Process) -> dict[str, int]:
    return {step.id: number for number, step in enumerate(process.steps, start=1)}


def _target(process: Process, target: str) -> dict:
    """Where a branch leads: a numbered step (with its anchor) or the end."""
    if target == END:
        return {"label": "prosessi päättyy", "anchor": None}
    number = _step_numbers(process)[target]
    step = process.steps[number - 1]
    return {"label": f"vaihe {number}. {step.title}", "anchor": step_anchor(target)}


def process_page_params(site: Site, process_id: str) -> dict:
    process = site.processes[process_id]
    src = process_src(process_id)
    roles_in_order = list(dict.fromkeys(step.role for step in process.steps))
    steps = []
    for number, step in enumerate(process.steps, start=1):
        following = (process.steps[number].id if number < len(process.steps) else END)
        steps.append({
            "number": number, "step": step, "anchor": step_anchor(step.id),
            "role": site.roles[step.role], "role_href": relative(role_src(step.role), src),
            "documents": [{"form": site.forms[f],
                           "href": relative(site.forms[f].page, src) if site.forms[f].page else None}
                          for f in step.documents],
            "records": [{"what": r.what, "system": site.systems[r.system].name} for r in step.records],
            "deadline_law": law_link(site, step.deadline.law) if step.deadline and step.deadline.law
            else None,
            "laws": [law_link(site, ref) for ref in step.laws],
            "outcomes": [{"label": o.label, "target": _target(process, o.next)}
                         for o in (step.decision.outcomes if step.decision else [])],
            "next": None if step.decision or step.end else _target(process, step.next or following),
        })
    cited: dict[tuple, dict] = {}
    for step in process.steps:
        for ref in [*step.laws, *([step.deadline.law] if step.deadline and step.deadline.law else [])]:
            cited.setdefault((ref.law, ref.section), law_link(site, ref))
    return {
        "id": process_id, "process": process, "source": site.process_path(process_id),
        "services": [{"name": site.services[s].name, "href": relative(service_src(s), src)}
                     for s in process.services],
        "svg": process_svg(process, site.roles, process_id),
        "steps": steps,
        "roles": [{"role": site.roles[r], "href": relative(role_src(r), src)} for r in roles_in_order],
        "laws": list(cited.values()),
        "index_href": relative(f"{PROCESSES}/index.md", src),
    }


def role_steps(site: Site, role_id: str, from_src: str) -> list[dict]:
    """Every step a role does, process by process (in name order), in step order."""
    out = []
    for process_id, process in sorted(site.processes.items(), key=lambda item: item[1].name):
        steps = [{"number": n, "title": s.title,
                  "href": relative(process_src(process_id), from_src) + f"#{step_anchor(s.id)}"}
                 for n, s in enumerate(process.steps, start=1) if s.role == role_id]
        if steps:
            out.append({"name": process.name, "href": relative(process_src(process_id), from_src),
                        "steps": steps})
    return out


def law_citations(site: Site, from_src: str) -> list[dict]:
    """For every law in the registry: the services and process steps that cite it."""
    out = []
    for law_id, law in site.laws.items():
        services = [{"name": s.name, "href": relative(service_src(i), from_src),
                     "section": ref.section}
                    for i, s in site.services.items() for ref in s.legislation if ref.law == law_id]
        steps = []
        for process_id, process in site.processes.items():
            for number, step in enumerate(process.steps, start=1):
                refs = [*step.laws, *([step.deadline.law] if step.deadline and step.deadline.law else [])]
                for ref in refs:
                    if ref.law == law_id:
                        steps.append({"process": process.name, "number": number,
                                      "title": step.title, "section": ref.section,
                                      "href": relative(process_src(process_id), from_src)
                                      + f"#{step_anchor(step.id)}"})
        out.append({"id": law_id, "law": law,
                    "link": law_link(site, LawRef(law=law_id)), "services": services,
                    "steps": steps, "finlex": finlex_note(site, law_id)})
    return out


def finlex_note(site: Site, law_id: str) -> str | None:
    """When Finlex last consolidated the law and its latest amendment, from data/finlex.json
    (the amendment's number is Finlex's text: escaped)."""
    law = site.finlex.laws.get(law_id) if site.finlex else None
    if law is None or law.missing:
        return None
    parts = [f"ajantasaistettu {fi_date(law.consolidated)}"] if law.consolidated else []
    amendment = law.latest_amendment
    if amendment and amendment.number:
        since = f" (voimassa {fi_date(amendment.in_force)} alkaen)" if amendment.in_force else ""
        parts.append(f"viimeisin muutos {md_text(amendment.number)}{since}")
    return f"Finlexin ajantasainen teksti: {', '.join(parts)}." if parts else None


def forms_index_params(site: Site) -> list[dict]:
    src = FORMS_INDEX
    return [{"form": form, "href": relative(form.page, src) if form.page else None,
             "used_in": [{"process": p.name, "number": n, "title": s.title,
                          "href": relative(process_src(i), src) + f"#{step_anchor(s.id)}"}
                         for i, p in site.processes.items()
                         for n, s in enumerate(p.steps, start=1) if form.id in s.documents]}
            for form in site.forms.values()]


def onboarding_params(site: Site, role_id: str) -> dict:
    path = site.onboarding[role_id]
    src = f"{ONBOARDING}/{role_id}.md"
    weeks: dict[int, list[dict]] = {}
    for item in sorted(path.items, key=lambda i: i.week):
        target = (relative(item.page, src) if item.page else
                  relative(process_src(item.process), src) if item.process else None)
        weeks.setdefault(item.week, []).append({"item": item, "href": target})
    return {"role": site.roles[role_id], "intro": path.intro,
            "weeks": [{"week": w, "entries": entries} for w, entries in sorted(weeks.items())],
            "role_href": relative(role_src(role_id), src)}


def generate_staff_pages(site: Site) -> dict[str, str]:
    """Every staff page made from data, by its path in docs/."""
    pages: dict[str, str] = {}
    lay_out([process_dot(p, site.roles) for p in site.processes.values()])  # one Graphviz run
    if site.processes:
        index = f"{PROCESSES}/index.md"
        pages[index] = render("pages/processes-index.md", {"processes": [
            {"id": i, "process": p, "href": relative(process_src(i), index)}
            for i, p in sorted(site.processes.items(), key=lambda item: item[1].name)]})
        for process_id in site.processes:
            pages[process_src(process_id)] = render("pages/process.md",
                                                    process_page_params(site, process_id))
    if site.roles:
        index = f"{ROLES}/index.md"
        pages[index] = render("pages/roles-index.md", {"roles": [
            {"role": r, "href": relative(role_src(i), index),
             "count": sum(len(p["steps"]) for p in role_steps(site, i, index))}
            for i, r in site.roles.items()]})
        for role_id, role in site.roles.items():
            src = role_src(role_id)
            onboarding = (relative(f"{ONBOARDING}/{role_id}.md", src)
                          if role_id in site.onboarding else None)
            pages[src] = render("pages/role.md", {"role": role, "processes":
                                                  role_steps(site, role_id, src),
                                                  "onboarding_href": onboarding})
    pages[LAWS_INDEX] = render("pages/laws-index.md", {"laws": law_citations(site, LAWS_INDEX)})
    if site.rules:
        pages[RULES_INDEX] = render("pages/rules-index.md", {"rules": [
            {"rule": rule, "law": law_link(site, rule.law)} for rule in site.rules.values()]})
    if site.forms:
        pages[FORMS_INDEX] = render("pages/forms-index.md", {"forms": forms_index_params(site)})
    if site.glossary:
        pages[GLOSSARY] = render("pages/glossary.md", {"terms": sorted(
            site.glossary.values(), key=lambda t: t.term.lower())})
    if site.checklists:
        pages[CHECKLIST] = render("pages/checklist.md", {"groups": list(site.checklists.values())})
    if site.onboarding:
        index = f"{ONBOARDING}/index.md"
        pages[index] = render("pages/onboarding-index.md", {"paths": [
            {"role": site.roles[r], "href": relative(f"{ONBOARDING}/{r}.md", index)}
            for r in site.onboarding]})
        for role_id in site.onboarding:
            pages[f"{ONBOARDING}/{role_id}.md"] = render("pages/onboarding.md",
                                                         onboarding_params(site, role_id))
    return pages


def abbreviations(site: Site) -> str:
    """Markdown abbreviation definitions for every abbreviation in the glossary."""
    return "\n".join(f"*[{t.term}]: {t.expansion}" for t in site.glossary.values() if t.abbreviation)

