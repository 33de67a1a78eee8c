"""Messages of the rate limits (services/rate_limit.py) and the sign-in lockout."""

MESSAGES = {
    "rate_limits.too_many": (
        "Слишком много попыток. Подождите немного и попробуйте снова.",
        "Too many attempts. Please wait a little and try again.",
    ),
    "rate_limits.address": (
        "С вашего адреса слишком много неудачных входов. Попробуйте через 15 минут.",
        "Too many failed sign-ins from your address. Try again in 15 minutes.",
    ),
}
