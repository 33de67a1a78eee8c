"""Messages of the admin webhooks page and of webhook notifications."""

MESSAGES: dict[str, tuple[str, str]] = {
    "webhooks.nav": ("Вебхуки", "Webhooks"),
    "webhooks.title": ("Вебхуки", "Webhooks"),
    "webhooks.intro": (
        "Внешние системы получают события платформы POST-запросом на свой адрес. Каждый "
        "запрос подписан: заголовок X-Edu-Signature — HMAC-SHA256 секрета над "
        "«X-Edu-Timestamp.тело». Неудачные доставки повторяются через 1, 5, 30, 120 и 360 "
        "минут; после 20 неудач подряд адрес отключается.",
        "Other systems receive the platform's events as a POST to their URL. Every request "
        "is signed: the X-Edu-Signature header is the HMAC-SHA256 of "
        '"X-Edu-Timestamp.body" with the secret. Failed deliveries are retried after 1, 5, '
        "30, 120 and 360 minutes; after 20 failures in a row the endpoint is disabled.",
    ),
    "webhooks.new": ("Новый адрес", "New endpoint"),
    "webhooks.url": ("URL", "URL"),
    "webhooks.url_placeholder": ("https://example.com/hooks/edu", "https://example.com/hooks/edu"),
    "webhooks.description": ("Описание", "Description"),
    "webhooks.events": ("События", "Events"),
    "webhooks.create": ("Добавить", "Add endpoint"),
    "webhooks.created": ("Адрес добавлен.", "Endpoint added."),
    "webhooks.secret_once": (
        "Секрет для проверки подписи. Он показан только сейчас — сохраните его:",
        "The secret to verify signatures. It is shown only now, so store it:",
    ),
    "webhooks.secret_hide": ("Я сохранил секрет", "I have stored the secret"),
    "webhooks.empty": ("Адресов пока нет.", "No endpoints yet."),
    "webhooks.col.url": ("Адрес", "URL"),
    "webhooks.col.events": ("События", "Events"),
    "webhooks.col.status": ("Состояние", "Status"),
    "webhooks.col.failures": ("Неудач подряд", "Failures in a row"),
    "webhooks.col.actions": ("Действия", "Actions"),
    "webhooks.active": ("Включён", "Active"),
    "webhooks.inactive": ("Отключён", "Disabled"),
    "webhooks.disable": ("Отключить", "Disable"),
    "webhooks.enable": ("Включить", "Enable"),
    "webhooks.delete": ("Удалить", "Delete"),
    "webhooks.deleted": ("Адрес удалён.", "Endpoint deleted."),
    "webhooks.updated": ("Сохранено.", "Saved."),
    "webhooks.show_deliveries": ("Доставки", "Deliveries"),
    "webhooks.deliveries": ("Доставки", "Deliveries"),
    "webhooks.deliveries_empty": ("Доставок пока нет.", "No deliveries yet."),
    "webhooks.col.event": ("Событие", "Event"),
    "webhooks.col.attempts": ("Попыток", "Attempts"),
    "webhooks.col.code": ("Код ответа", "Response code"),
    "webhooks.col.created": ("Создана", "Created"),
    "webhooks.col.delivered": ("Доставлена", "Delivered"),
    "webhooks.status.pending": ("Ожидает", "Pending"),
    "webhooks.status.delivered": ("Доставлена", "Delivered"),
    "webhooks.status.failed": ("Не доставлена", "Failed"),
    "webhooks.redeliver": ("Отправить снова", "Redeliver"),
    "webhooks.redelivered": ("Доставка поставлена в очередь.", "Delivery queued."),
    "webhooks.error.url": (
        "Укажите адрес http(s) с именем хоста.",
        "Enter an http(s) URL with a host name.",
    ),
    "webhooks.error.private_url": (
        "Этот адрес ведёт во внутреннюю сеть — такие адреса запрещены.",
        "This URL points into a private network, which is not allowed.",
    ),
    "webhooks.error.events": (
        "Выберите хотя бы одно событие.",
        "Choose at least one event.",
    ),
    "webhooks.disabled.title": (
        "Вебхук {url} отключён",
        "Webhook {url} disabled",
    ),
    "webhooks.disabled.body": (
        "Адрес {url} не принял {count} доставок подряд и отключён. Исправьте приёмник и "
        "включите адрес снова на странице вебхуков; неотправленные события можно "
        "отправить повторно.",
        "The endpoint {url} failed {count} deliveries in a row and has been disabled. Fix "
        "the receiver and enable it again on the webhooks page; undelivered events can be "
        "redelivered.",
    ),
}
