"""Declarative base and column types shared by every table."""

from __future__ import annotations

import enum
from datetime import datetime, timezone
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import BigInteger, Enum, MetaData, String
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

# Stable constraint names, so Alembic batch migrations on SQLite can find them.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

FEN = Decimal("0.01")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


class Money(TypeDecorator):
    """Yuan as Decimal in Python, whole fen as an integer in the database.

    Integers are exact on every backend (SQLite has no decimal type), and sums stay exact.
    """

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if isinstance(value, float):
            raise TypeError("money must be Decimal, not float")
        amount = Decimal(value)
        fen = (amount * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        return int(fen)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return (Decimal(int(value)) / 100).quantize(FEN)


def str_enum(enum_cls: type[enum.Enum]) -> Enum:
    """Store an enum by its value as plain VARCHAR (no native PG enum to migrate)."""
    return Enum(
        enum_cls,
        native_enum=False,
        create_constraint=False,
        length=32,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


__all__ = ["Base", "Money", "String", "str_enum", "utcnow", "FEN"]
