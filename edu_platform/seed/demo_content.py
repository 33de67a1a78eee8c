"""Texts of the demo catalogue: people, categories, courses, quiz questions, reviews.

Pure data, no database access; `seed/demo.py` turns it into rows.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field

from edu_platform.models import QuestionKind

# Hand-aligned data tables: the formatter would put every item on its own line.
# fmt: off

# --- people ---------------------------------------------------------------------------

# (email, full name, locale); the first one is the demo teacher account.
TEACHERS: list[tuple[str, str, str]] = [
    ("teacher@example.com", "Ирина Соколова", "ru"),
    ("dmitry.volkov@example.com", "Дмитрий Волков", "ru"),
    ("elena.morozova@example.com", "Елена Морозова", "ru"),
    ("alexey.nikitin@example.com", "Алексей Никитин", "ru"),
    ("james.carter@example.com", "James Carter", "en"),
    ("sophie.martin@example.com", "Sophie Martin", "en"),
]

# (full name, locale); emails are made from the names: "mariia.ivanova@example.com".
STUDENT_NAMES: list[tuple[str, str]] = [
    ("Мария Иванова", "ru"), ("Алексей Смирнов", "ru"), ("Екатерина Кузнецова", "ru"),
    ("Дмитрий Попов", "ru"), ("Анна Васильева", "ru"), ("Сергей Петров", "ru"),
    ("Ольга Новикова", "ru"), ("Андрей Фёдоров", "ru"), ("Татьяна Павлова", "ru"),
    ("Николай Семёнов", "ru"), ("Юлия Голубева", "ru"), ("Иван Виноградов", "ru"),
    ("Наталья Богданова", "ru"), ("Павел Воробьёв", "ru"), ("Светлана Михайлова", "ru"),
    ("Артём Козлов", "ru"), ("Ксения Лебедева", "ru"), ("Михаил Егоров", "ru"),
    ("Дарья Соловьёва", "ru"), ("Роман Зайцев", "ru"), ("Виктория Орлова", "ru"),
    ("Егор Медведев", "ru"),
    ("Emily Johnson", "en"), ("Michael Brown", "en"), ("Olivia Davis", "en"),
    ("Daniel Wilson", "en"), ("Sophia Anderson", "en"), ("Matthew Taylor", "en"),
    ("Isabella Thomas", "en"), ("David Moore", "en"), ("Emma Jackson", "en"),
    ("Christopher White", "en"), ("Ava Harris", "en"), ("Joshua Clark", "en"),
    ("Mia Lewis", "en"), ("Andrew Walker", "en"), ("Charlotte Hall", "en"),
    ("Ryan Young", "en"), ("Grace King", "en"), ("Benjamin Wright", "en"),
]

# Accounts opened in the last three weeks that have not enrolled yet, as every
# marketplace has (and the admin's "new users" trend shows): (full name, locale, days ago).
NEWCOMER_NAMES: list[tuple[str, str, int]] = [
    ("Полина Морозова", "ru", 2), ("Кирилл Никитин", "ru", 5), ("Lucy Green", "en", 9),
    ("Тимур Алиев", "ru", 13), ("Henry Baker", "en", 17), ("Вера Крылова", "ru", 20),
]

# --- categories -----------------------------------------------------------------------

# (slug, name, description): one language per name.
CATEGORIES: list[tuple[str, str, str]] = [
    ("programming", "Программирование",
     "Python, веб-разработка, базы данных и инструменты разработчика."),
    ("data-science", "Data Science",
     "Analysis, statistics, visualisation and machine learning."),
    ("design", "Дизайн", "Интерфейсы, исследования пользователей и типографика."),
    ("marketing", "Маркетинг", "Контент, SEO, реклама и аналитика кампаний."),
    ("business", "Бизнес и менеджмент", "Проекты, продукты, финансы и запуск бизнеса."),
    ("languages", "Иностранные языки", "Английский для работы и русский для начинающих."),
    ("soft-skills", "Soft skills", "Speaking, time management and negotiation."),
]

# The categories' English names (category.name_en), shown in the English interface.
CATEGORY_NAMES_EN: dict[str, str] = {
    "programming": "Programming",
    "data-science": "Data Science",
    "design": "Design",
    "marketing": "Marketing",
    "business": "Business and management",
    "languages": "Foreign languages",
    "soft-skills": "Soft skills",
}

# --- course texts ---------------------------------------------------------------------


@dataclass(frozen=True)
class CourseSpec:
    slug: str
    title: str
    category: str
    language: str
    level: str
    price: int
    teacher: str
    summary: str
    about: str
    outcomes: list[str]
    # (module title, [text lesson titles]); the last module also gets the final quiz.
    modules: list[tuple[str, list[str]]]
    snippet: tuple[str, str]  # (fence language, code) shown in every lesson
    featured: bool = False
    published: bool = True
    starts_in_days: int = 0  # > 0: a cohort course with dates and scheduled sessions
    weeks: int = 0
    points_per_visit: int = 0

    @property
    def slug_hash(self) -> int:
        return zlib.crc32(self.slug.encode())


TEACHER = "teacher@example.com"
VOLKOV = "dmitry.volkov@example.com"
MOROZOVA = "elena.morozova@example.com"
NIKITIN = "alexey.nikitin@example.com"
CARTER = "james.carter@example.com"
MARTIN = "sophie.martin@example.com"

COURSES: list[CourseSpec] = [
    # --- programming ---
    CourseSpec(
        "python-s-nulya", "Python с нуля", "programming", "ru", "beginner", 0, TEACHER,
        "Первый язык программирования: переменные, условия, циклы, функции и файлы.",
        "Python — язык, с которого удобно начинать: код читается почти как текст, а "
        "результат виден сразу. За несколько недель вы пройдёте путь от первой строки "
        "`print()` до небольших программ, которые обрабатывают файлы и данные.",
        ["Писать программы с условиями, циклами и функциями",
         "Работать со строками, списками и словарями",
         "Читать и записывать файлы, обрабатывать ошибки",
         "Разбивать задачу на шаги и проверять решение"],
        [("Первые шаги", ["Установка Python и редактора", "Переменные и типы данных",
                          "Ввод и вывод"]),
         ("Управление потоком", ["Условия if/elif/else", "Циклы for и while",
                                 "Функции и аргументы"]),
         ("Коллекции и файлы", ["Списки и кортежи", "Словари и множества",
                                "Работа с файлами"])],
        ("python", 'name = input("Как вас зовут? ")\nprint(f"Привет, {name}!")\n\n'
                   "for number in range(1, 4):\n    print(number, number ** 2)"),
        featured=True,
    ),
    CourseSpec(
        "django-web", "Веб-разработка на Django", "programming", "ru", "intermediate",
        12900, TEACHER,
        "Полноценное веб-приложение на Django: модели, представления, формы и деплой.",
        "Django берёт на себя рутину веб-разработки: ORM, админку, формы, авторизацию. "
        "В курсе мы шаг за шагом соберём сервис бронирования с личным кабинетом, "
        "покроем его тестами и развернём на сервере.\n\n"
        "Занятия идут потоком: раз в неделю — живой вебинар с разбором домашних заданий.",
        ["Проектировать модели и писать миграции",
         "Строить представления, шаблоны и формы",
         "Настраивать авторизацию и права доступа",
         "Развёртывать приложение с PostgreSQL и gunicorn"],
        [("Основы Django", ["Проект и приложения", "Модели и миграции", "Админка"]),
         ("Представления и шаблоны", ["URL и представления", "Шаблоны и наследование",
                                      "Формы и валидация"]),
         ("Пользователи", ["Регистрация и вход", "Права и группы"]),
         ("В продакшен", ["Настройки и переменные окружения", "Деплой на сервер"])],
        ("python", "from django.db import models\n\n\nclass Booking(models.Model):\n"
                   "    guest = models.CharField(max_length=200)\n"
                   "    starts_at = models.DateTimeField()\n\n"
                   "    def __str__(self) -> str:\n"
                   "        return f\"{self.guest} {self.starts_at:%d.%m}\""),
        featured=True, starts_in_days=10, weeks=8, points_per_visit=10,
    ),
    CourseSpec(
        "fastapi-services", "Building APIs with FastAPI", "programming", "en", "intermediate",
        4990, CARTER,
        "Design, build and test a typed REST API with FastAPI, Pydantic and SQLAlchemy.",
        "FastAPI turns Python type hints into request validation, serialisation and "
        "interactive documentation. In this course you will build an inventory service "
        "from scratch, add authentication, and write the tests that keep it honest.",
        ["Model requests and responses with Pydantic",
         "Structure routers, dependencies and settings",
         "Persist data with SQLAlchemy and migrations",
         "Secure endpoints with OAuth2 and JWT"],
        [("Getting started", ["Your first endpoint", "Path and query parameters",
                              "Request bodies"]),
         ("Data and dependencies", ["Dependency injection", "Databases with SQLAlchemy",
                                    "Background tasks"]),
         ("Production concerns", ["Authentication", "Testing with TestClient"])],
        ("python", "from fastapi import FastAPI\n\napp = FastAPI()\n\n\n"
                   "@app.get(\"/items/{item_id}\")\ndef read_item(item_id: int) -> dict:\n"
                   "    return {\"id\": item_id}"),
    ),
    CourseSpec(
        "async-python", "Asynchronous Python in Practice", "programming", "en", "advanced",
        12900, CARTER,
        "asyncio from the event loop up: tasks, cancellation, back-pressure and testing.",
        "Async code is fast when it is right and baffling when it is not. We start from "
        "how the event loop schedules coroutines and work up to production patterns: "
        "timeouts, cancellation, bounded concurrency and structured task groups.",
        ["Explain how the event loop runs coroutines",
         "Use tasks, task groups and timeouts safely",
         "Limit concurrency with semaphores and queues",
         "Find blocking calls that freeze an async service"],
        [("The event loop", ["Coroutines and await", "Tasks and scheduling"]),
         ("Concurrency patterns", ["Task groups", "Timeouts and cancellation",
                                   "Queues and back-pressure"]),
         ("Async in production", ["Mixing sync and async code", "Testing async code"])],
        ("python", "import asyncio\n\n\nasync def fetch(n: int) -> int:\n"
                   "    await asyncio.sleep(0.1)\n    return n * 2\n\n\nasync def main() -> None:\n"
                   "    async with asyncio.TaskGroup() as group:\n"
                   "        tasks = [group.create_task(fetch(n)) for n in range(5)]\n"
                   "    print([task.result() for task in tasks])"),
    ),
    CourseSpec(
        "sql-postgres", "SQL и PostgreSQL для разработчиков", "programming", "ru",
        "intermediate", 4990, VOLKOV,
        "Запросы, индексы, транзакции и планы выполнения на PostgreSQL.",
        "База данных — сердце почти любого приложения. Мы научимся писать запросы, "
        "которые легко читать и быстро выполнять, разберёмся, как PostgreSQL выбирает "
        "план, и когда индекс помогает, а когда мешает.",
        ["Писать запросы с JOIN, группировкой и оконными функциями",
         "Проектировать схему и ограничения целостности",
         "Читать EXPLAIN ANALYZE и подбирать индексы",
         "Понимать транзакции и уровни изоляции"],
        [("Запросы", ["SELECT и фильтрация", "JOIN без боли", "Группировка и агрегаты"]),
         ("Схема данных", ["Типы и ограничения", "Нормализация"]),
         ("Производительность", ["Индексы B-tree и GIN", "EXPLAIN ANALYZE",
                                 "Транзакции и блокировки"])],
        ("sql", "SELECT c.title, count(e.id) AS learners\nFROM course AS c\n"
                "LEFT JOIN enrollment AS e ON e.course_id = c.id\nGROUP BY c.title\n"
                "ORDER BY learners DESC\nLIMIT 10;"),
        featured=True,
    ),
    CourseSpec(
        "git-basics", "Git и командная разработка", "programming", "ru", "beginner", 0,
        TEACHER,
        "Коммиты, ветки, слияния и pull request — всё, что нужно для работы в команде.",
        "Git пугает только первые пару дней. Разберёмся, что на самом деле хранится в "
        "репозитории, как не потерять изменения и как спокойно разрешать конфликты "
        "слияния.",
        ["Сохранять историю изменений осмысленными коммитами",
         "Работать с ветками и разрешать конфликты",
         "Проходить код-ревью через pull request"],
        [("Основы", ["Репозиторий и коммиты", "Просмотр истории"]),
         ("Ветки и команда", ["Ветки и слияние", "Конфликты", "Pull request и ревью"])],
        ("bash", "git switch -c feature/login\ngit add app/login.py\n"
                 'git commit -m "Добавить форму входа"\ngit push -u origin feature/login'),
    ),
    CourseSpec(
        "javascript-basics", "Modern JavaScript Fundamentals", "programming", "en", "beginner",
        2990, CARTER,
        "The JavaScript you need today: let/const, functions, arrays, promises and modules.",
        "JavaScript runs in every browser and on many servers. This course skips the "
        "historical baggage and teaches the modern language directly, with small "
        "exercises you can run in the browser console.",
        ["Use modern syntax: let/const, arrow functions, destructuring",
         "Transform data with map, filter and reduce",
         "Handle asynchronous code with promises and async/await"],
        [("The language", ["Values and variables", "Functions", "Objects and arrays"]),
         ("Working with data", ["Array methods", "Modules"]),
         ("Asynchronous JavaScript", ["Promises", "async and await"])],
        ("javascript", "const prices = [2990, 4990, 12900];\n"
                       "const total = prices.reduce((sum, price) => sum + price, 0);\n"
                       "console.log(`Total: ${total} RUB`);"),
    ),
    CourseSpec(
        "testing-pytest", "Тестирование на pytest", "programming", "ru", "intermediate", 2990,
        VOLKOV,
        "Фикстуры, параметризация, моки и тесты, которые не ломаются от каждого рефакторинга.",
        "Хорошие тесты ускоряют разработку, плохие — тормозят. Научимся писать тесты на "
        "pytest, которые проверяют поведение, а не реализацию.",
        ["Писать понятные тесты с фикстурами",
         "Параметризовать тесты и проверять граничные случаи",
         "Изолировать внешние зависимости"],
        [("Основы pytest", ["Первый тест", "Фикстуры"]),
         ("Продвинутые приёмы", ["Параметризация", "Моки и заглушки", "Покрытие кода"])],
        ("python", "import pytest\n\n\n@pytest.mark.parametrize(\"a, b, total\", "
                   "[(1, 2, 3), (0, 0, 0)])\ndef test_sum(a, b, total):\n"
                   "    assert a + b == total"),
        published=False,
    ),
    # --- data science ---
    CourseSpec(
        "pandas-analysis", "Анализ данных на pandas", "data-science", "ru", "beginner", 4990,
        VOLKOV,
        "Загрузка, очистка, группировка и визуализация табличных данных.",
        "pandas — основной инструмент аналитика на Python. На реальных открытых наборах "
        "данных мы научимся быстро отвечать на вопросы бизнеса: сколько, когда, у кого "
        "и почему.",
        ["Загружать данные из CSV, Excel и баз данных",
         "Чистить пропуски и дубликаты",
         "Группировать, объединять и сводить таблицы",
         "Строить графики для отчёта"],
        [("Знакомство с pandas", ["Series и DataFrame", "Чтение файлов", "Индексация"]),
         ("Подготовка данных", ["Пропуски и дубликаты", "Типы и даты"]),
         ("Анализ", ["groupby и агрегаты", "merge и сводные таблицы", "Графики"])],
        ("python", "import pandas as pd\n\norders = pd.read_csv(\"orders.csv\", "
                   "parse_dates=[\"paid_at\"])\nmonthly = orders.groupby(orders.paid_at.dt.month)"
                   "[\"total\"].sum()\nprint(monthly.head())"),
        featured=True,
    ),
    CourseSpec(
        "ml-intro", "Machine Learning Foundations", "data-science", "en", "intermediate",
        12900, CARTER,
        "Regression, classification and model evaluation with scikit-learn.",
        "Machine learning is less magic than careful engineering. You will learn how "
        "the classic algorithms work, how to prepare features, and above all how to "
        "tell a model that generalises from one that memorises.\n\n"
        "Live cohort sessions every week review the homework and real projects.",
        ["Frame a business question as a learning problem",
         "Train and tune models with scikit-learn",
         "Evaluate models with cross-validation and the right metric",
         "Avoid leakage and overfitting"],
        [("Foundations", ["What learning means", "Linear regression"]),
         ("Classification", ["Logistic regression", "Trees and forests",
                             "Metrics for classifiers"]),
         ("Model quality", ["Cross-validation", "Feature engineering"])],
        ("python", "from sklearn.ensemble import RandomForestClassifier\n"
                   "from sklearn.model_selection import cross_val_score\n\n"
                   "model = RandomForestClassifier(n_estimators=200, random_state=0)\n"
                   "print(cross_val_score(model, X, y, cv=5).mean())"),
        featured=True, starts_in_days=14, weeks=10, points_per_visit=5,
    ),
    CourseSpec(
        "statistics-for-analysts", "Статистика для аналитиков", "data-science", "ru",
        "beginner", 2990, VOLKOV,
        "Описательная статистика, доверительные интервалы и проверка гипотез без страха.",
        "Статистика нужна, чтобы не обманываться цифрами. Разберём на понятных примерах, "
        "что такое распределение, почему среднее иногда врёт и как честно сравнить "
        "две группы пользователей.",
        ["Считать и интерпретировать описательные статистики",
         "Строить доверительные интервалы",
         "Проверять гипотезы и понимать p-value"],
        [("Описательная статистика", ["Среднее, медиана, мода", "Разброс и выбросы"]),
         ("Выводы по выборке", ["Распределения", "Доверительные интервалы",
                                "Проверка гипотез"])],
        ("python", "from statistics import mean, median\n\nchecks = [990, 1200, 1350, 980, 15400]\n"
                   "print(mean(checks), median(checks))"),
    ),
    CourseSpec(
        "data-visualization", "Data Visualization with Matplotlib and Plotly", "data-science",
        "en", "beginner", 0, CARTER,
        "Charts that explain: choosing the right chart and building it in Python.",
        "A good chart answers one question at a glance. We cover the grammar of charts, "
        "colour and labelling, and build static and interactive visuals in Python.",
        ["Choose a chart type for the question at hand",
         "Build clean charts with Matplotlib",
         "Make interactive dashboards with Plotly"],
        [("Principles", ["Choosing a chart", "Colour and labels"]),
         ("Tools", ["Matplotlib basics", "Interactive charts with Plotly"])],
        ("python", "import matplotlib.pyplot as plt\n\nplt.bar([\"Mon\", \"Tue\", \"Wed\"], "
                   "[12, 18, 9])\nplt.title(\"Lessons completed\")\nplt.savefig(\"lessons.png\")"),
    ),
    CourseSpec(
        "deep-learning-pytorch", "Deep Learning with PyTorch", "data-science", "en",
        "advanced", 12900, CARTER,
        "Neural networks from tensors to training loops, CNNs and transfer learning.",
        "We build neural networks with PyTorch from first principles, then use "
        "pretrained models to solve image and text tasks with little data.",
        ["Work with tensors and autograd", "Write training loops",
         "Fine-tune pretrained networks"],
        [("Tensors", ["Tensors and autograd", "Your first network"]),
         ("Training", ["Training loops", "Convolutional networks", "Transfer learning"])],
        ("python", "import torch\n\nx = torch.randn(64, 10)\nlayer = torch.nn.Linear(10, 1)\n"
                   "loss = layer(x).pow(2).mean()\nloss.backward()"),
        published=False,
    ),
    # --- design ---
    CourseSpec(
        "figma-ui", "UI-дизайн в Figma", "design", "ru", "beginner", 4990, MOROZOVA,
        "Интерфейсы мобильных и веб-приложений в Figma: сетки, компоненты, прототипы.",
        "Figma стала стандартом для дизайна интерфейсов. Мы пройдём путь от пустого "
        "холста до кликабельного прототипа приложения и подготовим макеты к передаче "
        "в разработку.",
        ["Строить макеты на модульной сетке",
         "Создавать компоненты и варианты",
         "Собирать интерактивные прототипы",
         "Передавать макеты разработчикам"],
        [("Интерфейс Figma", ["Фреймы и слои", "Auto Layout"]),
         ("Компоненты", ["Компоненты и варианты", "Стили цвета и текста"]),
         ("Прототип", ["Переходы и анимации", "Передача в разработку"])],
        ("text", "Сетка: 12 колонок, поле 24 px, отступ 16 px\n"
                 "Кнопка: высота 40 px, радиус 8 px, отступы 16 px по горизонтали"),
        featured=True, starts_in_days=7, weeks=6, points_per_visit=10,
    ),
    CourseSpec(
        "ux-research", "UX Research Essentials", "design", "en", "intermediate", 4990, MARTIN,
        "Interviews, usability tests and turning findings into product decisions.",
        "Research saves teams from building the wrong thing. You will plan and run "
        "interviews and usability tests, synthesise what you learn, and present it in a "
        "way that changes the roadmap.",
        ["Write a research plan with clear questions",
         "Run interviews and usability tests",
         "Synthesise findings into insights and personas"],
        [("Planning", ["Research questions", "Recruiting participants"]),
         ("Doing research", ["User interviews", "Usability testing", "Surveys"]),
         ("Making sense", ["Affinity mapping", "Personas and journeys"])],
        ("text", "Task: \"Find a beginner Python course under 5,000 RUB\"\n"
                 "Success: added to cart in under 2 minutes\nObserve: filters used, hesitations"),
    ),
    CourseSpec(
        "typography", "Типографика и вёрстка", "design", "ru", "beginner", 0, MOROZOVA,
        "Шрифты, иерархия текста и вёрстка, которую приятно читать.",
        "Большая часть интерфейса — это текст. Разберём, как выбирать шрифты, строить "
        "иерархию заголовков и настраивать интерлиньяж, чтобы текст читался легко.",
        ["Подбирать шрифтовые пары", "Строить типографскую шкалу",
         "Настраивать длину строки и интерлиньяж"],
        [("Шрифт", ["Анатомия шрифта", "Шрифтовые пары"]),
         ("Текст на экране", ["Типографская шкала", "Длина строки и интерлиньяж"])],
        ("css", "body {\n  font: 16px/1.5 \"Inter\", sans-serif;\n  max-width: 68ch;\n}\n"
                "h1 { font-size: 2.5rem; line-height: 1.2; }"),
    ),
    CourseSpec(
        "design-systems", "Design Systems for Product Teams", "design", "en", "advanced",
        12900, MARTIN,
        "Tokens, components and governance: a design system that teams actually use.",
        "A design system is a product with its own users. We cover design tokens, "
        "component APIs, documentation and the processes that keep design and code in "
        "sync as the product grows.",
        ["Define design tokens for colour, type and spacing",
         "Design component APIs with variants and states",
         "Set up contribution and versioning processes"],
        [("Foundations", ["Design tokens", "Colour and type systems"]),
         ("Components", ["Component anatomy", "States and variants", "Documentation"]),
         ("Governance", ["Contribution model", "Versioning and releases"])],
        ("json", "{\n  \"color\": {\"primary\": {\"value\": \"#1e3a8a\"}},\n"
                 "  \"space\": {\"md\": {\"value\": \"16px\"}}\n}"),
    ),
    # --- marketing ---
    CourseSpec(
        "smm-strategy", "SMM: стратегия и контент", "marketing", "ru", "beginner", 2990,
        MOROZOVA,
        "Контент-план, форматы публикаций и метрики для соцсетей бренда.",
        "Соцсети — это не только красивые посты. Научимся ставить цели, выбирать "
        "площадки, планировать контент и понимать по цифрам, что работает.",
        ["Ставить цели и выбирать площадки",
         "Составлять контент-план на месяц",
         "Анализировать охваты и вовлечённость"],
        [("Стратегия", ["Цели и аудитория", "Выбор площадок"]),
         ("Контент", ["Контент-план", "Форматы и рубрики", "Работа с комментариями"])],
        ("text", "Пн — полезный совет\nСр — история студента\nПт — разбор задачи\n"
                 "Вс — анонс вебинара"),
    ),
    CourseSpec(
        "seo-basics", "SEO для начинающих", "marketing", "ru", "beginner", 0, MOROZOVA,
        "Как поисковики ранжируют сайты и что сделать, чтобы вас находили.",
        "Разберёмся, как устроен поиск, подберём семантическое ядро, оптимизируем "
        "страницы и настроим аналитику, чтобы видеть эффект от изменений.",
        ["Собирать семантическое ядро", "Оптимизировать заголовки и тексты страниц",
         "Отслеживать позиции и трафик"],
        [("Как работает поиск", ["Индексация и ранжирование", "Семантическое ядро"]),
         ("Оптимизация", ["Title и description", "Структура сайта", "Аналитика"])],
        ("html", "<title>Курс Python с нуля — онлайн-обучение</title>\n"
                 "<meta name=\"description\" content=\"Научитесь программировать на Python "
                 "за 6 недель\">"),
    ),
    CourseSpec(
        "performance-marketing", "Performance Marketing and Analytics", "marketing", "en",
        "intermediate", 4990, MARTIN,
        "Paid acquisition that pays back: channels, attribution, CAC and LTV.",
        "Performance marketing is about spending money where it returns more. You will "
        "set up tracking, run campaigns across channels, and read the numbers that "
        "decide whether to scale or stop.",
        ["Set up UTM tracking and conversion goals",
         "Compare channels by CAC and payback",
         "Run and read A/B tests on ads and landing pages",
         "Build a weekly marketing dashboard"],
        [("Tracking", ["UTM links", "Conversion goals"]),
         ("Channels", ["Search ads", "Social ads", "Retargeting"]),
         ("Economics", ["CAC, LTV and payback", "A/B testing"])],
        ("text", "https://example.com/course/ml-intro?utm_source=newsletter"
                 "&utm_medium=email&utm_campaign=spring_launch"),
        featured=True,
    ),
    CourseSpec(
        "email-marketing", "Email Marketing That Converts", "marketing", "en", "beginner",
        2990, MARTIN,
        "Newsletters and automated sequences people are glad to receive.",
        "Email still has the best return of any channel when it is done with respect. "
        "We cover list building, writing, automation and deliverability.",
        ["Grow a list with honest opt-in forms", "Write subject lines that get opened",
         "Build welcome and re-engagement sequences"],
        [("Your list", ["Opt-in forms", "Segmentation"]),
         ("Writing and automation", ["Subject lines", "Welcome sequences", "Deliverability"])],
        ("text", "Subject: Your first lesson is ready\n\nHi {first_name},\n"
                 "the first lesson of Python from Scratch takes 15 minutes. Start now?"),
    ),
    # --- business ---
    CourseSpec(
        "project-management", "Управление проектами: Agile и Scrum", "business", "ru",
        "intermediate", 4990, NIKITIN,
        "Планирование, спринты, роли и ритуалы Scrum на примерах реальных команд.",
        "Проекты срываются не из-за плохих людей, а из-за плохих процессов. Разберём "
        "классическое и гибкое управление проектами, попробуем Scrum на учебном проекте "
        "и научимся говорить с заказчиком о сроках честно.\n\n"
        "Поток с еженедельными встречами: разбираем ваши рабочие кейсы.",
        ["Планировать проект и оценивать сроки",
         "Проводить спринты и ретроспективы",
         "Управлять рисками и ожиданиями заказчика"],
        [("Основы", ["Проект и его ограничения", "Водопад и Agile"]),
         ("Scrum", ["Роли и артефакты", "Планирование спринта", "Ретроспектива"]),
         ("Команда и заказчик", ["Оценка задач", "Управление рисками"])],
        ("text", "Как <роль>, я хочу <действие>, чтобы <ценность>.\n"
                 "Критерии приёмки:\n- ...\n- ..."),
        featured=True, starts_in_days=5, weeks=6, points_per_visit=10,
    ),
    CourseSpec(
        "product-management", "Product Management 101", "business", "en", "beginner", 4990,
        MARTIN,
        "Discovery, prioritisation and roadmaps for new product managers.",
        "Product managers decide what to build next and why. This course gives you the "
        "core toolkit: discovery, prioritisation frameworks, roadmaps and metrics.",
        ["Run lightweight product discovery", "Prioritise with RICE and impact mapping",
         "Define success metrics for a feature"],
        [("The role", ["What a PM does", "Working with engineers and designers"]),
         ("Decisions", ["Discovery", "Prioritisation", "Roadmaps and metrics"])],
        ("text", "RICE = Reach × Impact × Confidence / Effort\n"
                 "Example: 2000 × 2 × 0.8 / 4 = 800"),
    ),
    CourseSpec(
        "finance-for-managers", "Финансы для нефинансовых менеджеров", "business", "ru",
        "intermediate", 2990, NIKITIN,
        "Отчёт о прибылях, денежный поток и юнит-экономика простым языком.",
        "Менеджеру не нужно быть бухгалтером, но нужно понимать, откуда берутся деньги и "
        "куда они уходят. Научимся читать основные отчёты и считать экономику решений.",
        ["Читать отчёт о прибылях и убытках", "Понимать денежный поток",
         "Считать юнит-экономику и точку безубыточности"],
        [("Отчётность", ["Выручка, затраты, прибыль", "Денежный поток"]),
         ("Решения", ["Юнит-экономика", "Точка безубыточности", "Бюджетирование"])],
        ("text", "Выручка        500 000 ₽\nЗатраты        350 000 ₽\n"
                 "Прибыль        150 000 ₽\nРентабельность   30 %"),
    ),
    CourseSpec(
        "startup-launch", "Launching a Startup: From Idea to First Customers", "business",
        "en", "beginner", 0, MARTIN,
        "Validate an idea, build an MVP and win your first ten customers.",
        "Most startups fail for lack of customers, not technology. We go from idea to "
        "validated demand with interviews, landing pages and a minimal product.",
        ["Validate a problem with interviews", "Build a landing page test",
         "Plan an MVP"],
        [("Idea", ["Problem interviews", "Landing page tests"]),
         ("First customers", ["MVP scope", "Your first ten customers"])],
        ("text", "Problem: ...\nCustomer: ...\nCurrent solution: ...\nWhy now: ..."),
        published=False,
    ),
    # --- languages ---
    CourseSpec(
        "english-b1", "Английский для IT: уровень B1", "languages", "ru", "intermediate",
        4990, NIKITIN,
        "Лексика и грамматика для работы в международной IT-команде.",
        "Курс для тех, кто читает документацию, но стесняется говорить. Будем тренировать "
        "рабочие ситуации: стендап, код-ревью, переписку в мессенджере и собеседование.\n\n"
        "Раз в неделю — разговорный клуб с преподавателем.",
        ["Уверенно участвовать в стендапах и созвонах",
         "Писать понятные сообщения и комментарии к коду",
         "Рассказывать о своём опыте на собеседовании"],
        [("Рабочий день", ["Стендап", "Переписка в мессенджере"]),
         ("Код и команда", ["Код-ревью", "Обсуждение задач"]),
         ("Карьера", ["Резюме на английском", "Собеседование"])],
        ("text", "Yesterday I fixed the login bug.\nToday I'm working on the payment page.\n"
                 "No blockers so far."),
        starts_in_days=3, weeks=8, points_per_visit=5,
    ),
    CourseSpec(
        "business-english", "Business English: Meetings and Emails", "languages", "en",
        "intermediate", 2990, MARTIN,
        "Run meetings, write clear emails and negotiate politely in English.",
        "Business English is a set of patterns. We practise the phrases and structures "
        "that make meetings productive and emails clear, with plenty of role-play.",
        ["Open, run and close a meeting", "Write clear, polite emails",
         "Disagree and negotiate diplomatically"],
        [("Meetings", ["Opening a meeting", "Giving opinions", "Summarising"]),
         ("Emails", ["Structure of an email", "Polite requests", "Follow-ups"])],
        ("text", "Dear Ms Carter,\n\nThank you for your email. Could we move the call "
                 "to Thursday?\n\nKind regards,\nAnna"),
    ),
    CourseSpec(
        "russian-for-beginners", "Russian for Beginners", "languages", "en", "beginner", 0,
        NIKITIN,
        "The Cyrillic alphabet, everyday phrases and your first conversations in Russian.",
        "Russian looks harder than it is. In a few weeks you will read Cyrillic, introduce "
        "yourself, order in a café and ask for directions.",
        ["Read and write the Cyrillic alphabet", "Introduce yourself and make small talk",
         "Handle everyday situations"],
        [("Alphabet", ["Letters that look familiar", "Letters that are new"]),
         ("First conversations", ["Greetings", "In a café", "Asking the way"])],
        ("text", "Привет! — Hi!\nМеня зовут Анна. — My name is Anna.\n"
                 "Очень приятно. — Nice to meet you."),
    ),
    # --- soft skills ---
    CourseSpec(
        "public-speaking", "Публичные выступления", "soft-skills", "ru", "beginner", 2990,
        NIKITIN,
        "Структура выступления, работа с волнением и ответы на вопросы зала.",
        "Выступать может научиться каждый. Разберём, как построить рассказ, как "
        "подготовить слайды, которые помогают, а не мешают, и что делать с дрожью в "
        "голосе.",
        ["Строить выступление по понятной структуре", "Справляться с волнением",
         "Отвечать на неудобные вопросы"],
        [("Подготовка", ["Цель и структура", "Слайды"]),
         ("На сцене", ["Голос и жесты", "Волнение", "Вопросы из зала"])],
        ("text", "1. Зацепка — история или вопрос\n2. Проблема\n3. Решение\n"
                 "4. Доказательства\n5. Призыв к действию"),
    ),
    CourseSpec(
        "time-management", "Time Management for Busy People", "soft-skills", "en", "beginner",
        0, MARTIN,
        "Plan the week, protect focus time and stop drowning in small tasks.",
        "Time management is attention management. We try practical techniques — weekly "
        "planning, the Eisenhower matrix, time blocking and Pomodoro — and keep what "
        "works for you.",
        ["Plan a realistic week", "Prioritise with the Eisenhower matrix",
         "Protect time for deep work"],
        [("Planning", ["Weekly review", "Eisenhower matrix"]),
         ("Focus", ["Time blocking", "Pomodoro", "Saying no"])],
        ("text", "09:00–11:00  Deep work (no chat)\n11:00–11:30  Email\n"
                 "14:00–15:30  Meetings\n16:00–17:00  Learning"),
    ),
    CourseSpec(
        "negotiations", "Переговоры и аргументация", "soft-skills", "ru", "intermediate",
        4990, NIKITIN,
        "Подготовка к переговорам, интересы сторон и работа с возражениями.",
        "Переговоры — это не борьба, а совместный поиск решения. Научимся готовиться, "
        "выяснять интересы сторон, аргументировать и договариваться без потерь для "
        "отношений.",
        ["Готовиться к переговорам и определять BATNA",
         "Выяснять интересы за позициями", "Работать с возражениями"],
        [("Подготовка", ["Цели и BATNA", "Интересы и позиции"]),
         ("Переговоры", ["Аргументация", "Возражения", "Завершение сделки"])],
        ("text", "Наша цель: ...\nНаша BATNA: ...\nИнтересы другой стороны: ...\n"
                 "Уступки, которые мы готовы сделать: ..."),
    ),
]

# fmt: on

# --- quiz questions -------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionSpec:
    kind: QuestionKind
    text: str
    options: list[tuple[str, bool]] = field(default_factory=list)
    correct_text: str | None = None
    correct_number: float | None = None
    tolerance: float | None = None


def _single(text: str, options: list[str], correct: int) -> QuestionSpec:
    return QuestionSpec(
        QuestionKind.SINGLE, text, [(o, i == correct) for i, o in enumerate(options)]
    )


def _multiple(text: str, options: list[str], correct: set[int]) -> QuestionSpec:
    return QuestionSpec(
        QuestionKind.MULTIPLE, text, [(o, i in correct) for i, o in enumerate(options)]
    )


def _text(text: str, answer: str) -> QuestionSpec:
    return QuestionSpec(QuestionKind.TEXT, text, correct_text=answer)


def _number(text: str, answer: float, tolerance: float = 0.0) -> QuestionSpec:
    return QuestionSpec(QuestionKind.NUMBER, text, correct_number=answer, tolerance=tolerance)


# (category slug, language) -> questions; a course's final quiz takes 4 or 5 of them.
# fmt: off
QUIZ_BANKS: dict[tuple[str, str], list[QuestionSpec]] = {
    ("programming", "ru"): [
        _single("Какой код ответа HTTP означает «ресурс не найден»?",
                ["200", "301", "404", "500"], 2),
        _multiple("Какие из типов Python неизменяемые?",
                  ["tuple", "list", "str", "dict", "frozenset"], {0, 2, 4}),
        _text("Одно слово: какая команда Git отправляет коммиты в удалённый репозиторий "
              "(git …)?", "push"),
        _number("Чему равно значение выражения 7 // 2 в Python?", 3),
        _single("Какая структура данных работает по принципу LIFO?",
                ["Стек", "Очередь", "Словарь", "Множество"], 0),
    ],
    ("programming", "en"): [
        _single("Which HTTP status code means “Not Found”?", ["200", "301", "404", "500"], 2),
        _multiple("Which of these Python types are immutable?",
                  ["tuple", "list", "str", "dict", "frozenset"], {0, 2, 4}),
        _text("One word: which git command uploads local commits to a remote (git …)?",
              "push"),
        _number("What is the value of 7 // 2 in Python?", 3),
        _single("Which data structure is last in, first out?",
                ["Stack", "Queue", "Hash map", "Set"], 0),
    ],
    ("data-science", "ru"): [
        _single("Какая мера центральной тенденции устойчива к выбросам?",
                ["Среднее", "Медиана", "Дисперсия", "Размах"], 1),
        _multiple("Какие методы относятся к обучению с учителем?",
                  ["Линейная регрессия", "k-means", "Случайный лес",
                   "Логистическая регрессия", "PCA"], {0, 2, 3}),
        _text("Как называется библиотека Python для работы с таблицами (DataFrame)?",
              "pandas"),
        _number("Выборка: 2, 4, 6, 8. Чему равно среднее?", 5),
        _single("Что показывает матрица ошибок?",
                ["Сравнение предсказанных и истинных классов", "Корреляцию признаков",
                 "Скорость обучения", "Долю пропусков"], 0),
    ],
    ("data-science", "en"): [
        _single("Which measure of central tendency is robust to outliers?",
                ["Mean", "Median", "Variance", "Range"], 1),
        _multiple("Which of these are supervised learning methods?",
                  ["Linear regression", "k-means", "Random forest",
                   "Logistic regression", "PCA"], {0, 2, 3}),
        _text("Which Python library provides the DataFrame?", "pandas"),
        _number("Sample: 2, 4, 6, 8. What is the mean?", 5),
        _single("What does a confusion matrix show?",
                ["Predicted versus actual classes", "Feature correlations",
                 "The learning rate", "The share of missing values"], 0),
    ],
    ("design", "ru"): [
        _single("Какой минимальный контраст обычного текста требует WCAG AA?",
                ["2:1", "3:1", "4.5:1", "7:1"], 2),
        _multiple("Какие из принципов относятся к гештальт-принципам?",
                  ["Близость", "Сходство", "Непрерывность", "Инфляция", "Амортизация"],
                  {0, 1, 2}),
        _text("Одно слово: как называется расстояние между строками текста?", "интерлиньяж"),
        _number("Шаг сетки 8 px. Сколько пикселей в отступе из трёх шагов?", 24),
        _single("Что такое персона в UX?",
                ["Обобщённый портрет типичного пользователя", "Логотип продукта",
                 "Шрифтовая пара", "Цветовая палитра"], 0),
    ],
    ("design", "en"): [
        _single("What minimum contrast does WCAG AA require for body text?",
                ["2:1", "3:1", "4.5:1", "7:1"], 2),
        _multiple("Which of these are Gestalt principles?",
                  ["Proximity", "Similarity", "Continuity", "Inflation", "Amortisation"],
                  {0, 1, 2}),
        _text("One word: what is the space between lines of text called?", "leading"),
        _number("The grid step is 8 px. How many pixels is a three-step gap?", 24),
        _single("What is a persona in UX?",
                ["A portrait of a typical user", "The product logo", "A font pairing",
                 "A colour palette"], 0),
    ],
    ("marketing", "ru"): [
        _single("Что измеряет CTR?",
                ["Долю кликов от показов", "Стоимость привлечения клиента", "Средний чек",
                 "Отток клиентов"], 0),
        _multiple("Какие параметры входят в стандартную UTM-разметку?",
                  ["utm_source", "utm_medium", "utm_campaign", "utm_price", "utm_color"],
                  {0, 1, 2}),
        _text("Аббревиатура: как называется стоимость привлечения клиента (латиницей)?",
              "CAC"),
        _number("2000 показов, 50 кликов. Чему равен CTR в процентах?", 2.5, 0.01),
        _single("Что такое A/B-тест?",
                ["Сравнение двух вариантов на случайных группах", "Опрос клиентов",
                 "Рассылка по базе", "Аудит сайта"], 0),
    ],
    ("marketing", "en"): [
        _single("What does CTR measure?",
                ["Clicks as a share of impressions", "Cost to acquire a customer",
                 "Average order value", "Churn"], 0),
        _multiple("Which parameters belong to standard UTM tagging?",
                  ["utm_source", "utm_medium", "utm_campaign", "utm_price", "utm_color"],
                  {0, 1, 2}),
        _text("Acronym: what is the cost of acquiring one customer called?", "CAC"),
        _number("2,000 impressions, 50 clicks. What is the CTR in percent?", 2.5, 0.01),
        _single("What is an A/B test?",
                ["Comparing two variants on random groups", "A customer survey",
                 "A newsletter", "A site audit"], 0),
    ],
    ("business", "ru"): [
        _single("Какой длины спринт в Scrum встречается чаще всего?",
                ["1 день", "2 недели", "3 месяца", "1 год"], 1),
        _multiple("Какие артефакты есть в Scrum?",
                  ["Product Backlog", "Sprint Backlog", "Increment", "Диаграмма Ганта",
                   "Устав проекта"], {0, 1, 2}),
        _text("Одно слово: точка … — объём продаж, при котором выручка равна затратам.",
              "безубыточности"),
        _number("Выручка 500 тыс. ₽, затраты 350 тыс. ₽. Прибыль в тысячах рублей?", 150),
        _single("Что означает буква M в SMART?",
                ["Измеримая", "Мотивирующая", "Массовая", "Минимальная"], 0),
    ],
    ("business", "en"): [
        _single("What is the most common Scrum sprint length?",
                ["1 day", "2 weeks", "3 months", "1 year"], 1),
        _multiple("Which of these are Scrum artefacts?",
                  ["Product Backlog", "Sprint Backlog", "Increment", "Gantt chart",
                   "Project charter"], {0, 1, 2}),
        _text("One word: the break-… point is where revenue equals costs.", "even"),
        _number("Revenue 500k, costs 350k. What is the profit in thousands?", 150),
        _single("What does the M in SMART stand for?",
                ["Measurable", "Motivating", "Massive", "Minimal"], 0),
    ],
    ("languages", "ru"): [
        _single("Выберите правильный вариант: She ___ to work every day.",
                ["go", "goes", "going", "gone"], 1),
        _multiple("Какие из глаголов неправильные?", ["go", "write", "play", "take", "work"],
                  {0, 1, 3}),
        _text("Переведите на английский одним словом: «встреча».", "meeting"),
        _number("Сколько видо-временных форм в английском (4 аспекта × 3 времени)?", 12),
        _single("Как начать деловое письмо незнакомому адресату?",
                ["Dear Sir or Madam,", "Hey!", "Yo,", "What's up,"], 0),
    ],
    ("languages", "en"): [
        _single("Choose the correct form: She ___ to work every day.",
                ["go", "goes", "going", "gone"], 1),
        _multiple("Which of these verbs are irregular?",
                  ["go", "write", "play", "take", "work"], {0, 1, 3}),
        _text("One word: “Dear Sir or ___,” opens a letter to an unknown reader.", "Madam"),
        _number("How many letters are there in the Russian alphabet?", 33),
        _single("Which closing suits a formal email?",
                ["Kind regards", "Cheers mate", "Later", "XOXO"], 0),
    ],
    ("soft-skills", "ru"): [
        _single("Какой инструмент делит задачи по срочности и важности?",
                ["Матрица Эйзенхауэра", "Диаграмма Венна", "Модель Кано", "Канбан-доска"], 0),
        _multiple("Что помогает справиться с волнением перед выступлением?",
                  ["Репетиция вслух", "Дыхательные упражнения", "Знакомство с залом заранее",
                   "Отказ от подготовки", "Чтение слайдов дословно"], {0, 1, 2}),
        _text("Аббревиатура латиницей: лучшая альтернатива обсуждаемому соглашению.",
              "BATNA"),
        _number("Сколько минут длится один «помидор» в классической технике Pomodoro?", 25),
        _single("Что такое активное слушание?",
                ["Слушание с уточняющими вопросами и перефразированием",
                 "Громкое обсуждение", "Конспектирование без вопросов", "Перебивание"], 0),
    ],
    ("soft-skills", "en"): [
        _single("Which tool sorts tasks by urgency and importance?",
                ["Eisenhower matrix", "Venn diagram", "Kano model", "Kanban board"], 0),
        _multiple("What helps with stage fright?",
                  ["Rehearsing aloud", "Breathing exercises", "Visiting the room beforehand",
                   "Skipping preparation", "Reading slides word for word"], {0, 1, 2}),
        _text("Acronym: the best alternative to a negotiated agreement.", "BATNA"),
        _number("How many minutes is one classic Pomodoro?", 25),
        _single("What is active listening?",
                ["Listening with clarifying questions and paraphrasing", "Talking loudly",
                 "Taking notes without asking", "Interrupting"], 0),
    ],
}

# --- reviews and fixed phrases --------------------------------------------------------

_RU_GOOD = [
    "Отличный курс: всё по делу, много практики. Рекомендую коллегам.",
    "Материал подан понятно, задания интересные. Уже применяю на работе.",
    "Преподаватель отвечает быстро и по существу. Спасибо!",
    "Давно хотела разобраться в теме — наконец получилось.",
]
_EN_GOOD = [
    "Excellent course: practical, well paced and to the point.",
    "Clear explanations and useful exercises. I already use this at work.",
    "The instructor answered every question quickly. Thank you!",
    "I had tried to learn this before; this time it finally clicked.",
]
REVIEW_TEXTS: dict[str, dict[int, list[str]]] = {
    "ru": {
        5: _RU_GOOD,
        4: [*_RU_GOOD[:2], "Хороший курс, но хотелось бы больше примеров из практики."],
        3: ["Нормально, но часть тем прошли слишком быстро.",
            "Полезно, хотя многое уже знал."],
        2: ["Ожидал большего: мало практики и устаревшие примеры."],
        1: ["Не подошёл формат: сплошная теория."],
    },
    "en": {
        5: _EN_GOOD,
        4: [*_EN_GOOD[:2], "Good course, though I would like more real-world examples."],
        3: ["Decent, but some topics were rushed.", "Useful, although I knew much of it."],
        2: ["I expected more practice; some examples feel dated."],
        1: ["Not for me: too much theory."],
    },
}

TEXTS: dict[str, dict[str, str]] = {
    "ru": {
        "learn": "Чему вы научитесь",
        "audience": "Для кого этот курс",
        "format": "Как проходит обучение",
        "format_text": "Курс состоит из {modules} и {lessons}. В каждом "
        "уроке — разбор с примерами и практическое задание, в конце — "
        "итоговый тест. После успешного прохождения вы получите сертификат.",
        "level_beginner": "Для начинающих: предварительных знаний не нужно, достаточно "
        "желания заниматься по 2–3 часа в неделю.",
        "level_intermediate": "Для тех, кто уже знаком с основами и хочет перейти к "
        "практике уровня рабочих задач.",
        "level_advanced": "Для опытных специалистов, которым нужны глубина и приёмы, "
        "проверенные в продакшене.",
        "lesson_intro": "Урок модуля «{module}» курса «{course}». Разбираем тему на "
        "коротком примере и сразу закрепляем практикой.",
        "key_ideas": "Ключевые идеи",
        "example": "Пример",
        "practice": "Практика",
        "practice_text": "Повторите пример на своих данных и запишите, что получилось. "
        "Вопросы задавайте преподавателю в обсуждении урока.",
        "final_quiz": "Итоговый тест",
        "quiz_intro": "Итоговый тест по курсу. Для зачёта нужно набрать не меньше 70 %.",
        "session_title": "Вебинар {number}: разбор домашних заданий",
        "session_location": "Онлайн",
    },
    "en": {
        "learn": "What you will learn",
        "audience": "Who this course is for",
        "format": "How the course works",
        "format_text": "The course has {modules} and {lessons}. Every "
        "lesson has a worked example and an exercise; a final "
        "quiz closes the course and earns you a certificate.",
        "level_beginner": "Beginners: no prior knowledge needed, just 2–3 hours a week.",
        "level_intermediate": "Learners who know the basics and want to practise on "
        "real-world tasks.",
        "level_advanced": "Experienced practitioners who want depth and production-tested "
        "techniques.",
        "lesson_intro": "A lesson of the “{module}” module of {course}. We take one short "
        "example apart and practise straight away.",
        "key_ideas": "Key ideas",
        "example": "Example",
        "practice": "Practice",
        "practice_text": "Repeat the example on your own data and write down what you "
        "observed. Ask the instructor in the lesson discussion.",
        "final_quiz": "Final quiz",
        "quiz_intro": "The final quiz of the course. You need at least 70% to pass.",
        "session_title": "Live session {number}: homework review",
        "session_location": "Online",
    },
}
# fmt: on
