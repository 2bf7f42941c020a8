"""Who is at the dashboard: Telegram's login data checked, then a signed session cookie.

The bot sends a login button (``/dasbor``); Telegram opens the dashboard's ``/masuk`` with the
person's id, names, ``auth_date`` and a ``hash``: HMAC-SHA-256 of the fields (sorted,
``key=value`` lines) keyed by the SHA-256 of the bot's token. Only someone who holds the token
can make one. A login is taken once (its hash is remembered: a replayed link is refused) and
within a day of ``auth_date``. The role is read from the database on every request, not kept
in the cookie, so a demoted member loses access at once.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Mapping, MutableMapping
from datetime import datetime, timedelta
from typing import Any

CSRF_KEY = "csrf"
LOGIN_MAX_AGE = timedelta(days=1)
CLOCK_SKEW = timedelta(minutes=5)
HASH = re.compile(r"[0-9a-f]{64}")
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
    if not fields.get("id", "").isdigit() or not fields.get("auth_date", "").isdigit():
        return None
    if not hmac.compare_digest(_digest(fields, token), given):
        return None
    signed_at = datetime.fromtimestamp(int(fields["auth_date"]), tz=now.tzinfo)
    if not now - LOGIN_MAX_AGE <= signed_at <= now + CLOCK_SKEW:
        return None
    return int(fields["id"])


def session_secret(token: str) -> str:
    """The cookie's signing key, derived from the token (a new token logs everyone out)."""
    return hmac.new(token.encode(), b"inovasi-dashboard-session", hashlib.sha256).hexdigest()


def csrf_token(session: MutableMapping[str, Any]) -> str:
    """The session's token for its forms, made at its first form. Another site can make a
    browser post to the dashboard but cannot read this token (it is only in our pages and in
    the signed session), so a post without it is refused."""
    token = session.get(CSRF_KEY)
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        session[CSRF_KEY] = token
    return token


def csrf_matches(session: Mapping[str, Any], given: str | None) -> bool:
    token = session.get(CSRF_KEY)
    return isinstance(token, str) and isinstance(given, str) and hmac.compare_digest(token, given)
