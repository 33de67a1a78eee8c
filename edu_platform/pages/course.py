"""The course page: what the course is, its syllabus, schedule, reviews and the action."""

from __future__ import annotations

import reflex as rx

from edu_platform import routes
from edu_platform.components import blocks
from edu_platform.components.a11y import named_progress, star_rating
from edu_platform.components.bell import write_teacher_button
from edu_platform.components.buttons import submit_button
from edu_platform.components.course_actions import course_action_button
from edu_platform.components.course_card import banner, level_badge, rating
from edu_platform.components.course_schedule import course_schedule
from edu_platform.components.forms import area_field
from edu_platform.components.i18n import tr, tr_plural
from edu_platform.components.layout import page
from edu_platform.components.markdown import safe_markdown
from edu_platform.components.page_parts import FILL, beside_on_wide, public_profile, side_pane
from edu_platform.components.teacher_card import teacher_avatar, teacher_section
from edu_platform.components.time_zone import zone_probe
from edu_platform.services.course_page import RatingBar
from edu_platform.state.course import CourseState, ReviewRow, SyllabusLesson, SyllabusModule
from edu_platform.state.i18n import LangState

LESSON_ICONS = {"text": "file-text", "video": "circle-play", "quiz": "list-checks"}


def stars(count) -> rx.Component:
    return star_rating(count)


def _course_fact(icon: str, text: rx.Var, **props) -> rx.Component:
    return blocks.icon_text(icon, rx.text(text, size="2", **props), spacing="2")


def summary_panel() -> rx.Component:
    card = CourseState.card
    return blocks.stacked_card(
        rx.inset(banner(card), side="top", pb="current", align_self="stretch"),
        rx.cond(
            card.is_free,
            rx.text(tr("course.free"), size="7", color_scheme="green", as_="p", weight="bold"),
            rx.text(card.price_labels[LangState.lang], size="7", as_="p", weight="bold"),
        ),
        course_action_button(
            card.id,
            card.slug,
            card.is_free,
            card.price_labels[LangState.lang],
            CourseState.enrolled,
            CourseState.progress_percent,
        ),
        rx.cond(
            CourseState.enrolled & ~CourseState.can_edit,
            write_teacher_button(
                routes.conversation_url("u" + card.teacher_id.to(str)), width="100%"
            ),
        ),
        rx.divider(),
        _course_fact("book-open", tr_plural("plural.lessons", CourseState.lessons_count)),
        _course_fact(
            "clock",
            CourseState.duration_labels[LangState.lang],
            data_testid="course-duration",
        ),
        _course_fact("users", tr_plural("plural.learners", card.enrollment_count)),
    )


def duration(*parts, test_id: str) -> rx.Component:
    """How long a lesson or module takes, kept on one line at the row's right."""
    return blocks.muted(*parts, size="1", white_space="nowrap", data_testid=test_id)


def lesson_row(lesson: SyllabusLesson) -> rx.Component:
    return rx.hstack(
        rx.match(
            lesson.kind,
            *[(k, rx.icon(icon, size=16)) for k, icon in LESSON_ICONS.items()],
            rx.icon("file", size=16),
        ),
        rx.text(lesson.title, size="2"),
        rx.spacer(),
        duration(lesson.duration_labels[LangState.lang], test_id="lesson-duration"),
        width="100%",
        align="center",
        padding_y="4px",
    )


def module_item(module: SyllabusModule) -> rx.Component:
    return rx.accordion.item(
        header=rx.hstack(
            rx.text(module.title, weight="medium"),
            rx.spacer(),
            duration(
                tr_plural("plural.lessons", module.lessons.length()),
                " · ",
                module.duration_labels[LangState.lang],
                test_id="module-duration",
            ),
            width="100%",
            align="center",
        ),
        content=blocks.column(rx.foreach(module.lessons, lesson_row), spacing="0"),
        value=module.id.to_string(),
    )


def syllabus() -> rx.Component:
    return rx.accordion.root(
        rx.foreach(CourseState.modules, module_item),
        type="multiple",
        collapsible=True,
        variant="outline",
        width="100%",
    )


def rating_bar(bar: RatingBar) -> rx.Component:
    return blocks.row(
        rx.text(bar.stars, size="1", width="12px"),
        rx.icon("star", size=12, color=rx.color("amber", 9), fill=rx.color("amber", 9)),
        named_progress(
            bar.percent,
            tr_plural("plural.stars", bar.stars).to(str) + ": " + bar.percent.to_string() + " %",
            width="160px",
            color_scheme="amber",
        ),
        blocks.muted(bar.count, size="1"),
    )


def review_card(review: ReviewRow) -> rx.Component:
    return blocks.stacked_card(
        rx.hstack(
            rx.avatar(fallback=review.author[:1], size="2", radius="full"),
            rx.vstack(
                rx.text(review.author, weight="medium", size="2"),
                stars(review.rating),
                spacing="1",
            ),
            rx.spacer(),
            blocks.muted(review.created[LangState.lang], size="1"),
            width="100%",
            align="center",
        ),
        rx.text(review.comment, size="2"),
        spacing="2",
    )


def review_form() -> rx.Component:
    """The enrolled viewer's own review: stars 1..5 and a comment (editable)."""
    return rx.card(
        blocks.post_form(
            CourseState.save_review,
            rx.text(tr("course.your_review"), weight="bold"),
            rx.el.fieldset(
                rx.el.legend(rx.text(tr("course.your_rating"), size="2")),
                rx.radio_group.root(
                    rx.hstack(
                        *[
                            rx.radio_group.item(str(n), value=str(n), aria_label=f"{n}/5")
                            for n in range(1, 6)
                        ],
                        spacing="3",
                    ),
                    name="rating",
                    default_value=CourseState.my_rating.to_string(),
                    required=True,
                ),
                style={"border": "none", "padding": "0", "margin": "0"},
            ),
            area_field(
                "review-comment",
                "course.your_comment",
                error=CourseState.review_error,
                name="comment",
                default_value=CourseState.my_comment,
                rows="3",
            ),
            submit_button("course.save_review"),
            spacing="2",
            key=CourseState.review_form_key.to_string(),
        ),
        width="100%",
    )


def reviews_section() -> rx.Component:
    card = CourseState.card
    return blocks.column(
        rx.flex(
            rx.vstack(
                rx.text(
                    card.rating_labels[LangState.lang].to(str), size="8", as_="p", weight="bold"
                ),
                stars(card.rating_avg),
                blocks.muted(tr_plural("plural.ratings", card.rating_count), size="1"),
                spacing="1",
                align="center",
            ),
            rx.vstack(rx.foreach(CourseState.rating_bars, rating_bar), spacing="1"),
            gap="32px",
            align="center",
            direction=rx.breakpoints(initial="column", sm="row"),
        ),
        rx.cond(CourseState.enrolled, review_form()),
        rx.cond(
            CourseState.reviews_total == 0,
            blocks.notice(tr("course.no_reviews"), icon="message-circle"),
            blocks.column(rx.foreach(CourseState.reviews, review_card)),
        ),
        rx.cond(
            CourseState.more_reviews,
            rx.button(
                tr("course.more_reviews"), variant="soft", on_click=CourseState.load_more_reviews
            ),
        ),
        spacing="4",
    )


def course_header() -> rx.Component:
    card = CourseState.card
    return blocks.column(
        rx.hstack(
            rx.link(tr("nav.catalog"), href=routes.CATALOG, size="2"),
            rx.cond(
                card.category_name != "",
                blocks.muted("/ ", card.category_names[LangState.lang].to(str)),
            ),
            spacing="1",
        ),
        rx.heading(
            card.title,
            size=rx.breakpoints(initial="7", md="8"),
            custom_attrs={"lang": card.language},
        ),
        blocks.muted(card.summary, size="4", custom_attrs={"lang": card.language}),
        blocks.row(
            level_badge(card),
            rx.badge(card.language.upper(), variant="outline"),
            rating(card),
            spacing="3",
            wrap="wrap",
        ),
        blocks.row(
            rx.cond(
                CourseState.teacher.is_not_none(),
                teacher_avatar(CourseState.teacher, size="2"),
            ),
            rx.text(
                tr("course.teacher"),
                ": ",
                rx.cond(
                    CourseState.teacher.is_not_none() & CourseState.teacher.has_page,
                    rx.link(
                        rx.text.strong(card.teacher_name),
                        href=routes.teacher_url(card.teacher_id),
                    ),
                    rx.text.strong(card.teacher_name),
                ),
                size="2",
            ),
        ),
        rx.cond(
            CourseState.can_edit,
            rx.link(
                tr("authoring.edit_course"),
                # A material is edited in its author's "My materials", a course in /teach.
                href=rx.cond(
                    CourseState.card.kind == "material",
                    routes.edit_material_url(CourseState.card.id),
                    routes.teach_course_url(CourseState.card.id),
                ),
            ),
        ),
        rx.cond(
            ~CourseState.is_published,
            blocks.notice(tr("course.draft"), tone="warning", icon="eye-off", role=None),
        ),
    )


def course_body() -> rx.Component:
    # The title comes first on every screen; on phones the price card follows it
    # (column-reverse), before the long description.
    return blocks.column(
        course_header(),
        beside_on_wide(
            rx.vstack(
                blocks.section(
                    "course.about",
                    rx.box(
                        safe_markdown(CourseState.description),
                        class_name="course-description",
                        width="100%",
                        custom_attrs={"lang": CourseState.card.language},
                    ),
                ),
                blocks.section(
                    "course.syllabus",
                    rx.box(
                        syllabus(), width="100%", custom_attrs={"lang": CourseState.card.language}
                    ),
                ),
                rx.cond(
                    CourseState.sessions.length() > 0,
                    blocks.section("course.schedule", rx.fragment(*course_schedule())),
                ),
                rx.cond(
                    CourseState.teacher.is_not_none() & CourseState.teacher.has_page,
                    blocks.section("teacher.about", teacher_section(CourseState.teacher)),
                ),
                blocks.section("course.reviews_title", reviews_section()),
                spacing="6",
                **FILL,
            ),
            side_pane(summary_panel(), "340px", sticky=True),
            gap="32px",
        ),
        spacing="5",
    )


@page
def course_page() -> rx.Component:
    return rx.fragment(zone_probe(CourseState.report_zone), _course_page())


def _course_page() -> rx.Component:
    missing = ("search-x", "catalog.course_not_found")
    return public_profile(CourseState, CourseState.card, missing, ("40px", "60%"), course_body())
