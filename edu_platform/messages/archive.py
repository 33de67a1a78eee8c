"""Messages of /my/archive (finished courses, 30 days after completion)."""

MESSAGES: dict[str, tuple[str, str]] = {
    "archive.title": ("Архив", "Archive"),
    "archive.hint": (
        "Курсы попадают сюда через 30 дней после завершения. Они остаются открытыми, "
        "а сертификаты — действительными.",
        "Courses move here 30 days after you complete them. They stay open, and your "
        "certificates stay valid.",
    ),
    "archive.empty": ("В архиве пока пусто.", "Nothing in the archive yet."),
    "archive.link": ("Архив", "Archive"),
}
