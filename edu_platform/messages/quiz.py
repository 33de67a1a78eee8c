"""UI messages of the quiz inside the course player, and the quiz service's errors."""

# key -> (ru, en)
MESSAGES: dict[str, tuple[str, str]] = {
    # Intro
    "quiz.heading": ("Тест", "Quiz"),
    "quiz.final": ("Итоговый тест", "Final quiz"),
    "quiz.pass_mark": ("Проходной балл", "Pass mark"),
    "quiz.time_limit": ("Время на попытку", "Time limit"),
    "quiz.no_time_limit": ("Без ограничения", "No limit"),
    "quiz.minutes": ("мин", "min"),
    "quiz.questions_count": ("Вопросов", "Questions"),
    "quiz.attempts_left": ("Осталось попыток", "Attempts left"),
    "quiz.unlimited": ("Без ограничений", "Unlimited"),
    "quiz.past_attempts": ("Ваши попытки", "Your attempts"),
    "quiz.no_attempts_yet": (
        "Вы ещё не проходили этот тест.",
        "You have not taken this quiz yet.",
    ),
    "quiz.attempt": ("Попытка", "Attempt"),
    "quiz.in_progress": ("Не завершена", "In progress"),
    "quiz.start": ("Начать тест", "Start quiz"),
    "quiz.continue": ("Продолжить попытку", "Continue attempt"),
    "quiz.view_result": ("Результат", "View result"),
    "quiz.already_passed": (
        "Тест сдан. Вы можете пройти его ещё раз, если остались попытки.",
        "You passed this quiz. You may take it again while attempts remain.",
    ),
    "quiz.passed_last": ("Тест сдан.", "You passed this quiz."),
    "quiz.out_of_attempts": (
        "Попытки закончились.",
        "You have used all your attempts.",
    ),
    "quiz.loading": ("Загружаем тест…", "Loading the quiz…"),
    # Taking the quiz
    "quiz.time_left": ("Осталось времени", "Time left"),
    "quiz.question": ("Вопрос", "Question"),
    "quiz.points": ("балл.", "pt"),
    "quiz.choose_one": ("Выберите один ответ", "Choose one answer"),
    "quiz.choose_many": ("Выберите все верные ответы", "Choose every correct answer"),
    "quiz.text_hint": ("Введите ответ", "Type your answer"),
    "quiz.number_hint": ("Введите число", "Enter a number"),
    "quiz.not_a_number": (
        "Это не число: такой ответ не засчитается. Пример: 3,5",
        "This is not a number, so it would not count. For example: 3.5",
    ),
    "quiz.answer": ("Ответ", "Answer"),
    "quiz.submit": ("Отправить ответы", "Submit answers"),
    "quiz.submit_hint": (
        "Ответы сохраняются по мере ввода. После отправки изменить их нельзя.",
        "Answers are saved as you go. They cannot be changed after you submit.",
    ),
    # Result
    "quiz.result": ("Результат", "Result"),
    "quiz.score": ("Ваш результат", "Your score"),
    "quiz.points_earned": ("Баллы", "Points"),
    "quiz.of": ("из", "of"),
    "quiz.passed": ("Сдан", "Passed"),
    "quiz.failed": ("Не сдан", "Failed"),
    "quiz.right": ("Верно", "Correct"),
    "quiz.wrong": ("Неверно", "Wrong"),
    "quiz.your_answer": ("Ваш ответ", "Your answer"),
    "quiz.your_choice": ("ваш выбор", "your choice"),
    "quiz.correct_answer": ("Правильный ответ", "Correct answer"),
    "quiz.correct_option": ("верный вариант", "correct option"),
    "quiz.no_answer": ("Нет ответа", "No answer"),
    "quiz.answers_hidden": (
        "В этом тесте правильные ответы не показываются.",
        "This quiz does not reveal the correct answers.",
    ),
    "quiz.late": (
        "Время вышло: засчитаны только ответы, сохранённые до окончания времени.",
        "Time ran out: only the answers saved before the deadline were counted.",
    ),
    "quiz.course_completed": (
        "Курс пройден! Сертификат появится в разделе «Моё обучение».",
        "Course completed! Your certificate will appear in My learning.",
    ),
    "quiz.try_again": ("Пройти ещё раз", "Try again"),
    "quiz.back": ("К описанию теста", "Back to the quiz"),
    # Errors raised by services/quizzes.py
    "quiz.not_found": ("Тест не найден", "Quiz not found"),
    "quiz.attempt_not_found": ("Попытка не найдена", "Attempt not found"),
    "quiz.no_attempts_left": (
        "Попытки закончились: новую начать нельзя.",
        "No attempts left: you cannot start a new one.",
    ),
    "quiz.no_questions": ("В тесте пока нет вопросов.", "This quiz has no questions yet."),
    "quiz.attempt_closed": ("Эта попытка уже отправлена.", "This attempt is already submitted."),
    "quiz.attempt_open": ("Попытка ещё не завершена.", "This attempt is not finished yet."),
    "quiz.time_is_up": (
        "Время вышло: ответ не сохранён.",
        "Time is up: the answer was not saved.",
    ),
    "quiz.unknown_question": (
        "Такого вопроса нет в этой попытке.",
        "This question is not part of the attempt.",
    ),
}
