"""Messages of the end-of-course feedback form and the teacher's feedback list."""

MESSAGES: dict[str, tuple[str, str]] = {
    "feedback.title": ("Как вам курс?", "How was the course?"),
    "feedback.intro": (
        "Пара слов поможет преподавателю сделать курс лучше. Ответ видит только преподаватель.",
        "A few words help the teacher improve the course. Only the teacher sees your answer.",
    ),
    "feedback.rating": ("Ваша оценка", "Your rating"),
    "feedback.improve": ("Что стоит улучшить?", "What should we improve?"),
    "feedback.improve_hint": (
        "Необязательно, до 2000 символов",
        "Optional, up to 2,000 characters",
    ),
    "feedback.send": ("Отправить отзыв", "Send feedback"),
    "feedback.update": ("Обновить отзыв", "Update feedback"),
    "feedback.thanks": (
        "Спасибо! Преподаватель увидит ваш отзыв.",
        "Thank you! The teacher will see your feedback.",
    ),
    "feedback.rating_range": ("Выберите оценку от 1 до 5.", "Choose a rating from 1 to 5."),
    "feedback.too_long": (
        "Текст длиннее 2000 символов.",
        "The text is longer than 2,000 characters.",
    ),
    "feedback.not_completed": (
        "Оставить отзыв можно после завершения курса.",
        "You can leave feedback once you have completed the course.",
    ),
    "feedback.not_yours": (
        "Отзывы о курсе видят только его преподаватель и администраторы.",
        "Only the course's teacher and admins can read its feedback.",
    ),
    "feedback.no_course": ("Курс не найден.", "Course not found."),
}
