"""services/plain_text: the one rule for control characters in what people type."""

from __future__ import annotations

from edu_platform.services import plain_text


def test_one_line_turns_every_control_character_into_one_space():
    typed = "  Ada\x00Love\tlace\r\n\x7fthe\x85 First\u00a0 "
    assert plain_text.one_line(typed) == "Ada Love lace the First"
    assert plain_text.one_line(None) == ""
    assert plain_text.one_line("Ёжик  в\x1fтумане") == "Ёжик в тумане"


def test_multi_line_keeps_line_breaks_and_tabs_and_drops_the_rest():
    typed = "\x00 # Title\r\n\tcode\x08\x7f\n\nend \x0b"
    assert plain_text.multi_line(typed) == "# Title\n\tcode\n\nend"
    assert plain_text.multi_line(None) == ""


def test_has_controls_sees_c0_del_and_c1_only():
    assert plain_text.has_controls("a\x00b") and plain_text.has_controls("slug\x9f")
    assert not plain_text.has_controls("python-basics") and not plain_text.has_controls("ёж")
