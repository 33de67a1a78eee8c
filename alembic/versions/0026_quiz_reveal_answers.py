"""quiz.reveal_answers: when right answers are shown (replaces show_correct_answers).

after_each_attempt | after_passing | after_last_attempt | never. Existing quizzes keep
what they did: show_correct_answers true -> after_each_attempt, false -> never.

Revision ID: 0026
Revises: 0022
"""

import sqlalchemy as sa
from alembic import op

revision = "0026"
down_revision = "0025"
branch_labels = None
depends_on = None

VALUES = "'after_each_attempt', 'after_passing', 'after_last_attempt', 'never'"


def upgrade() -> None:
    with op.batch_alter_table("quiz") as batch:
        batch.add_column(
            sa.Column(
                "reveal_answers",
                sa.String(length=20),
                server_default="after_each_attempt",
                nullable=False,
            )
        )
    op.execute(
        "UPDATE quiz SET reveal_answers = CASE WHEN show_correct_answers "
        "THEN 'after_each_attempt' ELSE 'never' END"
    )
    with op.batch_alter_table("quiz") as batch:
        batch.alter_column("reveal_answers", server_default=None)
        batch.drop_column("show_correct_answers")
        batch.create_check_constraint(
            op.f("ck_quiz_reveal_answers"), f"reveal_answers IN ({VALUES})"
        )


def downgrade() -> None:
    with op.batch_alter_table("quiz") as batch:
        batch.add_column(
            sa.Column(
                "show_correct_answers", sa.Boolean(), server_default=sa.true(), nullable=False
            )
        )
    op.execute("UPDATE quiz SET show_correct_answers = (reveal_answers <> 'never')")
    with op.batch_alter_table("quiz") as batch:
        batch.drop_constraint(op.f("ck_quiz_reveal_answers"), type_="check")
        batch.drop_column("reveal_answers")
