"""UI and error messages of the commerce area: course actions, cart, checkout, orders, reviews."""

# key -> (ru, en)
MESSAGES: dict[str, tuple[str, str]] = {
    # Course page actions
    "commerce.action.enrol_free": ("Записаться бесплатно", "Enrol for free"),
    "commerce.action.buy_for": ("Купить за", "Buy for"),
    "commerce.action.continue": ("Продолжить обучение", "Continue learning"),
    "commerce.toast.enrolled": (
        "Вы записаны на курс. Приятного обучения!",
        "You are enrolled. Enjoy the course!",
    ),
    "commerce.toast.added": ("Курс добавлен в корзину", "The course is in your cart"),
    "commerce.toast.removed": ("Курс убран из корзины", "The course was removed from your cart"),
    # Cart
    "commerce.cart.title": ("Корзина", "Cart"),
    "commerce.cart.link": ("Корзина", "Cart"),
    "commerce.cart.items_in_cart": ("Курсов в корзине", "Courses in your cart"),
    "commerce.cart.empty_state": (
        "В корзине пока пусто. Выберите курс в каталоге.",
        "Your cart is empty. Pick a course in the catalog.",
    ),
    "commerce.cart.browse": ("Перейти в каталог", "Browse the catalog"),
    "commerce.cart.remove": ("Удалить", "Remove"),
    "commerce.cart.coupon_label": ("Промокод", "Coupon code"),
    "commerce.cart.coupon_apply": ("Применить", "Apply"),
    "commerce.cart.coupon_clear": ("Убрать промокод", "Remove coupon"),
    "commerce.cart.coupon_applied": ("Промокод применён", "Coupon applied"),
    "commerce.cart.checkout": ("Оформить заказ", "Checkout"),
    "commerce.cart.summary": ("Ваш заказ", "Order summary"),
    "commerce.summary.subtotal": ("Сумма", "Subtotal"),
    "commerce.summary.discount": ("Скидка", "Discount"),
    "commerce.summary.total": ("Итого", "Total"),
    # Checkout
    "commerce.checkout.title": ("Оплата заказа", "Pay for your order"),
    "commerce.checkout.order_no": ("Заказ №", "Order #"),
    "commerce.checkout.card_title": ("Данные карты", "Card details"),
    "commerce.checkout.free_note": (
        "Промокод покрывает всю стоимость: платить ничего не нужно.",
        "Your coupon covers the whole price: there is nothing to pay.",
    ),
    "commerce.checkout.free_button": ("Получить бесплатно", "Get it for free"),
    "commerce.checkout.card_number": ("Номер карты", "Card number"),
    "commerce.checkout.exp": ("Срок (ММ/ГГ)", "Expiry (MM/YY)"),
    "commerce.checkout.cvc": ("CVC-код", "CVC"),
    "commerce.checkout.sandbox_hint": (
        "Тестовый режим: карта 4242 4242 4242 4242 проходит, 4000 0000 0000 0002 отклоняется.",
        "Test mode: card 4242 4242 4242 4242 succeeds, 4000 0000 0000 0002 is declined.",
    ),
    "commerce.checkout.pay": ("Оплатить", "Pay"),
    "commerce.checkout.paid_title": ("Оплата получена", "Payment received"),
    "commerce.checkout.paid_text": (
        "Курсы уже ждут вас в разделе «Моё обучение».",
        "Your courses are waiting for you in My learning.",
    ),
    "commerce.checkout.go_my": ("Перейти к моему обучению", "Go to My learning"),
    "commerce.checkout.back_to_cart": ("Вернуться в корзину", "Back to cart"),
    "commerce.checkout.closed": (
        "Этот заказ больше нельзя оплатить.",
        "This order can no longer be paid.",
    ),
    # Orders
    "commerce.orders.title": ("Мои заказы", "My orders"),
    "commerce.orders.empty": ("Заказов пока нет.", "You have no orders yet."),
    "commerce.orders.receipt": ("Чек", "Receipt"),
    "commerce.orders.receipt_title": ("Чек по заказу №", "Receipt for order #"),
    "commerce.orders.date": ("Дата", "Date"),
    "commerce.orders.paid_at": ("Оплачен", "Paid on"),
    "commerce.orders.items": ("Курсы", "Courses"),
    "commerce.orders.coupon": ("Промокод", "Coupon"),
    "commerce.orders.pay_now": ("Оплатить", "Pay now"),
    "commerce.orders.close": ("Закрыть", "Close"),
    "commerce.orders.status.pending": ("Ожидает оплаты", "Awaiting payment"),
    "commerce.orders.status.paid": ("Оплачен", "Paid"),
    "commerce.orders.status.cancelled": ("Отменён", "Cancelled"),
    "commerce.orders.status.refunded": ("Возвращён", "Refunded"),
    # Errors raised by the services
    "commerce.payment_required": (
        "Этот курс платный: сначала купите его.",
        "This course is paid: buy it first.",
    ),
    "commerce.course_not_found": ("Курс не найден", "Course not found"),
    "commerce.already_owned": ("Этот курс у вас уже есть", "You already have this course"),
    "commerce.cart.free_course": (
        "Этот курс бесплатный — просто запишитесь на него.",
        "This course is free — just enrol.",
    ),
    "commerce.cart.currency_mismatch": (
        "В одном заказе могут быть курсы только в одной валюте.",
        "All courses in one order must be in the same currency.",
    ),
    "commerce.cart.full": ("В корзине слишком много курсов", "Your cart is full"),
    "commerce.cart.empty": ("Корзина пуста", "Your cart is empty"),
    "commerce.coupon.empty": ("Введите промокод", "Enter a coupon code"),
    "commerce.coupon.unknown": ("Такого промокода нет", "There is no such coupon"),
    "commerce.coupon.inactive": ("Этот промокод отключён", "This coupon is not active"),
    "commerce.coupon.expired": ("Срок действия промокода истёк", "This coupon has expired"),
    "commerce.coupon.used_up": (
        "Промокод уже использован максимальное число раз",
        "This coupon has been used up",
    ),
    "commerce.coupon.not_applicable": (
        "Промокод не действует на курсы в корзине",
        "This coupon does not apply to the courses in your cart",
    ),
    "commerce.order.not_found": ("Заказ не найден", "Order not found"),
    "commerce.order.empty": ("Выберите хотя бы один курс", "Choose at least one course"),
    "commerce.order.key_required": (
        "Нужен заголовок Idempotency-Key",
        "The Idempotency-Key header is required",
    ),
    "commerce.order.key_reused": (
        "Этот Idempotency-Key уже использован для другого заказа",
        "This Idempotency-Key was used for another order",
    ),
    "commerce.order.already_paid": ("Заказ уже оплачен", "This order is already paid"),
    "commerce.order.not_payable": (
        "Этот заказ больше нельзя оплатить",
        "This order can no longer be paid",
    ),
    "commerce.pay.card_invalid": (
        "Неверный номер карты. В тестовом режиме используйте 4242 4242 4242 4242.",
        "Invalid card number. In test mode use 4242 4242 4242 4242.",
    ),
    "commerce.pay.exp_invalid": ("Укажите срок в формате ММ/ГГ", "Enter the expiry as MM/YY"),
    "commerce.pay.card_expired": ("Срок действия карты истёк", "The card has expired"),
    "commerce.pay.cvc_invalid": ("CVC — это 3 или 4 цифры", "The CVC is 3 or 4 digits"),
    "commerce.pay.declined": (
        "Банк отклонил платёж. Деньги не списаны — попробуйте другую карту.",
        "The payment was declined. You were not charged — try another card.",
    ),
    "commerce.webhook.invalid": ("Некорректное уведомление о платеже", "Invalid payment event"),
    "commerce.webhook.bad_signature": ("Неверная подпись", "Bad signature"),
    "commerce.refund.not_paid": (
        "Вернуть можно только оплаченный заказ",
        "Only a paid order can be refunded",
    ),
    "commerce.review.rating_range": ("Оценка — от 1 до 5", "The rating is from 1 to 5"),
    "commerce.review.comment_long": ("Отзыв слишком длинный", "The review is too long"),
    "commerce.review.not_enrolled": (
        "Оставить отзыв могут только участники курса",
        "Only learners of this course can review it",
    ),
    "commerce.review.exists": (
        "Вы уже оставили отзыв об этом курсе",
        "You have already reviewed this course",
    ),
    "commerce.review.missing": ("Вашего отзыва пока нет", "You have not reviewed this course"),
    "commerce.error.generic": (
        "Что-то пошло не так. Попробуйте ещё раз.",
        "Something went wrong. Please try again.",
    ),
}
