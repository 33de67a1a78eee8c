"""Messages of the teacher's presence: teacher card and page, bio, time zones, the room QR
view and the /teach overview charts."""

MESSAGES: dict[str, tuple[str, str]] = {
    "a11y.title.teacher": ("Преподаватель", "Teacher"),
    "teacher.about": ("О преподавателе", "About the teacher"),
    "teacher.other_courses": ("Другие курсы преподавателя", "More courses by this teacher"),
    "teacher.courses": ("Курсы преподавателя", "Courses by this teacher"),
    "teacher.courses_count": ("Опубликовано курсов", "Published courses"),
    "teacher.page_link": ("Страница преподавателя", "Teacher's page"),
    "teacher.no_bio": (
        "Преподаватель пока не рассказал о себе.",
        "The teacher has not written about themselves yet.",
    ),
    "teacher.not_found": ("Преподаватель не найден", "Teacher not found"),
    "teacher.avatar_alt": ("Фото преподавателя", "Teacher's photo"),
    "teacher.profile.title": ("Профиль преподавателя", "Teacher profile"),
    "teacher.profile.bio": ("О себе", "About you"),
    "teacher.profile.bio_hint": (
        "Коротко: опыт, чему учите. Виден на страницах ваших курсов. Markdown, до 2000 знаков.",
        "In short: your experience and what you teach. Shown on your course pages. "
        "Markdown, up to 2000 characters.",
    ),
    "teacher.profile.save": ("Сохранить описание", "Save bio"),
    "teacher.time_zone.save": ("Сохранить пояс", "Save time zone"),
    "teacher.profile.saved": ("Сохранено", "Saved"),
    "teacher.profile.public_page": ("Открыть публичную страницу", "Open your public page"),
    "teacher.error.bio_too_long": (
        "Не длиннее {max} знаков",
        "At most {max} characters",
    ),
    "teacher.error.time_zone": (
        "Выберите часовой пояс из списка",
        "Choose a time zone from the list",
    ),
    "teacher.time_zone.field": ("Часовой пояс", "Time zone"),
    "teacher.time_zone.card": ("Местное время", "Local time"),
    "teacher.time_zone.hint": (
        "В нём показываются время занятий и расписание.",
        "Session times and schedules are shown in it.",
    ),
    "teacher.time_zone.unset": ("Не выбран (по браузеру)", "Not set (from the browser)"),
    "teacher.time_zone.shown_in": ("Время указано в поясе", "Times are shown in"),
    "teacher.time_zone.entered_in": (
        "Время вводится в вашем часовом поясе:",
        "Enter times in your time zone:",
    ),
    "teacher.time_zone.change": ("изменить в профиле", "change in your profile"),
    "teacher.room.open": ("Показать в аудитории", "Show to the room"),
    "teacher.room.scan": (
        "Отсканируйте код камерой телефона, чтобы отметиться",
        "Scan the code with your phone camera to check in",
    ),
    "teacher.room.or_open": ("или откройте", "or open"),
    "teacher.room.fullscreen": ("Во весь экран", "Full screen"),
    "teacher.room.close": ("Закрыть", "Close"),
    "teacher.overview.title": ("Обзор", "Overview"),
    "teacher.overview.enrolments": ("Записи на курсы по неделям", "Enrolments per week"),
    "teacher.overview.revenue": ("Выручка по неделям", "Revenue per week"),
    "teacher.overview.week": ("Неделя", "Week"),
    "teacher.overview.learners_axis": ("Новых учащихся", "New learners"),
    "teacher.overview.revenue_axis": ("Выручка", "Revenue"),
    "teacher.overview.empty": (
        "За последние 12 недель записей и оплат не было.",
        "No enrolments or payments in the last 12 weeks.",
    ),
    "teacher.overview.course": ("Курс", "Course"),
    "teacher.overview.courses": ("Курсы", "Courses"),
    "teacher.overview.other": ("Другие курсы", "Other courses"),
    "teacher.overview.thumbnail": ("Обложка курса", "Course cover"),
}
