"""Messages of notifications (their texts, the bell, e-mail preferences) and direct messages."""

MESSAGES: dict[str, tuple[str, str]] = {
    # Notification texts (written in the recipient's language)
    "notify.order_paid.title": ("Заказ №{number} оплачен", "Order #{number} is paid"),
    "notify.order_paid.body": (
        "Сумма: {total}. Курсы: {courses}",
        "Total: {total}. Courses: {courses}",
    ),
    "notify.enrollment.title": ("Вы записаны на курс «{course}»", "You are enrolled in “{course}”"),
    "notify.enrollment.body": ("Можно начинать учиться.", "You can start learning now."),
    "notify.certificate.title": (
        "Сертификат по курсу «{course}» готов",
        "Your certificate for “{course}” is ready",
    ),
    "notify.certificate.body": ("Номер сертификата: {serial}", "Certificate number: {serial}"),
    "notify.reminder.title_day": (
        "Завтра занятие «{session}» ({course})",
        "“{session}” ({course}) is tomorrow",
    ),
    "notify.reminder.title_hour": (
        "Через час занятие «{session}» ({course})",
        "“{session}” ({course}) starts in an hour",
    ),
    "notify.reminder.body": ("Начало: {starts}", "Starts at {starts}"),
    "notify.message.title": ("Новое сообщение от {sender}", "New message from {sender}"),
    "notify.report.title": (
        "Жалоба на сообщение от {sender}",
        "A message from {sender} was reported",
    ),
    # The bell and the notification centre
    "notify.bell": ("Уведомления", "Notifications"),
    "notify.bell.unread": ("{count} непрочитанных", "{count} unread"),
    "notify.mark_read": ("Прочитано", "Mark read"),
    # E-mail preferences on the account page
    "notify.prefs.title": ("Уведомления по почте", "E-mail notifications"),
    "notify.prefs.hint": (
        "В приложении уведомления приходят всегда. Выберите, какие из них дублировать на почту.",
        "In-app notifications are always on. Choose which of them also come by e-mail.",
    ),
    "notify.prefs.save": ("Сохранить", "Save"),
    "notify.prefs.saved": ("Настройки уведомлений сохранены", "Notification settings saved"),
    "notify.kind.order_paid": ("Оплата заказа", "Order paid"),
    "notify.kind.enrollment": ("Запись на курс", "Enrolment"),
    "notify.kind.certificate_ready": ("Сертификат готов", "Certificate ready"),
    "notify.kind.announcement": ("Объявления преподавателей", "Teacher announcements"),
    "notify.kind.session_reminder": ("Напоминания о занятиях", "Session reminders"),
    "notify.kind.new_message": ("Новые сообщения", "New messages"),
    # Direct messages
    "inbox.title": ("Сообщения", "Messages"),
    "inbox.empty": ("Пока нет переписки", "No conversations yet"),
    "inbox.pick": ("Выберите диалог слева", "Pick a conversation on the left"),
    "inbox.no_messages": ("Сообщений пока нет — напишите первым", "No messages yet — say hello"),
    "inbox.placeholder": ("Ваше сообщение", "Your message"),
    "inbox.send": ("Отправить", "Send"),
    "inbox.back": ("Все диалоги", "All conversations"),
    "inbox.report": ("Пожаловаться", "Report"),
    "inbox.reported": ("Жалоба отправлена администраторам", "Reported to the administrators"),
    "inbox.write_teacher": ("Написать преподавателю", "Message the teacher"),
    "inbox.write": ("Написать сообщение", "Send a message"),
    "inbox.denied": (
        "Писать можно только преподавателю своего курса, своим ученикам или администратору",
        "You can only write to the teacher of your course, your learners or an administrator",
    ),
    "inbox.not_found": ("Диалог не найден", "Conversation not found"),
    "inbox.body_length": (
        "Сообщение должно содержать от 1 до 5000 символов",
        "A message must be 1 to 5000 characters long",
    ),
    "inbox.you": ("Вы", "You"),
    "inbox.report_subject": (
        "EduPlatform: жалоба на сообщение",
        "EduPlatform: a message was reported",
    ),
}
