"""statistics: hearing element-based flag, covering indexes for period figures

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('hearing', schema=None) as batch_op:
        batch_op.add_column(sa.Column('element_based', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.create_index('ix_hearing_times', ['started_at', 'ended_at', 'element_based', 'case_id'],
                                unique=False)
    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.create_index('ix_case_accepted_stats',
                              ['accepted_on', 'procedure', 'women_priority', 'new_employment_form'], unique=False)
        batch_op.create_index('ix_case_closed_stats', ['closed_on', 'procedure', 'closing_way', 'accepted_on'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.drop_index('ix_case_closed_stats')
        batch_op.drop_index('ix_case_accepted_stats')
    with op.batch_alter_table('hearing', schema=None) as batch_op:
        batch_op.drop_index('ix_hearing_times')
        batch_op.drop_column('element_based')
