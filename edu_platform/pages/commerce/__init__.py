"""Money pages, one module each: `cart` (/cart), `checkout` (/checkout/[order_id]),
`orders` (/my/orders); `common` holds the pieces they share."""

from edu_platform.pages.commerce.cart import cart_page
from edu_platform.pages.commerce.checkout import checkout_page
from edu_platform.pages.commerce.orders import my_orders_page

__all__ = ["cart_page", "checkout_page", "my_orders_page"]
