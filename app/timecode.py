"""How the record writes a time on the hearing's timeline: HH:MM:SS (one clock for all)."""

from __future__ import annotations


def clock(seconds: float) -> str:
    s = max(0, int(seconds))
    return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"
