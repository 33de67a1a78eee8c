"""Messages of the personal area: profile, security, dashboard, password reset."""

MESSAGES: dict[str, tuple[str, str]] = {
    # Password reset
    "account.forgot.title": ("Восстановление пароля", "Reset your password"),
    "account.forgot.subtitle": (
        "Укажите почту, с которой вы регистрировались, — мы пришлём ссылку для смены пароля",
        "Enter the email you signed up with and we will send you a link to set a new password",
    ),
    "account.forgot.submit": ("Отправить ссылку", "Send the link"),
    "account.forgot.sent": (
        "Если такой аккаунт есть, мы отправили на эту почту ссылку для смены пароля. "
        "Она действует один час.",
        "If the account exists, we have sent a link to set a new password to that email. "
        "It is valid for one hour.",
    ),
    "account.reset.title": ("Новый пароль", "Choose a new password"),
    "account.reset.subtitle": (
        "После смены пароля все остальные устройства выйдут из аккаунта",
        "Once it is changed, every other device is signed out",
    ),
    "account.reset.submit": ("Сохранить пароль и войти", "Save the password and sign in"),
    "account.reset.link_invalid": (
        "Ссылка устарела или уже использована. Запросите новую.",
        "This link has expired or has already been used. Request a new one.",
    ),
    "account.reset.request_new": ("Запросить новую ссылку", "Request a new link"),
    "account.reset.back_to_sign_in": ("Вернуться ко входу", "Back to sign in"),
    "account.reset.mail_subject": (
        "EduPlatform: смена пароля",
        "EduPlatform: reset your password",
    ),
    "account.reset.mail_body": (
        "Здравствуйте, {name}!\n\n"
        "Чтобы задать новый пароль, откройте ссылку:\n{link}\n\n"
        "Ссылка действует {minutes} минут и сработает один раз. "
        "Если вы не запрашивали смену пароля, просто проигнорируйте это письмо.\n\n"
        "— EduPlatform",
        "Hello {name},\n\n"
        "To set a new password, open this link:\n{link}\n\n"
        "The link is valid for {minutes} minutes and works once. "
        "If you did not ask to reset your password, ignore this email.\n\n"
        "— EduPlatform",
    ),
    "account.invite.mail_subject": (
        "EduPlatform: для вас создан аккаунт",
        "EduPlatform: an account has been made for you",
    ),
    "account.invite.mail_body": (
        "Здравствуйте, {name}!\n\n"
        "Для вас создан аккаунт на EduPlatform с адресом {email}. Чтобы задать пароль и "
        "войти, откройте ссылку:\n{link}\n\n"
        "Ссылка действует {days} дней и сработает один раз. Позже новую ссылку можно "
        "получить на странице входа: «Забыли пароль?».\n\n"
        "— EduPlatform",
        "Hello {name},\n\n"
        "An account has been made for you on EduPlatform with the address {email}. To set "
        "your password and sign in, open this link:\n{link}\n\n"
        "The link is valid for {days} days and works once. Later, the sign-in page gives "
        'you a new one: "Forgot your password?".\n\n'
        "— EduPlatform",
    ),
    "account.password_mismatch": ("Пароли не совпадают", "The passwords do not match"),
    "account.field.new_password": ("Новый пароль", "New password"),
    "account.field.password_confirm": ("Повторите новый пароль", "Repeat the new password"),
    "account.field.current_password": ("Текущий пароль", "Current password"),
    # Account area
    "account.title": ("Настройки аккаунта", "Account settings"),
    "account.tab.profile": ("Профиль", "Profile"),
    "account.tab.security": ("Безопасность", "Security"),
    "account.profile.title": ("Личные данные", "Personal details"),
    "account.profile.save": ("Сохранить", "Save"),
    "account.profile.saved": ("Изменения сохранены", "Changes saved"),
    "account.field.language": ("Язык интерфейса", "Interface language"),
    "account.field.language_hint": (
        "На этом языке будут интерфейс и письма",
        "The interface and emails use this language",
    ),
    "account.language.ru": ("Русский", "Русский"),
    "account.language.en": ("English", "English"),
    "account.avatar.title": ("Фото профиля", "Profile photo"),
    "account.avatar.alt": ("Фото профиля", "Profile photo"),
    "account.avatar.upload": ("Загрузить фото", "Upload a photo"),
    "account.avatar.remove": ("Удалить фото", "Remove photo"),
    "account.avatar.hint": ("PNG, JPEG или WebP, не больше", "PNG, JPEG or WebP, at most"),
    "account.avatar.megabytes": ("МБ", "MB"),
    "account.avatar.invalid": (
        "Это не изображение PNG, JPEG или WebP",
        "This is not a PNG, JPEG or WebP image",
    ),
    "account.avatar.too_large": ("Файл слишком большой", "The file is too large"),
    "account.password.title": ("Пароль", "Password"),
    "account.password.submit": ("Сменить пароль", "Change password"),
    "account.password.changed": (
        "Пароль изменён. На остальных устройствах нужно войти заново.",
        "Password changed. Other devices have to sign in again.",
    ),
    "account.password.none_yet": (
        "Вы входите через внешний сервис. Задайте пароль, чтобы входить и по почте.",
        "You sign in through an external service. Set a password to sign in by email too.",
    ),
    "account.password.other_sessions": (
        "После смены пароля остальные устройства и API-токены перестанут работать",
        "Changing the password signs out your other devices and revokes API tokens",
    ),
    "account.linked.title": ("Способы входа", "Sign-in methods"),
    "account.linked.empty": (
        "Внешние сервисы не привязаны: вы входите по почте и паролю.",
        "No external services linked: you sign in with email and password.",
    ),
    "account.linked.link": ("Привязать", "Link"),
    "account.linked.unlink": ("Отвязать", "Unlink"),
    "account.sessions.title": ("Активные сеансы", "Active sessions"),
    "account.sessions.subtitle": (
        "Устройства, на которых выполнен вход в ваш аккаунт",
        "Devices where your account is signed in",
    ),
    "account.sessions.this_device": ("Это устройство", "This device"),
    "account.sessions.last_seen": ("Активность", "Last active"),
    "account.sessions.created": ("Вход", "Signed in"),
    "account.sessions.ip": ("IP", "IP"),
    "account.sessions.sign_out": ("Завершить", "Sign out"),
    "account.sessions.sign_out_everywhere": ("Выйти на всех устройствах", "Sign out everywhere"),
    # Dashboard
    "account.my.title": ("Моё обучение", "My learning"),
    "account.my.courses": ("Мои курсы", "My courses"),
    "account.my.no_courses": (
        "Вы пока не записаны ни на один курс.",
        "You are not enrolled in any course yet.",
    ),
    "account.my.browse_catalog": ("Выбрать курс в каталоге", "Find a course in the catalog"),
    "account.my.progress": ("Пройдено", "Progress"),
    "account.my.completed": ("Курс пройден", "Completed"),
    "account.my.last_activity": ("Последнее занятие", "Last activity"),
    "account.my.continue": ("Продолжить", "Continue"),
    "account.my.review": ("Повторить", "Review"),
    "account.my.certificates": ("Сертификаты", "Certificates"),
    "account.my.no_certificates": (
        "Сертификатов пока нет — они появятся после завершения курсов.",
        "No certificates yet: you get one when you complete a course.",
    ),
    "account.my.notifications": ("Уведомления", "Notifications"),
    "account.my.upcoming": ("Ближайшие занятия", "Upcoming sessions"),
    "account.certificate.issued": ("Выдан", "Issued"),
    "account.certificate.verify": ("Проверить", "Verify"),
    "account.certificate.ready": ("Готов", "Ready"),
    "account.certificate.pending": ("Готовится", "Being prepared"),
    "account.certificate.revoked": ("Отозван", "Revoked"),
    "account.notifications.title": ("Уведомления", "Notifications"),
    "account.notifications.new": ("новое", "new"),
    "account.notifications.mark_all_read": ("Прочитать все", "Mark all read"),
    "account.notifications.all": ("Все уведомления", "All notifications"),
    "account.notifications.empty": ("Уведомлений нет.", "No notifications."),
    "account.pager.previous": ("Назад", "Previous"),
    "account.pager.next": ("Вперёд", "Next"),
    "account.pager.page": ("Страница", "Page"),
}
