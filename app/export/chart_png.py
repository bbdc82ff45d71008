"""Simple charts as PNG pictures for the Word report, drawn with Pillow (no Qt: the CLI
writes the same report). Chinese labels need a CJK font from the system; without one the
charts are drawn with the bars and numbers only, and the labels are in the tables beside them."""

from __future__ import annotations

import io
import math
import sys
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

PALETTE = ["#3b6ea5", "#e0843a", "#5a9e57", "#c44e52", "#8172b2", "#937860", "#64b5cd"]
_FONT_CANDIDATES = (
    "C:/Windows/Fonts/msyh.ttc", "C:/Windows/Fonts/simhei.ttf", "C:/Windows/Fonts/simsun.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/System/Library/Fonts/PingFang.ttc", "/System/Library/Fonts/STHeiti Medium.ttc",
)
SCALE = 2  # drawn at twice the size for a crisp picture in Word


@cache
def cjk_font_path() -> str | None:
    for candidate in _FONT_CANDIDATES:
        if Path(candidate).is_file():
            return candidate
    if sys.platform.startswith("linux"):
        for folder in (Path("/usr/share/fonts"), Path.home() / ".fonts"):
            for found in sorted(folder.rglob("*CJK*Regular*.tt*")) if folder.is_dir() else []:
                return str(found)
    return None


@cache
def _font(size: int):
    path = cjk_font_path()
    if path:
        try:
            return ImageFont.truetype(path, size * SCALE)
        except OSError:
            pass
    return ImageFont.load_default(size * SCALE)


def _label(draw, xy, text: str, **kw) -> None:
    """Text on the chart; Chinese text only when a CJK font was found (no boxes instead)."""
    if cjk_font_path() is None and not text.isascii():
        return
    draw.text(xy, text, **kw)


def _canvas(width: int, height: int):
    image = Image.new("RGB", (width * SCALE, height * SCALE), "white")
    return image, ImageDraw.Draw(image)


def _png(image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _nice_max(value: float, ticks: int = 4) -> float:
    """The top of the axis: `ticks` equal steps of 1, 2 or 5 times a power of ten."""
    if value <= 0:
        return ticks
    raw = value / ticks
    exp = 10 ** math.floor(math.log10(raw))
    for step in (1, 2, 5, 10):
        if raw <= step * exp:
            return max(step * exp, 1) * ticks
    return 10 * exp * ticks


def bar_chart(title: str, categories: list[str], series: dict[str, list[float | None]], *,
              lines: dict[str, float] | None = None, width: int = 640, height: int = 320) -> bytes:
    """Grouped vertical bars; `lines` are horizontal reference lines (e.g. 45-day limit)."""
    image, draw = _canvas(width, height)
    s = SCALE
    left, right, top, bottom = 50 * s, (width - 16) * s, 40 * s, (height - 48) * s
    _label(draw, (width * s // 2, 10 * s), title, fill="black", font=_font(14), anchor="ma")
    values = [v or 0 for vs in series.values() for v in vs] + list((lines or {}).values())
    top_value = _nice_max(max(values, default=0))
    y = lambda v: bottom - (bottom - top) * (v / top_value)
    for i in range(5):
        v = top_value * i / 4
        draw.line([(left, y(v)), (right, y(v))], fill="#dddddd", width=s)
        _label(draw, (left - 6 * s, y(v)), f"{v:g}", fill="#555555", font=_font(10), anchor="rm")
    n = max(len(categories), 1)
    group = (right - left) / n
    bar = group * 0.75 / max(len(series), 1)
    for ci, cat in enumerate(categories):
        x0 = left + ci * group + group * 0.125
        for si, (_name, vs) in enumerate(series.items()):
            v = vs[ci] or 0
            x = x0 + si * bar
            draw.rectangle([x, y(v), x + bar - s, bottom], fill=PALETTE[si % len(PALETTE)])
            if v and bar > 14 * s:
                _label(draw, (x + bar / 2, y(v) - 2 * s), f"{v:g}", fill="black", font=_font(9), anchor="mb")
        _label(draw, (left + ci * group + group / 2, bottom + 4 * s), cat, fill="black",
                  font=_font(10 if n <= 12 else 8), anchor="ma")
    for li, (name, v) in enumerate((lines or {}).items()):
        colour = ["#c44e52", "#5a9e57"][li % 2]
        draw.line([(left, y(v)), (right, y(v))], fill=colour, width=2 * s)
        _label(draw, (right, y(v) - 2 * s), f"{name} {v:g}", fill=colour, font=_font(10), anchor="rb")
    draw.line([(left, top), (left, bottom), (right, bottom)], fill="black", width=s)
    _legend(draw, list(series), left, (height - 20) * s)
    return _png(image)


def pie_chart(title: str, parts: dict[str, int], *, width: int = 480, height: int = 320) -> bytes:
    image, draw = _canvas(width, height)
    s = SCALE
    _label(draw, (width * s // 2, 10 * s), title, fill="black", font=_font(14), anchor="ma")
    total = sum(parts.values())
    box = [20 * s, 40 * s, 280 * s, 300 * s]
    if total:
        angle = -90.0
        for i, (_name, v) in enumerate(parts.items()):
            if not v:
                continue
            sweep = 360 * v / total
            draw.pieslice(box, angle, angle + sweep, fill=PALETTE[i % len(PALETTE)], outline="white", width=s)
            angle += sweep
    else:
        draw.ellipse(box, outline="#bbbbbb", width=2 * s)
    for i, (name, v) in enumerate(parts.items()):
        yy = (60 + i * 24) * s
        draw.rectangle([300 * s, yy, 314 * s, yy + 14 * s], fill=PALETTE[i % len(PALETTE)])
        share = f"{v / total * 100:.0f}%" if total else "—"
        _label(draw, (320 * s, yy), f"{name}  {v} 件  {share}", fill="black", font=_font(11))
    return _png(image)


def _legend(draw, names: list[str], x: float, y: float) -> None:
    s = SCALE
    for i, name in enumerate(names):
        draw.rectangle([x, y, x + 12 * s, y + 12 * s], fill=PALETTE[i % len(PALETTE)])
        _label(draw, (x + 16 * s, y - 1 * s), name, fill="black", font=_font(10))
        x += (24 + 14 * len(name)) * s
