"""Who is at the dashboard: Telegram's login data checked, then a signed session cookie.

The bot sends a login button (``/dasbor``); Telegram opens the dashboard's ``/masuk`` with the
person's id, names, ``auth_date`` and a ``hash``: HMAC-SHA-256 of the fields (sorted,
``key=value`` lines) keyed by the SHA-256 of the bot's token. Only someone who holds the token
can make one. A login is taken once (its hash is remembered: a replayed link is refused) and
within a day of ``auth_date``. The role is read from the database on every request, not kept
in the cookie, so a demoted member loses access at once.

Every POST of a logged-in page carries the session's CSRF token (`csrf_token` renders it in a
hidden field, `posted_form` reads the form and checks it): another site's form, which cannot
read our pages, cannot send it.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Mapping, MutableMapping
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import parse_qsl

from starlette.requests import Request

from web.numbers import parse_number

LOGIN_MAX_AGE = timedelta(days=1)
CLOCK_SKEW = timedelta(minutes=5)
HASH = re.compile(r"[0-9a-f]{64}")
USER_ID_MAX = 2**53  # Telegram's user ids fit in 52 bits
AUTH_DATE_MAX = 2**33  # seconds: the year 2242, within what datetime takes
CSRF_FIELD = "csrf"  # the name of the hidden field, and the session's key for the token
FORM_FIELDS_MAX = 20
FORM = "application/x-www-form-urlencoded"
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


def csrf_token(session: MutableMapping[str, Any]) -> str:
    """The session's token for its forms, made on first use and kept in the (signed) session:
    a new login is a new session, hence a new token."""
    token = session.get(CSRF_FIELD)
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        session[CSRF_FIELD] = token
    return token


def csrf_matches(session: Mapping[str, Any], given: str | None) -> bool:
    """Is `given` this session's token? In constant time; never for a session without one."""
    expected = session.get(CSRF_FIELD)
    if not isinstance(expected, str) or not isinstance(given, str):
        return False
    return hmac.compare_digest(given.encode(), expected.encode())


async def posted_form(request: Request) -> dict[str, str] | None:
    """The fields of a url-encoded form POSTed with this session's CSRF token (the last value
    of each name); None for anything else: another site's form, a page from an older session,
    a body that is not such a form. The app's max_body_size bounds what is read."""
    if request.headers.get("content-type", "").split(";")[0].strip().lower() != FORM:
        return None
    try:
        pairs = parse_qsl((await request.body()).decode(), keep_blank_values=True,
                          strict_parsing=False, max_num_fields=FORM_FIELDS_MAX)  # fmt: skip
    except ValueError:  # not UTF-8 (UnicodeDecodeError), or too many fields
        return None
    fields = dict(pairs)
    return fields if csrf_matches(request.session, fields.get(CSRF_FIELD)) else None
