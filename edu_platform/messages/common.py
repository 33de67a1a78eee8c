"""UI messages shared by every page: layout, home, course cards, generic errors."""

# key -> (ru, en)
MESSAGES: dict[str, tuple[str, str]] = {
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
    "error.rate_limited": (
        "Слишком много попыток. Попробуйте через 15 минут.",
        "Too many attempts. Try again in 15 minutes.",
    ),
    "error.unauthorized": ("Войдите, чтобы продолжить", "Sign in to continue"),
}
