"""The shared buttons and dialogs keep their contracts: a delete button is named after what
it deletes, a form's button submits it, a Remove button never does, a view dialog opens on
its flag alone when it has no close handler."""

from __future__ import annotations

import reflex as rx

from edu_platform.components import buttons, dialogs


def _var(name: str, type_: type) -> rx.Var:
    return rx.Var(_js_expr=name, _var_type=type_).guess_type()


ITEM = _var("item_name", str)
OPEN = _var("open", bool)


def test_a_delete_button_in_a_list_is_named_after_its_item():
    named = str(buttons.delete_action(rx.console_log("x"), ITEM))
    assert "LucideTrash2" in named
    assert '" ")+item_name)' in named  # "Delete <item>", its accessible name and tooltip
    assert 'color:"red"' in named
    alone = str(buttons.delete_action(rx.console_log("x"), label_key="materials.lesson.delete"))
    assert "Delete lesson" in alone
    assert "item_name" not in alone


def test_the_submit_button_submits_and_the_remove_button_does_not():
    assert 'type:"submit"' in str(buttons.submit_button("authoring.save", loading=OPEN))
    remove = str(buttons.remove_button("authoring.video.remove", rx.console_log("x"), size="1"))
    assert 'type:"button"' in remove
    assert 'color:"red"' in remove
    assert 'variant:"ghost"' in remove


def test_a_view_dialog_without_a_close_handler_follows_its_flag():
    text = str(dialogs.view_dialog(("Order", " #", ITEM), rx.text("body"), open=OPEN))
    assert "open:open" in text
    assert "onOpenChange" not in text
    described = str(
        dialogs.view_dialog(
            "Receipt", rx.text("body"), open=OPEN, on_open_change=rx.console_log, description="x"
        )
    )
    assert "onOpenChange" in described
    assert "RadixThemesDialog.Description" in described


def test_a_row_button_with_a_condition_shows_only_while_it_holds():
    revoke = ("certificates.admin.revoke", rx.console_log("x"), ITEM)
    shown = str(buttons.row_button(*revoke, when=OPEN))
    assert "(open?" in shown
    assert "item_name" in shown
    assert "open?" not in str(buttons.row_button(*revoke))
