"""services/paging.py: the one rule for page bounds, the page count, URL page numbers."""

from __future__ import annotations

import pytest

from edu_platform.services import paging
from edu_platform.services.errors import Invalid


@pytest.mark.parametrize(
    ("page", "per_page", "field"),
    [(0, 20, "page"), (-1, 20, "page"), (1_000_001, 20, "page"), (1, 0, "per_page"),
     (1, 101, "per_page"), (1, -5, "per_page")],
)  # fmt: skip
def test_out_of_range_is_invalid_naming_the_field(page, per_page, field):
    with pytest.raises(Invalid) as error:
        paging.checked(page, per_page)
    assert error.value.field == field


def test_in_range_values_pass_unchanged():
    assert paging.checked(1, 1) == (1, 1)
    assert paging.checked("3", "100") == (3, 100)
    assert paging.checked(1_000_000, 20) == (1_000_000, 20)


def test_pages_counts_a_partial_last_page_and_is_one_when_empty():
    assert paging.Page([], 0, 1, 20).pages == 1
    assert paging.Page([], 20, 1, 20).pages == 1
    assert paging.Page([], 21, 1, 20).pages == 2


def test_map_keeps_the_paging_numbers():
    page = paging.Page([1, 2], 7, 2, 2).map(str)
    assert (page.items, page.total, page.page, page.per_page) == (["1", "2"], 7, 2, 2)


@pytest.mark.parametrize(
    ("text", "page"),
    [(None, 1), ("", 1), ("abc", 1), ("0", 1), ("-4", 1), (" 7 ", 7), ("99999999", 1_000_000)],
)
def test_page_from_text(text, page):
    assert paging.page_from_text(text) == page
