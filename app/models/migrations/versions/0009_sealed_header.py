"""sealed header: the 笔录's header as printed at finalising, kept on the sign-off

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29

Seals made before this revision keep header_version 1 (no snapshot): they verify exactly as
before, against header_data v1 of the live case.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # add_column only: SQLite adds them without copying the table (see 0008)
    with op.batch_alter_table('record_sign_off', schema=None) as batch_op:
        batch_op.add_column(sa.Column('header_version', sa.Integer(), server_default='1', nullable=False))
        batch_op.add_column(sa.Column('header', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('record_sign_off', schema=None) as batch_op:
        batch_op.drop_column('header')
        batch_op.drop_column('header_version')
