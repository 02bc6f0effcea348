"""Phone numbers in one place (macros/core/phones.py): shown as Finns read them, linked only
when one calls them, and the same line recognised in any form."""

from __future__ import annotations

import pytest

from macros.core import phones


@pytest.mark.parametrize("number, prefix, shown", [
    ("400000002", "+358", "040 000 0002"),  # PTV: country code apart, no leading zero
    ("+358400000002", None, "040 000 0002"),
    ("+358 40 0000002", None, "040 000 0002"),
    ("020692207", None, "020 692 207"),  # a national service number
    ("0295020500", None, "029 502 0500"),
    ("0800123456", None, "0800 123 456"),
    ("161234567", "+358", "016 123 4567"),  # Lapland's area code
    ("91234567", "+358", "09 123 4567"),
    ("0925250111", None, "09 2525 0111"),
    ("116117", None, "116 117"),
    ("112", None, "112"),
    ("040 726 6965", None, "040 726 6965"),  # an editor's grouping stays
    ("080 005 005", None, "080 005 005"),  # as its owner publishes it
    ("+46812345678", None, "+46812345678"),  # foreign: as given
])
def test_numbers_as_finns_read_them(number, prefix, shown):
    assert phones.finnish(number, prefix) == shown


@pytest.mark.parametrize("number, prefix, target", [
    ("400000002", "+358", "tel:+358400000002"),
    ("040 726 6965", None, "tel:0407266965"),
    ("+358 40 726 6965", None, "tel:+358407266965"),
    ("0401234567", "+358", "tel:0401234567"),
])
def test_tel_links(number, prefix, target):
    assert phones.tel(number, prefix) == target


def test_a_text_message_number_is_not_linked_in_text():
    sms = phones.sms_text("050 000 0009")
    assert sms == "050\u00a0000\u00a00009"
    assert phones.link_numbers(f"Tekstiviesti: {sms}", "</li>") == f"Tekstiviesti: {sms}"
    assert phones.link_numbers("Soita 050 000 0009.", "</p>") == \
        'Soita <a href="tel:0500000009">050 000 0009</a>.'


def test_the_same_line_in_any_form():
    assert phones.same_number("040 506 0083", "+358405060083")
    assert phones.same_number("+358 40 506 0083", phones.national("405060083", "+358"))
    assert not phones.same_number("040 506 0083", "040 482 3584")
    assert not phones.same_number(None, "")


def test_numbers_are_made_in_one_place():
    """#30 point 5: no other module builds a tel: link or reformats a number itself."""
    from pathlib import Path
    root = Path(phones.__file__).parents[1]
    makers = [p.relative_to(root).as_posix() for p in root.rglob("*.py")
              if p.name != "phones.py" and ('"tel:' in p.read_text(encoding="utf-8")
                                            or "f\"tel:" in p.read_text(encoding="utf-8"))]
    assert makers == []
