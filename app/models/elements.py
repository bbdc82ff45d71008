"""A case's element table (要素表) and the calculations made from it."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, Money, str_enum, utcnow
from app.models.case import Case
from app.vocabulary import ElementStatus


class ElementEntry(Base):
    """One element of one case. Label, kind, question and basis are copied from the template
    when the entry is made, so a case keeps the template version it was opened with."""

    __tablename__ = "element_entry"
    __table_args__ = (UniqueConstraint("case_id", "element_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    element_key: Mapped[str] = mapped_column(String(60))
    type_key: Mapped[str] = mapped_column(String(40))
    template_version: Mapped[int] = mapped_column(Integer, default=1)
    position: Mapped[int] = mapped_column(Integer, default=0)
    label: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(10))
    question: Mapped[str] = mapped_column(Text, default="")
    basis: Mapped[str] = mapped_column(String(200), default="")
    applicant_position: Mapped[str] = mapped_column(Text, default="")
    respondent_position: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[ElementStatus] = mapped_column(str_enum(ElementStatus), default=ElementStatus.PENDING)
    finding: Mapped[str] = mapped_column(Text, default="")
    evidence: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    case: Mapped[Case] = relationship()

    __mapper_args__ = {"version_id_col": version}


class Calculation(Base):
    """A stored calculator result with the inputs and local parameter values it used."""

    __tablename__ = "calculation"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    calculator: Mapped[str] = mapped_column(String(40))
    amount: Mapped[Decimal] = mapped_column(Money)
    basis: Mapped[str] = mapped_column(Text)
    inputs: Mapped[str] = mapped_column(Text, default="{}")  # JSON
    params: Mapped[str] = mapped_column(Text, default="{}")  # JSON: parameter values and their source
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
