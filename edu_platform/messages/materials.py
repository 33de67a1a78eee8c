"""Messages of user-written materials: catalog filter, "My materials", the editor."""

MESSAGES: dict[str, tuple[str, str]] = {
    "materials.filter": ("Тип", "Type"),
    "materials.kind.course": ("Курсы", "Courses"),
    "materials.kind.material": ("Материалы", "Materials"),
    "materials.badge": ("Материал", "Material"),
    "materials.nav": ("Мои материалы", "My materials"),
    "materials.title": ("Мои материалы", "My materials"),
    "materials.intro": (
        "Поделитесь знаниями: материал бесплатный, публикуется сразу и виден в каталоге "
        "с фильтром «Материалы». Сертификат по материалам не выдаётся.",
        "Share what you know: a material is free, published at once and listed in the "
        "catalog under the “Materials” filter. Materials do not issue certificates.",
    ),
    "materials.empty": ("У вас пока нет материалов.", "You have no materials yet."),
    "materials.new": ("Новый материал", "New material"),
    "materials.create": ("Создать", "Create"),
    "materials.field.title": ("Название", "Title"),
    "materials.field.summary": ("Кратко о материале", "Short summary"),
    "materials.lessons": ("Уроки", "Lessons"),
    "materials.lesson.title": ("Название урока", "Lesson title"),
    "materials.lesson.body": ("Текст урока (Markdown)", "Lesson text (Markdown)"),
    "materials.lesson.add": ("Добавить урок", "Add a lesson"),
    "materials.lesson.delete": ("Удалить урок", "Delete lesson"),
    "materials.lesson.none": (
        "Добавьте первый урок — без уроков материал нечего читать.",
        "Add the first lesson: without lessons there is nothing to read.",
    ),
    "materials.save": ("Сохранить", "Save"),
    "materials.saved": ("Сохранено.", "Saved."),
    "materials.edit": ("Редактировать", "Edit"),
    "materials.open": ("Открыть в каталоге", "Open in the catalog"),
    "materials.back": ("Все мои материалы", "All my materials"),
    "materials.published": ("Опубликован", "Published"),
    "materials.hidden": ("Скрыт администратором", "Hidden by an admin"),
    "materials.unpublished": ("Снят с публикации", "Unpublished"),
    "materials.preview": ("Предпросмотр", "Preview"),
    "materials.not_found": ("Материал не найден.", "Material not found."),
    "materials.admin.hide": ("Скрыть материал", "Hide material"),
    "materials.admin.show": ("Вернуть материал", "Show material"),
    "materials.admin.hidden": ("Материал скрыт.", "The material is hidden."),
    "materials.admin.shown": ("Материал снова виден.", "The material is visible again."),
    "materials.error.sign_in": (
        "Войдите, чтобы написать материал.",
        "Sign in to write a material.",
    ),
    "materials.error.hidden": (
        "Администратор скрыл этот материал.",
        "An admin has hidden this material.",
    ),
    "materials.error.no_certificate": (
        "По материалам сертификат не выдаётся.",
        "Materials do not issue certificates.",
    ),
    "authoring.error.kind": ("Неизвестный тип курса.", "Unknown course type."),
}
