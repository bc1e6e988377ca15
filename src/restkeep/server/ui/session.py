"""Who is looking at a page, and the rules every page follows.

A person logs in with a Flow user and gets a Flow session, in the API's own `sessionId` cookie
(HttpOnly, Secure over TLS, SameSite=Strict): the pages and the API calls a page links to (file
downloads) authenticate alike, through the same services and access rules as every API call.

Every form carries a CSRF token derived from the session (a hash of its secret id, which no other
site can read); a POST without the right one is refused. The login form, before any session, uses a
random token in a cookie of its own (double submit).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode

from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from restkeep.server.access_log import USER
from restkeep.server.auth.principal import Principal
from restkeep.server.bodies import client_address, read_body
from restkeep.server.context import Services
from restkeep.server.errors import ApiError, MalformedRequest
from restkeep.server.flow.api.auth import SESSION_COOKIE
from restkeep.server.ui.render import render

LOGIN_CSRF_COOKIE = "restkeep_login"
MAX_FORM_FIELDS = 200


async def read_form(request: Request, fields: int = MAX_FORM_FIELDS) -> FormData:
    """The page's form (URL-encoded, as every form here posts): refused past the API's body limit (413)
    or when it is not one (400), before anything is parsed."""
    body = await read_body(request, request.app.state.services.settings.max_body_size)
    if not request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
        raise MalformedRequest("A form of these pages is sent URL-encoded")
    try:
        pairs = parse_qsl(body.decode(), keep_blank_values=True, max_num_fields=fields, errors="strict")
    except (UnicodeDecodeError, ValueError):
        raise MalformedRequest("The form is not valid URL-encoded UTF-8, or has too many fields") from None
    fields_given: list[tuple[str, str | UploadFile]] = list(pairs)
    return FormData(fields_given)


def csrf_token(secret: str) -> str:
    return hashlib.sha256(b"restkeep-ui-csrf\x00" + secret.encode()).hexdigest()[:32]


def _set_cookie(response: Response, request: Request, name: str, value: str, path: str = "/") -> None:
    response.set_cookie(
        name, value, httponly=True, secure=request.url.scheme == "https", samesite="strict", path=path
    )


@dataclass
class Ui:
    """What a page handler gets: the request, who is looking, the services, and the checked form."""

    request: Request
    principal: Principal
    services: Services
    csrf: str
    admin: bool
    form: FormData | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def render(self, template: str, status: int = 200, **context: Any) -> Response:
        return render(
            self.request,
            template,
            {
                "user": self.principal.user_name,
                "csrf": self.csrf,
                "admin": self.admin,
                "dev": self.services.settings.dev,
                "message": self.request.query_params.get("done", ""),
                **context,
            },
            status,
        )

    def field(self, name: str, default: str = "") -> str:
        value = self.form.get(name) if self.form is not None else None
        return value if isinstance(value, str) else default

    @staticmethod
    def redirect(url: str, done: str = "") -> Response:
        """After a change, back to a page (POST → redirect → GET), saying what was done."""
        if done:
            url += ("&" if "?" in url else "?") + urlencode({"done": done})
        return RedirectResponse(url, status_code=303)


async def viewer(request: Request, services: Services) -> tuple[Principal, str] | None:
    """The signed-in principal and their session's secret, or None."""
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    resumed = await services.sessions.resume(token)
    if resumed is None:
        return None
    token_hash, session = resumed
    return Principal(session.user_id, session.user_name, "session", token_hash), token


def ui_page(handler: Callable[[Ui], Awaitable[Response]]) -> Callable[[Request], Awaitable[Response]]:
    """A page for signed-in users: others go to the login page (and come back); a POST needs the CSRF
    token; the API's errors (no access, nothing there, a conflict) become an error page."""

    async def page(request: Request) -> Response:
        services: Services = request.app.state.services
        found = await viewer(request, services)
        if found is None:
            back = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse(f"/ui/login?next={quote(back)}", status_code=303)
        principal, secret = found
        request.scope[USER] = principal.user_name  # for the request's log line
        ui = Ui(request, principal, services, csrf_token(secret), await services.access.is_admin(principal))
        try:
            if request.method == "POST":
                ui.form = await read_form(request)
                if not hmac.compare_digest(ui.field("csrf"), ui.csrf):
                    stale = "The form is stale: reload the page."
                    return ui.render("error.html", 403, title="Refused", error=stale)
            return await handler(ui)
        except ApiError as exc:
            return ui.render("error.html", exc.status, title=exc.code, error=str(exc))

    return page


def _next(given: str | None) -> str:
    """Where to go after logging in: a path of this UI only (never another site)."""
    target = given or "/ui/"
    return target if target.startswith("/ui/") and not target.startswith("//") else "/ui/"


def _login_form(request: Request, csrf: str, target: str, error: str = "", status: int = 200) -> Response:
    return render(request, "login.html", {"csrf": csrf, "next": target, "error": error}, status)


async def login(request: Request) -> Response:
    services: Services = request.app.state.services
    if request.method == "GET":
        token = secrets.token_urlsafe(16)
        response = _login_form(request, token, _next(request.query_params.get("next")))
        _set_cookie(response, request, LOGIN_CSRF_COOKIE, token, "/ui/login")
        return response
    try:
        form = await read_form(request, fields=10)
    except ApiError as exc:
        return _login_form(request, request.cookies.get(LOGIN_CSRF_COOKIE, ""), "/ui/", str(exc), exc.status)
    given, expected = str(form.get("csrf", "")), request.cookies.get(LOGIN_CSRF_COOKIE, "")
    target = _next(str(form.get("next", "")))
    if not expected or not hmac.compare_digest(given, expected):
        return _login_form(request, expected, target, "The form is stale: reload the page.", 403)
    name, password = str(form.get("user", "")), str(form.get("password", ""))
    try:
        verified = (
            await services.credentials.verify(name, password, client_address(request)) if name else None
        )
    except ApiError as exc:  # throttled: too many failures for this name from this address
        return _login_form(request, expected, target, str(exc), exc.status)
    if verified is None:
        return _login_form(request, expected, target, "Invalid user name or password", 401)
    response = RedirectResponse(target, status_code=303)
    _set_cookie(response, request, SESSION_COOKIE, await services.sessions.start(verified[0]))
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/ui/login")
    return response


@ui_page
async def logout(ui: Ui) -> Response:
    if ui.principal.session_hash is not None:
        await ui.services.sessions.end(ui.principal.session_hash)
        await ui.services.audit.record("logout", ui.principal.user_name, client_address(ui.request))
    response = RedirectResponse("/ui/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
