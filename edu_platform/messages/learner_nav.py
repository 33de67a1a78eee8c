"""Messages of the learner's navigation (/my tabs, user menu), start buttons, post-payment."""

MESSAGES: dict[str, tuple[str, str]] = {
    "learner_nav.label": ("Разделы моего обучения", "My learning sections"),
    "learner_nav.in_progress": ("В процессе", "In progress"),
    "learner_nav.completed": ("Завершённые", "Completed"),
    "learner_nav.certificates": ("Сертификаты", "Certificates"),
    "learner_nav.orders": ("Заказы", "Orders"),
    "learner_nav.archive": ("Архив", "Archive"),
    "learner_nav.cart": ("Корзина", "Cart"),
    "learner_nav.start": ("Начать", "Start"),
    "learner_nav.start_learning": ("Начать обучение", "Start learning"),
    "learner_nav.start_course": ("Начать курс", "Start course"),
    "learner_nav.completed_title": ("Завершённые курсы", "Completed courses"),
    "learner_nav.completed_on": ("Завершён", "Completed"),
    "learner_nav.enrolled_on": ("Записались", "Enrolled"),
    "learner_nav.no_in_progress": (
        "Сейчас нет курсов в процессе. Выберите новый в каталоге.",
        "No courses in progress. Pick a new one in the catalogue.",
    ),
    "learner_nav.no_completed": (
        "Вы пока не завершили ни одного курса. Завершённые курсы и сертификаты появятся здесь.",
        "You have not completed a course yet. Completed courses and certificates appear here.",
    ),
    "learner_nav.certificate": ("Сертификат", "Certificate"),
    "learner_nav.your_courses": ("Ваши курсы", "Your courses"),
    "a11y.title.my_completed": ("Завершённые курсы", "Completed courses"),
}
