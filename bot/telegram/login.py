"""Telegram's login data, signed and checked. The bot sends a login button (``/dasbor``);
Telegram opens the dashboard's ``/masuk`` with the person's id, names, ``auth_date`` and a
``hash``: HMAC-SHA-256 of the fields (sorted, ``key=value`` lines) keyed by the SHA-256 of the
bot's token. Only someone who holds the token can make one. Used by the chat's /dasbor (which
signs) and the dashboard (which checks): below both."""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Mapping
from datetime import datetime, timedelta

from bot.core.textinput import parse_number

LOGIN_MAX_AGE = timedelta(days=1)
CLOCK_SKEW = timedelta(minutes=5)
HASH = re.compile(r"[0-9a-f]{64}")
USER_ID_MAX = 2**53  # Telegram's user ids fit in 52 bits
AUTH_DATE_MAX = 2**33  # seconds: the year 2242, within what datetime takes
FIELDS = ("id", "first_name", "last_name", "username", "photo_url", "auth_date", "hash")


def _digest(fields: Mapping[str, str], token: str) -> str:
    data = "\n".join(f"{key}={fields[key]}" for key in sorted(fields) if key != "hash")
    secret = hashlib.sha256(token.encode()).digest()
    return hmac.new(secret, data.encode(), hashlib.sha256).hexdigest()


def sign_login(fields: Mapping[str, str], token: str) -> dict[str, str]:
    """The fields with the hash Telegram would add (the sandbox and the tests log in so)."""
    signed = {key: str(value) for key, value in fields.items() if key != "hash"}
    signed["hash"] = _digest(signed, token)
    return signed


def check_login(params: Mapping[str, str], token: str, now: datetime) -> int | None:
    """The Telegram user id of a genuine, fresh login; None for anything else."""
    fields = {key: params[key] for key in FIELDS if key in params}
    given = fields.get("hash", "")
    if not HASH.fullmatch(given) or any("\n" in value for value in fields.values()):
        return None  # not a hash Telegram makes; a new line could fake the signed lines
    telegram_id = parse_number(fields.get("id"), low=1, high=USER_ID_MAX)
    auth_date = parse_number(fields.get("auth_date"), high=AUTH_DATE_MAX)
    if telegram_id is None or auth_date is None:
        return None
    if not hmac.compare_digest(_digest(fields, token), given):
        return None
    signed_at = datetime.fromtimestamp(auth_date, tz=now.tzinfo)
    if not now - LOGIN_MAX_AGE <= signed_at <= now + CLOCK_SKEW:
        return None
    return telegram_id


def session_secret(token: str) -> str:
    """The cookie's signing key, derived from the token (a new token logs everyone out)."""
    return hmac.new(token.encode(), b"inovasi-dashboard-session", hashlib.sha256).hexdigest()
