"""Catalog: active filters to remove when nothing is found, popular courses, loading."""

# key -> (ru, en)
MESSAGES: dict[str, tuple[str, str]] = {
    "catalog_hints.filter.q": ("Поиск", "Search"),
    "catalog_hints.filter.category": ("Категория", "Category"),
    "catalog_hints.filter.level": ("Уровень", "Level"),
    "catalog_hints.filter.language": ("Язык", "Language"),
    "catalog_hints.filter.price": ("Цена", "Price"),
    "catalog_hints.filter.price_min": ("Цена от", "Price from"),
    "catalog_hints.filter.price_max": ("Цена до", "Price up to"),
    "catalog_hints.filter.rating_min": ("Рейтинг от", "Rating from"),
    "catalog_hints.filter.kind": ("Тип", "Type"),
    "catalog_hints.suggest": (
        "Попробуйте убрать фильтр или изменить запрос:",
        "Try removing a filter or changing the words:",
    ),
    "catalog_hints.remove": ("Убрать фильтр", "Remove filter"),
    "catalog_hints.clear_all": ("Сбросить всё", "Clear everything"),
    "catalog_hints.popular": ("Популярные курсы", "Popular courses"),
    "catalog_hints.loading": ("Ищем курсы…", "Searching courses…"),
}
