"""category.name_en: the English name of a category (the catalog filters, the course
page and the home page show the name in the interface language), filled for the demo
catalogue's categories.

Revision ID: 0024
Revises: 0022
"""

import sqlalchemy as sa
from alembic import op

revision = "0024"
down_revision = "0022"
branch_labels = None
depends_on = None

# The demo catalogue's categories (seed/demo_content.py CATEGORY_NAMES_EN), for databases
# seeded before this column existed.
NAMES_EN = {
    "programming": "Programming",
    "data-science": "Data Science",
    "design": "Design",
    "marketing": "Marketing",
    "business": "Business and management",
    "languages": "Foreign languages",
    "soft-skills": "Soft skills",
}


def upgrade() -> None:
    with op.batch_alter_table("category") as batch:
        batch.add_column(
            sa.Column("name_en", sa.String(length=200), nullable=False, server_default="")
        )
    category = sa.table("category", sa.column("slug", sa.String), sa.column("name_en", sa.String))
    for slug, name in NAMES_EN.items():
        op.execute(category.update().where(category.c.slug == slug).values(name_en=name))


def downgrade() -> None:
    with op.batch_alter_table("category") as batch:
        batch.drop_column("name_en")
