"""What changed between two snapshots, kept until an editor has looked at it.

A snapshot is written only when the registry's facts changed (``changed``: the day a sync last
saw a change), so the same facts always give the same bytes and a scheduled run with nothing
new pushes nothing. PTV's snapshot carries a list of channel changes (added, changed with the
old and the new value, removed), each dated by the sync that saw it: ``check`` lists them until
``reviewed.ptv`` in ``data/registries.yml`` reaches that date, across any number of syncs. A
sync that writes drops the entries already reviewed; one that finds nothing new writes nothing.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ..core import phones

MAX_TEXT = 300  # characters of an old or new value in the list (ChangedValue's limit)
MAX_CHANGES = 1000  # entries kept (the oldest go first)
DAYS = {"Monday": "ma", "Tuesday": "ti", "Wednesday": "ke", "Thursday": "to", "Friday": "pe",
        "Saturday": "la", "Sunday": "su"}


def stamp(data: dict, previous: dict | None, facts: tuple[str, ...], today: date) -> dict:
    """``data`` with ``changed``: the previous snapshot's date when its ``facts`` (keys) are
    the same, else ``today``."""
    same = isinstance(previous, dict) and all(previous.get(k) == data.get(k) for k in facts)
    previous_date = previous.get("changed") if same else None
    return {**data, "changed": previous_date if isinstance(previous_date, str) else today.isoformat()}


def channel_changes(old: dict, new: dict, seen: date) -> list[dict]:
    """The channels added, changed (each field with its old and new value) and removed between
    two snapshots' ``channels``."""
    out = []
    for channel_id in sorted(set(new) - set(old)):
        out.append({"id": channel_id, "name": _name(new[channel_id]), "kind": "added",
                    "seen": seen.isoformat()})
    for channel_id in sorted(set(old) & set(new)):
        before, after = _dict(old[channel_id]), new[channel_id]
        fields = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
        if fields:
            out.append({"id": channel_id, "name": _name(after), "kind": "changed",
                        "seen": seen.isoformat(),
                        "values": [{"field": f, "old": shown(f, before.get(f)),
                                    "new": shown(f, after.get(f))} for f in fields]})
    for channel_id in sorted(set(old) - set(new)):
        before = _dict(old[channel_id])
        out.append({"id": channel_id, "name": _name(before), "kind": "removed",
                    "seen": seen.isoformat(),
                    "services": [s for s in before.get("services", []) if isinstance(s, str)]})
    return [{k: v for k, v in change.items() if v != []} for change in out]


def carried(previous: Any, found: list[dict], reviewed: date | None) -> list[dict]:
    """The change list of a snapshot being written: the previous list without what an editor
    has reviewed (seen on or before ``reviewed``), then what this sync found."""
    kept = [c for c in (previous if isinstance(previous, list) else [])
            if isinstance(c, dict) and isinstance(c.get("seen"), str)
            and not (reviewed and c["seen"] <= reviewed.isoformat())]
    return (kept + found)[-MAX_CHANGES:]


def shown(field: str, value: Any) -> str:
    """A channel field's value as one line for the reminder ("040 000 0001, 016 123 4567")."""
    if value in (None, [], {}, ""):
        return "–"
    if isinstance(value, bool):
        return "kyllä" if value else "ei"
    if isinstance(value, dict):  # texts by language
        return _cut(value.get("fi") or next(iter(sorted(value.values())), ""))
    if not isinstance(value, list):
        return _cut(str(value))
    show = {"phones": _phone, "emails": lambda e: e.get("address", ""),
            "web_pages": lambda w: w.get("url", ""), "addresses": _address, "hours": _hours,
            "areas": _area}.get(field)
    items = [show(_dict(v)) if show else str(v) for v in value]
    return _cut("; ".join(i for i in items if i) or "–")


def _phone(phone: dict) -> str:
    text = phones.finnish(phone.get("number"), phone.get("prefix"))
    return f"{text} (tekstiviesti)" if phone.get("kind") == "Sms" else text


def _address(address: dict) -> str:
    street = " ".join(p for p in (_fi(address.get("street")) or _fi(address.get("post_office_box")),
                                  address.get("street_number") or "") if p)
    place = " ".join(p for p in (address.get("postal_code") or "",
                                 _fi(address.get("post_office"))) if p)
    return ", ".join(p for p in (street, place) if p)


def _hours(hours: dict) -> str:
    when = "–".join(dict.fromkeys(d for d in (hours.get("valid_from"), hours.get("valid_to")) if d))
    times = ", ".join(_time(_dict(t)) for t in hours.get("times", []))
    state = "suljettu" if hours.get("closed") else "avoinna aina" if hours.get("always_open") else times
    return " ".join(p for p in (when, state) if p)


def _time(time: dict) -> str:
    first, last = DAYS.get(time.get("day_from") or "", ""), DAYS.get(time.get("day_to") or "", "")
    days = f"{first}–{last}" if last and last != first else first
    return f"{days} {time.get('opens', '')}–{time.get('closes', '')}".strip()


def _area(area: dict) -> str:
    names = [_fi(m.get("name")) or m.get("code", "") for m in (_dict(x) for x in area.get(
        "municipalities", []))]
    return ", ".join(n for n in names if n) or _fi(area.get("name")) or area.get("code") or ""


def _fi(texts: Any) -> str:
    return (texts.get("fi") or next(iter(sorted(texts.values())), "")) if isinstance(texts, dict) \
        and texts else ""


def _name(channel: Any) -> str:
    return _fi(channel.get("name")) if isinstance(channel, dict) else ""


def _dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _cut(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= MAX_TEXT else text[:MAX_TEXT - 1] + "…"
