"""Personal data shown only where needed (个人信息保护法 Art 6 minimum necessary, Art 51
security measures): ID numbers and phone numbers masked in lists, the party display, logs and
crash reports (issue 12). No Qt, no database."""

from __future__ import annotations

import logging
import re

# 居民身份证号码 (GB 11643): 6-digit region, birth date, 3-digit order, check digit
_ID = re.compile(r"(?<![0-9A-Za-z])(\d{6})(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}([\dXx])"
                 r"(?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)")
_LANDLINE = re.compile(r"(?<![\d-])(0\d{2,3}-?)\d{3,4}(\d{4})(?![\d-])")


def mask_id_number(number: str) -> str:
    """Keep the region (6) and the last 4 characters: 110105********002X."""
    n = (number or "").strip()
    if len(n) <= 10:
        return "*" * len(n)
    return n[:6] + "*" * (len(n) - 10) + n[-4:]


def mask_phone(phone: str) -> str:
    """Keep the first 3 and the last 4 digits: 138****5678."""
    p = (phone or "").strip()
    masked = mask_text(p)
    if masked != p:
        return masked
    return "*" * len(p) if len(p) <= 4 else "*" * (len(p) - 4) + p[-4:]


def mask_text(text: str) -> str:
    """Mask every ID number and phone number found in free text (record lines, log lines)."""
    if not text:
        return text
    text = _ID.sub(lambda m: m.group(1) + "********" + m.group(0)[-4:], text)
    text = _MOBILE.sub(lambda m: f"{m.group(1)}****{m.group(2)}", text)
    return _LANDLINE.sub(lambda m: f"{m.group(1)}****{m.group(2)}", text)


class MaskingFilter(logging.Filter):
    """Masks the rendered message of every log record (and its traceback text)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format: leave it to the handler
            return True
        record.msg, record.args = mask_text(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = mask_text(logging.Formatter().formatException(record.exc_info))
        elif record.exc_text:
            record.exc_text = mask_text(record.exc_text)
        return True
