"""accounts, office security settings, audit chain (issue 12)

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('account',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.Enum('admin', 'arbitrator', 'clerk', 'viewer', name='accountrole', native_enum=False,
                              length=32), nullable=False),
    sa.Column('password_hash', sa.String(length=200), nullable=False),
    sa.Column('os_user', sa.String(length=80), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('failed_attempts', sa.Integer(), nullable=False),
    sa.Column('locked_until', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_account_staff_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_account')),
    sa.UniqueConstraint('os_user', name=op.f('uq_account_os_user')),
    sa.UniqueConstraint('staff_id', name=op.f('uq_account_staff_id'))
    )
    with op.batch_alter_table('office', schema=None) as batch_op:
        batch_op.add_column(sa.Column('clerk_may_finalize', sa.Boolean(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('idle_lock_minutes', sa.Integer(), server_default='10', nullable=False))
        batch_op.add_column(sa.Column('backup_dir', sa.String(length=400), server_default='', nullable=False))
        batch_op.add_column(sa.Column('last_backup_at', sa.DateTime(), nullable=True))
    # Entries written before this revision stay unchained (seq NULL); `audit verify` counts them.
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.add_column(sa.Column('seq', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('link', sa.String(length=64), server_default='', nullable=False))
        batch_op.create_unique_constraint(batch_op.f('uq_audit_entry_seq'), ['seq'])


def downgrade() -> None:
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_audit_entry_seq'), type_='unique')
        batch_op.drop_column('link')
        batch_op.drop_column('seq')
    with op.batch_alter_table('office', schema=None) as batch_op:
        batch_op.drop_column('last_backup_at')
        batch_op.drop_column('backup_dir')
        batch_op.drop_column('idle_lock_minutes')
        batch_op.drop_column('clerk_may_finalize')
    op.drop_table('account')
