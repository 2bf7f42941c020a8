"""Who is at the dashboard: Telegram's login data checked (``bot.telegram.login``), then a
signed session cookie. A login is taken once (its hash is remembered: a replayed link is
refused) and within a day of ``auth_date``. The role is read from the database on every
request, not kept in the cookie, so a demoted member loses access at once.

Every POST of a logged-in page carries the session's CSRF token (`csrf_token` renders it in a
hidden field, `posted_form` reads the form and checks it): another site's form, which cannot
read our pages, cannot send it.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Mapping, MutableMapping
from typing import Any
from urllib.parse import parse_qsl

from starlette.requests import Request

CSRF_FIELD = "csrf"  # the name of the hidden field, and the session's key for the token
FORM_FIELDS_MAX = 20
FORM = "application/x-www-form-urlencoded"


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
