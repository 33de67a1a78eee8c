"""Messages of the admin imports pages, upload refusals and per-row import errors."""

MESSAGES: dict[str, tuple[str, str]] = {
    "imports.nav": ("Импорт", "Imports"),
    "imports.title": ("Импорт данных", "Data imports"),
    "imports.intro": (
        "Загрузите CSV с заголовком из шаблона или JSON lines (по объекту на строку) в "
        "кодировке UTF-8. Хорошие строки импортируются, даже если в других есть ошибки; "
        "повторная загрузка того же файла не создаёт дубликатов.",
        "Upload a CSV with the template's header, or JSON lines (one object per line), in "
        "UTF-8. Good rows are imported even when others have errors; uploading the same "
        "file again creates no duplicates.",
    ),
    "imports.kind_label": ("Что импортируем", "What to import"),
    "imports.kind.users": ("Пользователи", "Users"),
    "imports.kind.courses": ("Курсы", "Courses"),
    "imports.kind.enrollments": ("Записи на курсы", "Enrolments"),
    "imports.kind.orders": ("Заказы", "Orders"),
    "imports.invite": (
        "Отправить новым пользователям письмо со ссылкой для входа",
        "Email new users a link to set their password",
    ),
    "imports.invite_hint": (
        "Только для новых аккаунтов, кроме администраторов; ссылка действует {days} дней.",
        "New accounts only, admins excepted; the link is valid for {days} days.",
    ),
    "imports.invites_badge": ("С письмами новым пользователям", "New users emailed"),
    "imports.upload": ("Выбрать файл и импортировать", "Choose a file and import"),
    "imports.limit": ("Размер файла — не больше, МБ:", "File size limit, MB:"),
    "imports.columns": ("Колонки:", "Columns:"),
    "imports.templates": ("Шаблоны CSV:", "CSV templates:"),
    "imports.rejected": (
        "Этот файл не подходит: нужен CSV или JSON lines не больше допустимого размера.",
        "This file cannot be used: a CSV or JSON-lines file within the size limit is needed.",
    ),
    "imports.started": ("Файл принят, импорт начался.", "File accepted, the import has started."),
    "imports.history": ("История импорта", "Past imports"),
    "imports.empty": ("Импортов ещё не было.", "No imports yet."),
    "imports.col.file": ("Файл", "File"),
    "imports.col.kind": ("Данные", "Data"),
    "imports.col.status": ("Статус", "Status"),
    "imports.col.rows": ("Строки", "Rows"),
    "imports.col.failed": ("С ошибками", "Failed"),
    "imports.col.created": ("Загружен", "Uploaded"),
    "imports.status.queued": ("В очереди", "Queued"),
    "imports.status.running": ("Идёт", "Running"),
    "imports.status.done": ("Готово", "Done"),
    "imports.status.failed": ("Сбой", "Failed"),
    "imports.prev": ("Назад", "Previous"),
    "imports.next": ("Вперёд", "Next"),
    "imports.page": ("Страница", "Page"),
    "imports.back": ("Все импорты", "All imports"),
    "imports.detail.title": ("Импорт №", "Import #"),
    "imports.progress": ("Ход импорта", "Import progress"),
    "imports.progress_of": ("из", "of"),
    "imports.progress_rows": ("строк обработано", "rows processed"),
    "imports.progress_failed": ("с ошибками", "failed"),
    "imports.uploaded_at": ("Загружен:", "Uploaded:"),
    "imports.finished_at": ("Завершён:", "Finished:"),
    "imports.job_failed": ("Импорт прерван:", "The import stopped:"),
    "imports.errors.title": ("Ошибки в строках", "Row errors"),
    "imports.errors.none": ("Ошибок в строках нет.", "No row errors."),
    "imports.errors.waiting": (
        "Ошибки появятся здесь по ходу импорта.",
        "Row errors appear here as the import goes.",
    ),
    "imports.errors.row": ("Строка", "Row"),
    "imports.errors.field": ("Поле", "Field"),
    "imports.errors.message": ("Ошибка", "Message"),
    "imports.errors.total": ("Всего ошибок:", "Errors:"),
    "imports.errors.download": ("Скачать ошибки (CSV)", "Download errors (CSV)"),
    "imports.not_found": ("Такого импорта нет.", "There is no such import."),
    # Upload refusals (field "file" or "kind").
    "imports.error.kind": (
        "Выберите, что импортировать: пользователей, курсы, зачисления или заказы.",
        "Choose what to import: users, courses, enrolments or orders.",
    ),
    "imports.error.empty": ("Файл пустой.", "The file is empty."),
    "imports.error.invite_users_only": (
        "Письма со ссылкой отправляются только при импорте пользователей.",
        "Only a users import sends invitations.",
    ),
    "imports.error.invite": (
        "Поле invite принимает true или false.",
        "invite takes true or false.",
    ),
    "imports.error.too_large": (
        "Файл больше {mb} МБ.",
        "The file is larger than {mb} MB.",
    ),
    "imports.error.not_text": (
        "Это не текстовый файл в UTF-8: нужен CSV или JSON lines.",
        "This is not UTF-8 text: a CSV or JSON-lines file is needed.",
    ),
    "imports.error.json_object": (
        "Первая строка не является JSON-объектом.",
        "The first line is not a JSON object.",
    ),
    "imports.error.csv": ("Файл не читается как CSV.", "The file cannot be read as CSV."),
    "imports.error.header": (
        "Первая строка должна быть заголовком CSV: {columns}.",
        "The first line must be the CSV header: {columns}.",
    ),
    "imports.error.no_rows": (
        "В файле есть заголовок, но нет строк с данными.",
        "The file has a header but no data rows.",
    ),
    # Row errors (stored in English; shown in the page's language).
    "imports.row.required": ("Обязательное поле.", "This field is required."),
    "imports.row.email": ("Некорректный адрес email.", "Invalid email address: {reason}"),
    "imports.row.too_long": (
        "Слишком длинное значение (не больше {max} символов).",
        "The value is too long (at most {max} characters).",
    ),
    "imports.row.choice": (
        "Недопустимое значение; возможны: {allowed}.",
        "Unknown value; allowed: {allowed}.",
    ),
    "imports.row.price": (
        "Цена должна быть неотрицательным числом, не больше двух знаков после точки.",
        "The price must be a non-negative number with at most two decimals.",
    ),
    "imports.row.datetime": (
        "Дата должна быть в формате ISO 8601, например 2025-03-01 или 2025-03-01T10:00:00Z.",
        "The date must be ISO 8601, for example 2025-03-01 or 2025-03-01T10:00:00Z.",
    ),
    "imports.row.future": ("Дата в будущем.", "The date is in the future."),
    "imports.row.slug": (
        "Адрес курса: строчные латинские буквы, цифры и дефисы.",
        "A course slug is lower-case latin letters, digits and hyphens.",
    ),
    "imports.row.currency": (
        "Валюта — одна из: RUB, USD, EUR.",
        "The currency is one of RUB, USD, EUR.",
    ),
    "imports.row.reference": (
        "Идентификатор платежа: печатные символы, не больше {max}.",
        "The payment reference must be printable, at most {max} characters.",
    ),
    "imports.row.user_missing": (
        "Пользователя с таким email нет.",
        "There is no user with this email.",
    ),
    "imports.row.not_teacher": (
        "Этот пользователь не преподаватель и не администратор.",
        "This user is neither a teacher nor an admin.",
    ),
    "imports.row.category_missing": (
        "Нет категории с таким адресом или названием.",
        "There is no category with this slug or name.",
    ),
    "imports.row.course_missing": (
        "Курса с таким адресом нет.",
        "There is no course with this slug.",
    ),
    "imports.row.reference_taken": (
        "Этот идентификатор уже у другого платежа.",
        "This reference belongs to another payment.",
    ),
    "imports.row.duplicate": (
        "Повтор: такое значение уже было в строке {line}.",
        "Duplicate: the same value is on line {line}.",
    ),
    "imports.row.field_count": (
        "В строке {found} полей, а в заголовке {expected}.",
        "The row has {found} fields, the header has {expected}.",
    ),
    "imports.row.json": ("Строка не является JSON.", "The line is not JSON."),
    "imports.row.json_object": (
        "Строка не является JSON-объектом.",
        "The line is not a JSON object.",
    ),
    "imports.row.json_value": (
        "Значение должно быть строкой или числом.",
        "The value must be a string or a number.",
    ),
}
