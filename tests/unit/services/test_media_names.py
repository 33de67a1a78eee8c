"""media.readable_name: an uploaded file's name as people are shown it (attachments,
lesson videos, import files)."""

from __future__ import annotations

import pytest

from edu_platform.services import imports, media
from edu_platform.services.authoring.files import display_name


@pytest.mark.parametrize(
    ("sent", "shown"),
    [
        ("Конспект урока.pdf", "Конспект урока.pdf"),
        ("../../etc/clip.mp4", "clip.mp4"),
        ("c:\\users\\me\\archive.zip", "archive.zip"),
        ("notes\u202efdp.txt", "notes fdp.txt"),  # not "notestxt.pdf" on the page
        ("in\u2066side\u2069.txt", "in side .txt"),  # isolates
        ("zero\u200bwidth\ufeff.md", "zero width .md"),
        ("tab\there\x85.csv", "tab here .csv"),
        ('a:b*c?"d"<e>|f.txt', "a b c d e f.txt"),
        ("  spaced   out  .pdf ", "spaced out .pdf"),
        ("..hidden.", "hidden"),
        ("\x00 \u202e", ""),
        (None, ""),
    ],
)
def test_names_lose_paths_control_characters_and_invisible_marks(sent, shown):
    assert media.readable_name(sent) == shown


def test_each_upload_kind_has_its_fallback_and_length():
    assert display_name("\u202e", "mp4") == "file.mp4"
    long = display_name("x" * 300 + ".pdf", "pdf")
    assert len(long) <= 255 and long.endswith(".pdf")
    assert imports.uploads._display_name("\x00") == "import"
    assert len(imports.uploads._display_name("y" * 400 + ".csv")) == 300
