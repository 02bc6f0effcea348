"""Legal rules stated once, in ``data/rules.yml``, and cited everywhere.

A page (``docs/…``) or a data text field (a service's description, a process step's
deadline…) writes ``{{ rule("ttt-kasittelyaika") }}`` instead of copying the number.
In data the call is replaced while the data is read (``expand_rules``), so every
consumer (pages, brochures, the API, search) sees the same text; in docs pages the
``rule`` macro renders it. Data text may also cite a law with
``{{ law_link("sosiaalihuoltolaki", "35 §") }}`` (the same link the docs macro writes);
any other template code left in data text is reported, as no reader should see it.
``checks/rule_copies.py`` finds hand-written copies of a rule's number, so the one place
cannot drift from the others.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import Any

from ..core.links import finlex_url
from .models import Law, Rule

CALL = re.compile(r"""\{\{-?\s*rule\(\s*["']([^"']*)["']\s*(?:,\s*["']([^"']*)["']\s*)?\)\s*-?\}\}""")
MODES = {
    "text": "koko sääntö virkkeenä",
    "value": "lyhyt arvo",
    "easy": "selkokielellä",
    "en": "englanniksi",
    "staff": "ammattilaisen tarkennus",
    "law": "pykälä linkkinä",
}
LAW_CALL = re.compile(
    r"""\{\{-?\s*law_link\(\s*["']([^"']*)["']\s*(?:,\s*["']([^"']*)["']\s*)?\)\s*-?\}\}""")
TEMPLATE_CODE = re.compile(r"\{\{|\{%|\{#")
DATA_MACROS = ('data-tekstissä toimivat vain {{ rule("tunnus") }} ja '
               '{{ law_link("laki", "pykälä") }}')
RULES_FILE = "data/rules.yml"


class RuleError(ValueError):
    """A call that names an unknown rule or mode, or a mode the rule has no text for;
    the message is Finnish and says how to fix it."""


def rule_text(rules: dict[str, Rule], rule_id: str, mode: str | None,
              law_link: Callable[[Rule], str]) -> str:
    """What ``{{ rule(rule_id, mode) }}`` stands for. ``law_link`` renders the rule's law
    citation as a Markdown link (mode "law")."""
    if rule_id not in rules:
        known = ", ".join(sorted(rules)) or "ei yhtään"
        raise RuleError(f'tuntematon sääntö "{rule_id}". Säännöt ovat tiedostossa {RULES_FILE} '
                        f"(tunnukset: {known}).")
    mode = mode or "text"
    if mode not in MODES:
        allowed = ", ".join(f'"{m}" ({what})' for m, what in MODES.items())
        raise RuleError(f'tuntematon muoto "{mode}" säännölle "{rule_id}". Sallitut: {allowed}.')
    rule = rules[rule_id]
    if mode == "law":
        return law_link(rule)
    value = getattr(rule, mode)
    if value is None:
        raise RuleError(f'säännöllä "{rule_id}" ei ole kenttää {mode}. Lisää se tiedostoon '
                        f"{RULES_FILE} tai käytä muotoa text.")
    return value


def expand_rules(data: Any, render: Callable[[str, str | None], str],
                 report: Callable[[tuple, str], None], loc: tuple = (),
                 law: Callable[[str, str | None], str] | None = None) -> Any:
    """``data`` (parsed YAML) with every rule call (and, given ``law``, every law_link call)
    in its strings replaced; a bad call, or template code that is neither, is reported with
    where it is (``report(loc, message)``) and left as it was."""
    if isinstance(data, str):
        if "{" not in data:
            return data

        def one(match: re.Match) -> str:
            try:
                return render(match.group(1), match.group(2))
            except RuleError as error:
                report(loc, str(error))
                return match.group(0)

        def cite(match: re.Match) -> str:
            try:
                return law(match.group(1), match.group(2)) if law else match.group(0)
            except RuleError as error:
                report(loc, str(error))
                return match.group(0)
        text = LAW_CALL.sub(cite, CALL.sub(one, data))
        left = TEMPLATE_CODE.search(LAW_CALL.sub("", CALL.sub("", text)))
        if left and law is not None:
            report(loc, f'tekstissä on mallikoodia ("{left.group(0)}"), jota lukija näkisi '
                   f"sellaisenaan: {DATA_MACROS}. Korjaa makron nimi tai kirjoita teksti "
                   "ilman aaltosulkuja.")
        return text
    if isinstance(data, list):
        return [expand_rules(item, render, report, (*loc, i), law) for i, item in enumerate(data)]
    if isinstance(data, dict):
        return {key: expand_rules(value, render, report, (*loc, key), law)
                for key, value in data.items()}
    return data


def law_renderer(laws: dict[str, Law]) -> Callable[[str, str | None], str]:
    """What ``{{ law_link(law_id, section) }}`` in data text stands for: the link the docs
    macro writes ("[Sosiaalihuoltolaki 35 § Finlexissä](…)"); raises RuleError (Finnish) for
    an unknown law."""
    def cite(law_id: str, section: str | None = None) -> str:
        law = laws.get(law_id)
        if law is None:
            known = ", ".join(sorted(laws)) or "ei yhtään"
            raise RuleError(f'tuntematon laki "{law_id}" makrossa law_link. Lait ovat '
                            f"tiedostossa data/laws.yml (tunnukset: {known}).")
        return f"[{law.cite(section)} Finlexissä]({finlex_url(law.number)})"
    return cite


@cache
def guard_pattern(pattern: str) -> re.Pattern:
    """A rule's guard as a regular expression: case-insensitive, and a space in it matches any
    run of white space, so a copy broken over two lines is found too."""
    return re.compile(pattern.replace(" ", r"\s+"), re.I)


def rule_renderer(laws: dict[str, Law], rules: dict[str, Rule]):
    """What ``{{ rule(id, mode) }}`` stands for, with the law cited as a Markdown link to
    Finlex ("[Sosiaalihuoltolaki 36 §](…)"); raises RuleError (Finnish) for a bad call."""
    def law_link(rule: Rule) -> str:
        law = laws.get(rule.law.law)
        return f"[{law.cite(rule.law.section)}]({finlex_url(law.number)})" if law else rule.law.law

    return lambda rule_id, mode=None: rule_text(rules, rule_id, mode, law_link)
