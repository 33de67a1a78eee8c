"""Messages of the Telegram WebApp page (/tg) and of linking Telegram on the account page."""

MESSAGES: dict[str, tuple[str, str]] = {
    "tg.title": ("EduPlatform в Telegram", "EduPlatform in Telegram"),
    "tg.signing_in": ("Входим через Telegram…", "Signing in with Telegram…"),
    "tg.outside": (
        "Откройте эту страницу из бота EduPlatform в Telegram — вход произойдёт сам. "
        "Или войдите обычным способом.",
        "Open this page from the EduPlatform bot in Telegram and you will be signed in. "
        "Or sign in the usual way.",
    ),
    "tg.sign_in": ("Войти", "Sign in"),
    "tg.retry": ("Попробовать снова", "Try again"),
    "tg.hello": ("Здравствуйте,", "Hello,"),
    "tg.my_learning": ("Моё обучение", "My learning"),
    "tg.catalog": ("Каталог", "Catalog"),
    "tg.materials": ("Материалы", "Materials"),
    "tg.blog": ("Блог", "Blog"),
    "tg.account": ("Профиль", "Account"),
    "tg.back": ("Назад", "Back"),
    "tg.linked": ("Telegram привязан к аккаунту.", "Telegram is linked to your account."),
    "telegram.error.bad_signature": (
        "Telegram не подтвердил вход. Откройте приложение из бота заново.",
        "Telegram did not confirm the sign-in. Open the app from the bot again.",
    ),
    "telegram.error.expired": (
        "Данные входа устарели. Закройте и откройте приложение снова.",
        "The sign-in data has expired. Close and reopen the app.",
    ),
    "telegram.error.off": (
        "Вход через Telegram не настроен.",
        "Telegram sign-in is not configured.",
    ),
    "telegram.error.taken": (
        "Этот Telegram уже привязан к другому аккаунту.",
        "This Telegram account is linked to another account.",
    ),
    "telegram.error.other_linked": (
        "К аккаунту уже привязан другой Telegram.",
        "Another Telegram account is linked to this account.",
    ),
    "telegram.error.retry": ("Попробуйте ещё раз.", "Please try again."),
    "telegram.error.not_linked": ("Telegram не привязан.", "Telegram is not linked."),
    "telegram.error.failed": (
        "Не удалось войти через Telegram.",
        "Could not sign in with Telegram.",
    ),
    # account page
    "telegram.account.title": ("Telegram", "Telegram"),
    "telegram.account.intro": (
        "Привяжите Telegram, чтобы входить из нашего приложения в Telegram без пароля.",
        "Link Telegram to sign in from our Telegram app without a password.",
    ),
    "telegram.account.link": ("Привязать Telegram", "Link Telegram"),
    "telegram.account.open": ("Открыть в Telegram", "Open in Telegram"),
    "telegram.account.link_hint": (
        "Откройте ссылку в Telegram в течение 15 минут — аккаунт привяжется сам.",
        "Open the link in Telegram within 15 minutes and the account will be linked.",
    ),
    "telegram.account.linked": ("Привязан Telegram, id", "Linked Telegram, id"),
    "telegram.account.unlink": ("Отвязать", "Unlink"),
    "telegram.account.unlinked": ("Telegram отвязан.", "Telegram unlinked."),
    "telegram.account.off": (
        "Вход через Telegram на этом сайте не включён.",
        "Telegram sign-in is not enabled on this site.",
    ),
}
