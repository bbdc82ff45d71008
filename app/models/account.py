"""Staff accounts: who may sign in, with which role (issue 12).

A password is stored only as an argon2id hash (app/services/accounts.py); an account may be
bound to an OS login so that on the office's own PCs nobody types a password.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, str_enum, utcnow
from app.models.office import Staff
from app.vocabulary import AccountRole


class Account(Base):
    __tablename__ = "account"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), unique=True)
    role: Mapped[AccountRole] = mapped_column(str_enum(AccountRole))
    password_hash: Mapped[str] = mapped_column(String(200))
    os_user: Mapped[str | None] = mapped_column(String(80), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    staff: Mapped[Staff] = relationship()

    __mapper_args__ = {"version_id_col": version}
