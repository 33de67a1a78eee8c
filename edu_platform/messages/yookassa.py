"""Messages of payment through YooKassa (redirect to its payment page)."""

MESSAGES: dict[str, tuple[str, str]] = {
    "yookassa.pay_note": (
        "Оплата проходит на защищённой странице ЮKassa: картой, через СБП или кошелёк. "
        "После оплаты вы вернётесь сюда.",
        "You pay on YooKassa's secure page: by card, SBP or wallet. "
        "You will come back here afterwards.",
    ),
    "yookassa.pay_button": ("Перейти к оплате", "Go to payment"),
    "yookassa.error.unavailable": (
        "Платёжный сервис сейчас недоступен. Попробуйте через несколько минут.",
        "The payment service is unavailable right now. Please try again in a few minutes.",
    ),
    "yookassa.error.unknown": (
        "Платёж не найден.",
        "The payment was not found.",
    ),
}
