"""Messages of the course player and learning progress."""

MESSAGES: dict[str, tuple[str, str]] = {
    "learning.not_enrolled": (
        "Вы не записаны на этот курс.",
        "You are not enrolled in this course.",
    ),
    "learning.access_ended": (
        "Доступ к курсу закончился.",
        "Your access to this course has ended.",
    ),
    "learning.lesson_locked": (
        "Сначала пройдите урок «{lesson}».",
        "Finish “{lesson}” first.",
    ),
    "learning.lesson_not_found": ("Урок не найден", "Lesson not found"),
    "learning.no_lessons": ("В курсе пока нет уроков.", "This course has no lessons yet."),
    "learning.progress": ("Прогресс", "Progress"),
    "learning.lessons_done": ("уроков пройдено", "lessons done"),
    "learning.mark_done": ("Отметить как пройденный", "Mark as done"),
    "learning.done": ("Урок пройден", "Lesson done"),
    "learning.prev": ("Предыдущий урок", "Previous lesson"),
    "learning.next": ("Следующий урок", "Next lesson"),
    "learning.attachments": ("Материалы", "Attachments"),
    "learning.course_completed": (
        "Поздравляем! Курс пройден. Сертификат готовится и появится в разделе «Сертификаты».",
        "Congratulations! You have completed the course. Your certificate is being prepared.",
    ),
    "learning.back_to_course": ("К странице курса", "Course page"),
    "learning.locked_hint": ("Откроется после предыдущих уроков", "Opens after earlier lessons"),
    "learning.video_autocomplete": (
        "Урок засчитается, когда вы посмотрите 90% видео.",
        "The lesson counts as done once you have watched 90% of the video.",
    ),
    "learning.contents": ("Содержание курса", "Course contents"),
    "learning.sign_in_to_study": ("Войдите, чтобы учиться", "Sign in to study"),
    "learning.quiz_needs_attempt": (
        "Тест засчитывается, когда вы его сдадите.",
        "A test counts as done once you pass it.",
    ),
}
