"""sealed record: hearing.sealed, journal ids on live audio and lines, the seal's key id

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('hearing', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sealed', sa.Boolean(), server_default='0', nullable=False))
    with op.batch_alter_table('hearing_audio', schema=None) as batch_op:
        batch_op.add_column(sa.Column('journal', sa.String(length=80), nullable=True))
        batch_op.create_index(batch_op.f('ix_hearing_audio_journal'), ['journal'], unique=False)
    with op.batch_alter_table('transcript_segment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('journal_line', sa.String(length=100), nullable=True))
        # a unique index, not a constraint: SQLite adds it without copying the table (a copy
        # drops the table its citations and correction requests refer to)
        batch_op.create_index(batch_op.f('ix_transcript_segment_journal_line'), ['journal_line'], unique=True)
    with op.batch_alter_table('record_sign_off', schema=None) as batch_op:
        batch_op.add_column(sa.Column('key_id', sa.String(length=16), server_default='', nullable=False))
    # Records finalised before this revision are sealed too.
    op.execute("UPDATE hearing SET sealed = true WHERE id IN (SELECT hearing_id FROM record_sign_off)")


def downgrade() -> None:
    with op.batch_alter_table('record_sign_off', schema=None) as batch_op:
        batch_op.drop_column('key_id')
    with op.batch_alter_table('transcript_segment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_transcript_segment_journal_line'))
        batch_op.drop_column('journal_line')
    with op.batch_alter_table('hearing_audio', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hearing_audio_journal'))
        batch_op.drop_column('journal')
    with op.batch_alter_table('hearing', schema=None) as batch_op:
        batch_op.drop_column('sealed')
