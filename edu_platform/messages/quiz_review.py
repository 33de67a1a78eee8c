"""When a quiz shows its right answers (the teacher's choice), and the submit confirmation."""

# key -> (ru, en)
MESSAGES: dict[str, tuple[str, str]] = {
    # Authoring: the reveal policy
    "authoring.quiz.reveal_answers": (
        "Когда показывать правильные ответы",
        "When to show the right answers",
    ),
    "authoring.quiz.reveal.after_each_attempt": ("После каждой попытки", "After each attempt"),
    "authoring.quiz.reveal.after_passing": ("После того как тест сдан", "After the quiz is passed"),
    "authoring.quiz.reveal.after_last_attempt": (
        "После последней попытки",
        "After the last attempt",
    ),
    "authoring.quiz.reveal.never": ("Никогда", "Never"),
    "authoring.quiz.reveal_hint": (
        "При неограниченном числе попыток «после последней попытки» значит «никогда».",
        "With unlimited attempts, “after the last attempt” means never.",
    ),
    "authoring.error.reveal_answers": (
        "Выберите, когда показывать правильные ответы.",
        "Choose when the right answers are shown.",
    ),
    # The learner's result
    "quiz.reveal.after_passing": (
        "Правильные ответы появятся, когда вы сдадите тест.",
        "The right answers are shown once you pass the quiz.",
    ),
    "quiz.reveal.after_last_attempt": (
        "Правильные ответы появятся после последней попытки.",
        "The right answers are shown after your last attempt.",
    ),
    "quiz.reveal.open_attempt": (
        "Правильные ответы скрыты, пока у вас есть незавершённая попытка.",
        "The right answers stay hidden while you have an attempt in progress.",
    ),
    # Confirmation before submitting
    "quiz.confirm.title": ("Отправить ответы?", "Submit your answers?"),
    "quiz.confirm.unanswered": ("Вопросов без ответа", "Unanswered questions"),
    "quiz.confirm.all_answered": (
        "Вы ответили на все вопросы.",
        "You have answered every question.",
    ),
    "quiz.confirm.final": (
        "После отправки ответы изменить нельзя.",
        "Once submitted, the answers cannot be changed.",
    ),
    "quiz.confirm.cancel": ("Вернуться к вопросам", "Back to the questions"),
    "quiz.confirm.submit": ("Отправить", "Submit"),
}
