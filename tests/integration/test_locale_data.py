"""Translated data and formats through the services (SQLite and PostgreSQL): category
names per language, ratings and prices formatted per language, the last payment failure
of an unpaid order, the closed list of currencies in imports."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest
from sqlmodel import Session

from edu_platform.i18n import CURRENCIES
from edu_platform.models import Category, Payment
from edu_platform.services import catalog, course_page, import_formats, orders
from edu_platform.services.import_formats import FieldProblem
from edu_platform.services.search import CatalogQuery, search_courses
from tests.support.catalog_data import build_catalog


@pytest.fixture
def data(session: Session):
    built = build_catalog(session)
    programming = session.get(Category, built.courses["python_ru"].category_id)
    programming.name, programming.name_en = "Программирование", "Programming"
    session.flush()
    return built


def test_cards_facets_and_the_course_page_name_the_category_in_each_language(session, data):
    result = search_courses(session=session, query=CatalogQuery(category="programming"))
    assert {card.id: card.category_names for card in result.items} == {
        course_id: {"ru": "Программирование", "en": "Programming"}
        for course_id in data.ids("python_ru", "web_en")
    }
    labels = {value.value: value.labels for value in result.facets.categories}
    assert labels["programming"] == {"ru": "Программирование", "en": "Programming"}
    # A category without an English name shows its one name in both languages.
    assert labels["data"] == {"ru": "Data", "en": "Data"}

    detail = course_page.course_detail(
        session=session, slug=data.courses["python_ru"].slug, viewer_id=None
    )
    assert detail.card.category_names == {"ru": "Программирование", "en": "Programming"}
    summaries = {c.slug: c.names for c in catalog.categories_with_counts(session=session)}
    assert summaries["programming"] == {"ru": "Программирование", "en": "Programming"}


def test_cards_format_rating_and_price_per_language(session, data):
    result = search_courses(session=session, query=CatalogQuery(q="", language="en"))
    web = next(card for card in result.items if card.id == data.courses["web_en"].id)
    assert web.rating_labels == {"ru": "4,2", "en": "4.2"}
    assert web.price_labels == {"ru": "4\u00a0990,00\u00a0₽", "en": "RUB\u00a04,990.00"}
    ratings = {value.value: value.labels for value in result.facets.ratings}
    assert ratings["4.5"] == {"ru": "4,5", "en": "4.5"}


def test_an_unpaid_order_carries_its_last_payment_failure(session, data):
    course = data.courses["web_en"]  # Boris teaches it; Anna buys it
    view, _ = orders.create_order(
        session=session,
        user_id=data.teachers["anna"].id,
        course_ids=[course.id],
        idempotency_key=uuid.uuid4().hex,
    )
    assert view.payment_error == ""
    for status, error in (("failed", "insufficient_funds"), ("failed", "card_declined")):
        session.add(
            Payment(
                order_id=view.id,
                provider="test",
                provider_ref=uuid.uuid4().hex,
                status=status,
                amount=Decimal(view.total),
                currency=view.currency,
                error=error,
            )
        )
    session.flush()
    again = orders.get_order(session=session, actor_id=view.user_id, order_id=view.id)
    assert again.payment_error == "card_declined"  # the latest attempt's reason


@pytest.mark.parametrize("value", ["UNG0", "UNG", "GBP", "rubles"])
def test_imports_refuse_a_currency_outside_the_list(value):
    with pytest.raises(FieldProblem):
        import_formats.currency(value, "RUB")


def test_imports_take_listed_currencies_in_any_case():
    assert [import_formats.currency(code.lower(), "RUB") for code in CURRENCIES] == list(CURRENCIES)
    assert import_formats.currency("", "RUB") == "RUB"
