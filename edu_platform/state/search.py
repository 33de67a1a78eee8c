"""The header and hero search boxes: both send the words to the catalog URL."""

from __future__ import annotations

import reflex as rx

from edu_platform import routes


class SearchState(rx.State):
    @rx.event
    def submit(self, form_data: dict):
        words = str(form_data.get("q", ""))[:200].strip()
        return rx.redirect(routes.catalog_url(q=words))
