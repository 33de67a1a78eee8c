"""Messages of email verification: the mail, the /verify-email page, the account banner."""

MESSAGES: dict[str, tuple[str, str]] = {
    "verify_email.mail_subject": (
        "EduPlatform: подтвердите адрес почты",
        "EduPlatform: confirm your email address",
    ),
    "verify_email.mail_body": (
        "Здравствуйте, {name}!\n\n"
        "Чтобы подтвердить, что это ваш адрес, откройте ссылку:\n{link}\n\n"
        "Ссылка действует {hours} часов и сработает один раз. "
        "Если вы не регистрировались на EduPlatform, просто проигнорируйте это письмо.\n\n"
        "— EduPlatform",
        "Hello {name},\n\n"
        "To confirm that this address is yours, open this link:\n{link}\n\n"
        "The link is valid for {hours} hours and works once. "
        "If you did not sign up for EduPlatform, simply ignore this email.\n\n"
        "— EduPlatform",
    ),
    "verify_email.title": ("Подтверждение почты", "Email confirmation"),
    "verify_email.checking": ("Проверяем ссылку…", "Checking the link…"),
    "verify_email.done": (
        "Готово: адрес почты подтверждён.",
        "Done: your email address is confirmed.",
    ),
    "verify_email.link_invalid": (
        "Ссылка устарела или уже использована. Отправьте новую со страницы профиля.",
        "This link has expired or has already been used. Send a new one from your profile.",
    ),
    "verify_email.to_account": ("Перейти в профиль", "Go to your profile"),
    "verify_email.to_learning": ("К моему обучению", "Go to my learning"),
    "verify_email.unverified": (
        "Адрес почты не подтверждён. Мы отправили письмо со ссылкой при регистрации.",
        "Your email address is not confirmed yet. We sent you a link when you signed up.",
    ),
    "verify_email.verified": ("Почта подтверждена", "Email confirmed"),
    "verify_email.resend": ("Отправить письмо ещё раз", "Send the email again"),
    "verify_email.sent": (
        "Письмо отправлено. Ссылка действует 48 часов.",
        "The email is on its way. The link is valid for 48 hours.",
    ),
    "verify_email.too_many": (
        "Слишком много писем за час. Попробуйте позже.",
        "Too many emails in one hour. Please try again later.",
    ),
}
