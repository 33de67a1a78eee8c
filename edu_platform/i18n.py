"""The message catalogue (Russian and English) and the pure-Python `translate()` helper.

UI components read messages through `components.i18n.tr(key)`, which checks the key
exists here when the page compiles; services raise errors carrying a key from here.
No other module holds UI text.
"""

from __future__ import annotations

LANGUAGES = ("ru", "en")
DEFAULT_LANGUAGE = "ru"

# key -> (ru, en)
_MESSAGES: dict[str, tuple[str, str]] = {
    # Layout
    "app.name": ("EduPlatform", "EduPlatform"),
    "app.tagline": (
        "Онлайн-курсы от практиков: учитесь в своём темпе и получайте сертификаты",
        "Online courses from practitioners: learn at your own pace and earn certificates",
    ),
    "nav.catalog": ("Каталог", "Catalog"),
    "nav.my_learning": ("Моё обучение", "My learning"),
    "nav.teach": ("Преподавание", "Teaching"),
    "nav.admin": ("Администрирование", "Admin"),
    "nav.sign_in": ("Войти", "Sign in"),
    "nav.sign_up": ("Регистрация", "Sign up"),
    "nav.account": ("Профиль", "Account"),
    "nav.sign_out": ("Выйти", "Sign out"),
    "nav.menu": ("Меню", "Menu"),
    "nav.language": ("Язык интерфейса", "Interface language"),
    "search.label": ("Поиск курсов", "Search courses"),
    "search.placeholder": ("Чему хотите научиться?", "What do you want to learn?"),
    "search.submit": ("Найти", "Search"),
    "footer.about": ("О платформе", "About"),
    "footer.verify": ("Проверить сертификат", "Verify a certificate"),
    "footer.api": ("API для интеграций", "Integration API"),
    "footer.rights": (
        "© 2026 EduPlatform. Все права защищены.",
        "© 2026 EduPlatform. All rights reserved.",
    ),
    # Home
    "home.hero.title": ("Учитесь новому каждый день", "Learn something new every day"),
    "home.hero.cta": ("Смотреть все курсы", "Browse all courses"),
    "home.featured": ("Рекомендуемые курсы", "Featured courses"),
    "home.popular": ("Популярные курсы", "Popular courses"),
    "home.categories": ("Категории", "Categories"),
    "home.empty": (
        "Курсов пока нет. Загляните позже — преподаватели уже готовят материалы.",
        "No courses yet. Come back soon — teachers are preparing material.",
    ),
    "home.loading": ("Загружаем курсы…", "Loading courses…"),
    "home.stats.courses": ("курсов", "courses"),
    # Course cards
    "course.free": ("Бесплатно", "Free"),
    "course.reviews": ("отзывов", "reviews"),
    "course.learners": ("учащихся", "learners"),
    "course.no_rating": ("Нет оценок", "No ratings yet"),
    "course.level.beginner": ("Начальный", "Beginner"),
    "course.level.intermediate": ("Средний", "Intermediate"),
    "course.level.advanced": ("Продвинутый", "Advanced"),
    "category.courses_count": ("курсов", "courses"),
    # Generic
    "common.not_found": ("Страница не найдена", "Page not found"),
    "common.back_home": ("На главную", "Back to home"),
    "common.coming_soon": ("Этот раздел скоро появится.", "This section is coming soon."),
    "error.not_found": ("Не найдено", "Not found"),
    "error.forbidden": ("Недостаточно прав", "You do not have access"),
    "error.conflict": ("Конфликт с существующими данными", "Conflicts with existing data"),
    "error.invalid": ("Некорректные данные", "Invalid input"),
}

CATALOGUE: dict[str, dict[str, str]] = {
    lang: {key: pair[index] for key, pair in _MESSAGES.items()}
    for index, lang in enumerate(LANGUAGES)
}


def normalise_language(value: str | None) -> str:
    """The supported language code for `value` ('ru-RU' -> 'ru'), or the default."""
    if value:
        code = value.strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return DEFAULT_LANGUAGE


def language_from_accept_header(header: str | None) -> str | None:
    """The first supported language in an Accept-Language header, if any."""
    for part in (header or "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return None


def translate(key: str, lang: str = DEFAULT_LANGUAGE, **params: object) -> str:
    """The message for `key` in `lang`, with `{name}` placeholders filled from params."""
    text = CATALOGUE[normalise_language(lang)][key]
    return text.format(**params) if params else text


def has_key(key: str) -> bool:
    return key in _MESSAGES


_CURRENCY_SIGNS = {"RUB": "₽", "USD": "$", "EUR": "€"}


def format_price(amount: object, currency: str, lang: str) -> str:
    """'4 990 ₽' in Russian, '₽4,990' in English; cents only when there are any."""
    from decimal import Decimal

    value = Decimal(str(amount))
    sign = _CURRENCY_SIGNS.get(currency, currency)
    decimals = 0 if value == value.to_integral_value() else 2
    grouped = f"{value:,.{decimals}f}"
    if normalise_language(lang) == "ru":
        # Russian typography: thin non-breaking space between groups, comma for decimals.
        grouped = grouped.replace(",", "\u202f").replace(".", ",")
        return f"{grouped}\u00a0{sign}"
    return f"{sign}{grouped}"
