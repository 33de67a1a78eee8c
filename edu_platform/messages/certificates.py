"""Messages of certificates: the learner's list, public verification, the admin section."""

MESSAGES: dict[str, tuple[str, str]] = {
    # Errors raised by the service
    "certificates.not_found": ("Сертификат не найден", "Certificate not found"),
    "certificates.not_completed": (
        "Сертификат выдаётся после завершения курса",
        "A certificate is issued once the course is completed",
    ),
    "certificates.pending_download": (
        "Сертификат ещё готовится, попробуйте через минуту",
        "The certificate is still being prepared, try again in a minute",
    ),
    "certificates.revoked_download": (
        "Этот сертификат отозван",
        "This certificate has been revoked",
    ),
    "certificates.reason_required": ("Укажите причину", "Give a reason"),
    # Statuses
    "certificates.status.pending": ("Готовится", "Being prepared"),
    "certificates.status.ready": ("Готов", "Ready"),
    "certificates.status.revoked": ("Отозван", "Revoked"),
    # /my/certificates
    "certificates.my.title": ("Мои сертификаты", "My certificates"),
    "certificates.my.subtitle": (
        "Сертификат выдаётся за каждый завершённый курс. Его подлинность может проверить любой "
        "по номеру или QR-коду.",
        "You get a certificate for every course you complete. Anyone can check it by its "
        "number or QR code.",
    ),
    "certificates.my.empty": (
        "Сертификатов пока нет: завершите курс, и он появится здесь.",
        "No certificates yet: complete a course and it appears here.",
    ),
    "certificates.my.browse": ("Перейти в каталог", "Browse the catalog"),
    "certificates.my.preparing": (
        "Сертификат готовится — это займёт несколько секунд",
        "Being prepared — this takes a few seconds",
    ),
    "certificates.my.revoked_note": (
        "Сертификат отозван и больше не действителен",
        "This certificate was revoked and is no longer valid",
    ),
    "certificates.my.still_preparing": (
        "Подготовка занимает больше обычного. Обновите страницу позже.",
        "This takes longer than usual. Reload the page later.",
    ),
    "certificates.serial": ("Номер", "Number"),
    "certificates.issued": ("Выдан", "Issued"),
    "certificates.download": ("Скачать PDF", "Download PDF"),
    "certificates.verify_link": ("Проверить", "Verify"),
    # /verify/[serial]
    "certificates.verify.title": ("Проверка сертификата", "Certificate verification"),
    "certificates.verify.valid": ("Сертификат действителен", "Valid certificate"),
    "certificates.verify.valid_text": (
        "Этот сертификат выдан EduPlatform и не отозван.",
        "This certificate was issued by EduPlatform and has not been revoked.",
    ),
    "certificates.verify.invalid": ("Сертификат недействителен", "Invalid certificate"),
    "certificates.verify.invalid_text": (
        "Сертификата с таким номером нет. Проверьте, правильно ли введён номер.",
        "There is no certificate with this number. Check that it was typed correctly.",
    ),
    "certificates.verify.revoked": ("Сертификат отозван", "Certificate revoked"),
    "certificates.verify.revoked_text": (
        "Этот сертификат был выдан, но затем отозван и больше не действителен.",
        "This certificate was issued but then revoked; it is no longer valid.",
    ),
    "certificates.verify.pending": ("Сертификат оформляется", "Certificate being prepared"),
    "certificates.verify.pending_text": (
        "Курс завершён, сертификат будет готов через несколько секунд.",
        "The course is completed; the certificate will be ready in a few seconds.",
    ),
    "certificates.verify.holder": ("Владелец", "Holder"),
    "certificates.verify.course": ("Курс", "Course"),
    "certificates.verify.date": ("Дата выдачи", "Date of issue"),
    "certificates.verify.revoked_on": ("Дата отзыва", "Revoked on"),
    "certificates.verify.other": ("Проверить другой номер", "Check another number"),
    "certificates.verify.other_label": ("Номер сертификата", "Certificate number"),
    "certificates.verify.other_submit": ("Проверить", "Check"),
    # Admin
    "certificates.admin.nav": ("Сертификаты", "Certificates"),
    "certificates.admin.title": ("Сертификаты", "Certificates"),
    "certificates.admin.search_label": (
        "Поиск по номеру, владельцу или курсу",
        "Search by number, holder or course",
    ),
    "certificates.admin.search_placeholder": ("например, EDU-2026 или Петров", "e.g. EDU-2026"),
    "certificates.admin.search_submit": ("Найти", "Search"),
    "certificates.admin.status_filter": ("Статус", "Status"),
    "certificates.admin.status_all": ("Все статусы", "All statuses"),
    "certificates.admin.total": ("Найдено", "Found"),
    "certificates.admin.empty": ("Сертификаты не найдены", "No certificates found"),
    "certificates.admin.col.serial": ("Номер", "Number"),
    "certificates.admin.col.holder": ("Владелец", "Holder"),
    "certificates.admin.col.course": ("Курс", "Course"),
    "certificates.admin.col.issued": ("Выдан", "Issued"),
    "certificates.admin.col.status": ("Статус", "Status"),
    "certificates.admin.col.actions": ("Действия", "Actions"),
    "certificates.admin.prev": ("Назад", "Previous"),
    "certificates.admin.next": ("Вперёд", "Next"),
    "certificates.admin.page": ("Страница", "Page"),
    "certificates.admin.revoke": ("Отозвать", "Revoke"),
    "certificates.admin.refunded": ("Заказ {order} возвращён", "Order {order} refunded"),
    "certificates.admin.revoke_title": ("Отозвать сертификат", "Revoke certificate"),
    "certificates.admin.revoke_text": (
        "Проверка по номеру будет показывать, что сертификат отозван. Отменить это нельзя.",
        "Verification will show the certificate as revoked. This cannot be undone.",
    ),
    "certificates.admin.reason": ("Причина отзыва", "Reason for revoking"),
    "certificates.admin.cancel": ("Отмена", "Cancel"),
    "certificates.admin.revoke_confirm": ("Отозвать сертификат", "Revoke certificate"),
    "certificates.admin.revoked_done": ("Сертификат отозван", "Certificate revoked"),
    "certificates.admin.reissue_title": ("Перевыпуск сертификатов", "Re-issue certificates"),
    "certificates.admin.reissue_text": (
        "Заново сформировать PDF всех действующих сертификатов курса (номера не меняются).",
        "Render the PDFs of all valid certificates of a course again (numbers stay the same).",
    ),
    "certificates.admin.reissue_course": ("Курс", "Course"),
    "certificates.admin.reissue_pick": ("Выберите курс", "Choose a course"),
    "certificates.admin.reissue_button": (
        "Перевыпустить все сертификаты курса",
        "Re-issue all certificates of a course",
    ),
    "certificates.admin.reissue_none": (
        "Пока нет курсов с выданными сертификатами",
        "No course has certificates yet",
    ),
    "certificates.admin.reissue_started": ("Перевыпуск запущен", "Re-issue started"),
    "certificates.admin.progress": ("Прогресс перевыпуска", "Re-issue progress"),
    "certificates.admin.progress_of": ("из", "of"),
    "certificates.admin.progress_failed": ("ошибок", "failed"),
    "certificates.admin.job.queued": ("В очереди", "Queued"),
    "certificates.admin.job.running": ("Выполняется", "Running"),
    "certificates.admin.job.done": ("Готово", "Done"),
    "certificates.admin.job.failed": ("Ошибка", "Failed"),
}
