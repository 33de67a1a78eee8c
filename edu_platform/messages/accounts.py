"""Messages of sign-in, registration, the account area and role checks."""

MESSAGES: dict[str, tuple[str, str]] = {
    "accounts.sign_in.title": ("Вход", "Sign in"),
    "accounts.sign_in.subtitle": (
        "Рады видеть вас снова",
        "Welcome back",
    ),
    "accounts.sign_in.submit": ("Войти", "Sign in"),
    "accounts.sign_in.no_account": ("Нет аккаунта?", "No account yet?"),
    "accounts.sign_in.forgot": ("Забыли пароль?", "Forgot your password?"),
    "accounts.sign_in.or": ("или", "or"),
    "accounts.sign_in.with": ("Войти через", "Sign in with"),
    "accounts.register.title": ("Регистрация", "Create an account"),
    "accounts.register.subtitle": (
        "Начните учиться уже сегодня",
        "Start learning today",
    ),
    "accounts.register.submit": ("Зарегистрироваться", "Create account"),
    "accounts.register.have_account": ("Уже есть аккаунт?", "Already have an account?"),
    "accounts.field.email": ("Электронная почта", "Email"),
    "accounts.field.password": ("Пароль", "Password"),
    "accounts.field.full_name": ("Имя и фамилия", "Full name"),
    "accounts.field.password_hint": (
        "Не короче 8 символов и не из списка самых частых паролей",
        "At least 8 characters and not a common password",
    ),
    "accounts.email_invalid": (
        "Проверьте адрес электронной почты",
        "Enter a valid email address",
    ),
    "accounts.email_taken": (
        "Этот адрес уже зарегистрирован — войдите или восстановите пароль",
        "This email is already registered — sign in or reset your password",
    ),
    "accounts.password_short": (
        "Пароль должен быть не короче 8 символов",
        "The password must be at least 8 characters long",
    ),
    "accounts.password_long": ("Пароль слишком длинный", "The password is too long"),
    "accounts.password_common": (
        "Этот пароль слишком распространён — придумайте другой",
        "This password is too common — choose another one",
    ),
    "accounts.name_required": ("Укажите имя", "Enter your name"),
    "accounts.email_required": (
        "Укажите адрес электронной почты",
        "Enter your email address",
    ),
    "accounts.password_required": ("Введите пароль", "Enter your password"),
    "accounts.new_password_required": ("Введите новый пароль", "Enter a new password"),
    "accounts.current_password_required": (
        "Введите текущий пароль",
        "Enter your current password",
    ),
    "accounts.name_long": ("Имя слишком длинное", "The name is too long"),
    "accounts.wrong_credentials": (
        "Неверная почта или пароль",
        "Wrong email or password",
    ),
    "accounts.locked": (
        "Слишком много неудачных попыток входа. Попробуйте через 15 минут.",
        "Too many failed sign-in attempts. Try again in 15 minutes.",
    ),
    "accounts.blocked": (
        "Аккаунт заблокирован. Обратитесь в поддержку.",
        "This account is blocked. Please contact support.",
    ),
    "accounts.ticket_invalid": (
        "Ссылка для входа устарела. Войдите ещё раз.",
        "The sign-in link has expired. Please sign in again.",
    ),
    "accounts.current_password_wrong": (
        "Текущий пароль указан неверно",
        "The current password is wrong",
    ),
    "accounts.forbidden.title": ("Доступ запрещён", "Access denied"),
    "accounts.forbidden.text": (
        "У вашей учётной записи нет прав на эту страницу.",
        "Your account does not have access to this page.",
    ),
    "accounts.signin_required": (
        "Войдите, чтобы открыть эту страницу.",
        "Sign in to open this page.",
    ),
    "accounts.role.student": ("Студент", "Student"),
    "accounts.role.teacher": ("Преподаватель", "Teacher"),
    "accounts.role.admin": ("Администратор", "Administrator"),
}
