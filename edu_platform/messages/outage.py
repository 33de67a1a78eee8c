"""Messages shown while a backing service (database, Redis) is briefly unreachable."""

MESSAGES: dict[str, tuple[str, str]] = {
    "outage.title": ("Сервис временно недоступен", "The service is briefly unavailable"),
    "outage.retry": (
        "Повторите действие через несколько секунд.",
        "Please try again in a few seconds.",
    ),
}
