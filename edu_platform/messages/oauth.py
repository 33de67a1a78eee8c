"""Messages of sign-in through OAuth / OpenID Connect providers."""

MESSAGES: dict[str, tuple[str, str]] = {
    "oauth.or_continue_with": ("или войдите через", "or continue with"),
    "oauth.providers_group": ("Вход через другие сервисы", "Sign in with another service"),
    "oauth.provider.google": ("Google", "Google"),
    "oauth.provider.yandex": ("Яндекс ID", "Yandex ID"),
    "oauth.provider.vk": ("VK ID", "VK ID"),
    "oauth.error.state": (
        "Не удалось подтвердить вход: запрос устарел или был открыт в другом окне. "
        "Попробуйте ещё раз.",
        "We could not confirm this sign-in: the request expired or came from another "
        "window. Please try again.",
    ),
    "oauth.error.denied": (
        "Вход через внешний сервис отменён.",
        "Sign-in with the external service was cancelled.",
    ),
    "oauth.error.failed": (
        "Сервис входа не ответил как ожидалось. Попробуйте ещё раз или войдите по паролю.",
        "The sign-in service did not answer as expected. Try again or sign in with your password.",
    ),
    "oauth.error.unavailable": (
        "Вход через этот сервис не настроен.",
        "Sign-in with this service is not enabled.",
    ),
    "oauth.error.email_missing": (
        "Сервис не передал адрес электронной почты. Разрешите доступ к почте при входе "
        "или зарегистрируйтесь по почте и паролю.",
        "The service did not share your email address. Allow access to your email when "
        "signing in, or register with email and password.",
    ),
    "oauth.error.email_unverified": (
        "Аккаунт с этой почтой уже есть, но сервис не подтвердил, что почта ваша. Войдите "
        "по паролю и привяжите сервис в настройках профиля.",
        "An account with this email already exists, but the service has not confirmed the "
        "address is yours. Sign in with your password and link the service on your "
        "account page.",
    ),
    "oauth.error.blocked": (
        "Аккаунт заблокирован. Обратитесь в поддержку.",
        "This account is blocked. Please contact support.",
    ),
    "oauth.error.identity_taken": (
        "Этот аккаунт сервиса уже привязан к другому пользователю.",
        "This service account is already linked to another user.",
    ),
    "oauth.error.other_identity_linked": (
        "К вашему профилю уже привязан другой аккаунт этого сервиса. Сначала отвяжите его.",
        "Another account of this service is already linked to your profile. Unlink it first.",
    ),
    "oauth.error.retry": (
        "Не получилось завершить вход. Попробуйте ещё раз.",
        "The sign-in could not be completed. Please try again.",
    ),
    "oauth.error.not_linked": (
        "Этот сервис не привязан к профилю.",
        "This service is not linked to your account.",
    ),
    "oauth.error.last_method": (
        "Это единственный способ входа. Сначала задайте пароль.",
        "This is your only way to sign in. Set a password first.",
    ),
}
