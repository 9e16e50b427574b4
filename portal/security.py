"""Cookies and CSRF tokens for the portal.

Signed-in forms carry the session's own CSRF token (stored with the session).
The sign-in form has no session yet, so it uses a double-submit token: a random
value in a cookie, and its HMAC (with the portal secret) in the form.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Optional

SESSION_COOKIE = "wm_portal"
LOGIN_COOKIE = "wm_portal_login"
CSRF_FIELD = "csrf_token"


def login_nonce() -> str:
    return secrets.token_urlsafe(24)


def login_csrf_token(secret_key: str, nonce: str) -> str:
    return hmac.new(secret_key.encode("utf-8"), nonce.encode("utf-8"), hashlib.sha256).hexdigest()


def login_csrf_ok(secret_key: str, nonce: Optional[str], token: Optional[str]) -> bool:
    if not nonce or not token:
        return False
    return hmac.compare_digest(login_csrf_token(secret_key, nonce), str(token))


def session_csrf_ok(expected: str, token: Optional[str]) -> bool:
    return bool(token) and hmac.compare_digest(expected, str(token))


def cookie_options(secure: bool) -> dict:
    # SameSite=Lax keeps the cookie off cross-site POSTs; Strict would also drop
    # it when a caseworker follows a link to the portal from their mail.
    return {"httponly": True, "samesite": "lax", "secure": secure, "path": "/"}
