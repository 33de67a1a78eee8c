"""Plural messages (forms separated by "|", in CLDR order: Russian one|few|many|other,
English one|other; see i18n.translate_plural), currency names, payment failure reasons."""

MESSAGES: dict[str, tuple[str, str]] = {
    "plural.stars": (
        "{count} звезда|{count} звезды|{count} звёзд|{count} звезды",
        "{count} star|{count} stars",
    ),
    "plural.points": (
        "{count} балл|{count} балла|{count} баллов|{count} балла",
        "{count} point|{count} points",
    ),
    "plural.lessons": (
        "{count} урок|{count} урока|{count} уроков|{count} урока",
        "{count} lesson|{count} lessons",
    ),
    "plural.ratings": (
        "{count} оценка|{count} оценки|{count} оценок|{count} оценки",
        "{count} rating|{count} ratings",
    ),
    "plural.reviews": (
        "{count} отзыв|{count} отзыва|{count} отзывов|{count} отзыва",
        "{count} review|{count} reviews",
    ),
    "plural.learners": (
        "{count} ученик|{count} ученика|{count} учеников|{count} ученика",
        "{count} learner|{count} learners",
    ),
    "plural.courses_found": (
        "Найден {count} курс|Найдено {count} курса|Найдено {count} курсов|Найдено {count} курса",
        "{count} course found|{count} courses found",
    ),
    "plural.found": (
        "Найдена {count} запись|Найдено {count} записи|Найдено {count} записей"
        "|Найдено {count} записи",
        "{count} result|{count} results",
    ),
    "plural.users_found": (
        "Найден {count} пользователь|Найдено {count} пользователя"
        "|Найдено {count} пользователей|Найдено {count} пользователя",
        "{count} user found|{count} users found",
    ),
    "plural.minutes": (
        "{count} минута|{count} минуты|{count} минут|{count} минуты",
        "{count} minute|{count} minutes",
    ),
    "plural.sent_to_learners": (
        "Отправлено {count} ученику|Отправлено {count} ученикам|Отправлено {count} ученикам"
        "|Отправлено {count} ученикам",
        "Sent to {count} learner|Sent to {count} learners",
    ),
    "plural.unread": (
        "{count} непрочитанное|{count} непрочитанных|{count} непрочитанных|{count} непрочитанных",
        "{count} unread|{count} unread",
    ),
    "currency.RUB": ("Российский рубль (RUB, ₽)", "Russian rouble (RUB, ₽)"),
    "currency.USD": ("Доллар США (USD, $)", "US dollar (USD, $)"),
    "currency.EUR": ("Евро (EUR, €)", "Euro (EUR, €)"),
    "locale.date_placeholder": ("ДД.ММ.ГГГГ", "MM/DD/YYYY"),
    "locale.date_hint": ("Формат: ДД.ММ.ГГГГ", "Format: MM/DD/YYYY"),
    # Why a payment failed: the gateway's and YooKassa's cancellation reasons.
    "payment.reason.card_declined": (
        "Банк отклонил карту. Деньги не списаны — попробуйте другую карту.",
        "The bank declined the card. You were not charged — try another card.",
    ),
    "payment.reason.insufficient_funds": (
        "На карте недостаточно средств.",
        "The card has insufficient funds.",
    ),
    "payment.reason.card_expired": ("Срок действия карты истёк.", "The card has expired."),
    "payment.reason.expired_on_confirmation": (
        "Время на подтверждение платежа истекло. Попробуйте ещё раз.",
        "The time to confirm the payment ran out. Please try again.",
    ),
    "payment.reason.3d_secure_failed": (
        "Платёж не подтверждён кодом из банка (3-D Secure).",
        "The payment was not confirmed with the bank's code (3-D Secure).",
    ),
    "payment.reason.fraud_suspected": (
        "Платёж заблокирован банком из подозрения в мошенничестве.",
        "The bank blocked the payment as suspected fraud.",
    ),
    "payment.reason.general_decline": (
        "Банк отклонил платёж без объяснения причин. Попробуйте другую карту.",
        "The bank declined the payment without giving a reason. Try another card.",
    ),
    "payment.reason.canceled": ("Платёж отменён.", "The payment was cancelled."),
    "payment.reason.permission_revoked": (
        "Разрешение на списание отозвано.",
        "The permission to charge the card was revoked.",
    ),
    "payment.reason.other": (
        "Платёж не прошёл. Деньги не списаны — попробуйте ещё раз.",
        "The payment did not go through. You were not charged — please try again.",
    ),
    "orders.last_payment_failed": ("Последняя попытка оплаты:", "Last payment attempt:"),
}
