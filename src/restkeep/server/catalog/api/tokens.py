"""Where the Catalog's tokens travel: headers, cookies, or `Authorization: Bearer` for the ewtoken."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

EWTOKEN = "ewtoken"
RESTTOKEN = "epimresttoken"


def ewtoken(request: Request) -> str | None:
    token = request.headers.get(EWTOKEN)
    if token:
        return token
    authorization = request.headers.get("authorization", "")
    if authorization[:7].lower() == "bearer ":
        return authorization[7:].strip() or None
    return request.cookies.get(EWTOKEN) or None


def resttoken(request: Request) -> str | None:
    return request.headers.get(RESTTOKEN) or request.cookies.get(RESTTOKEN) or None


def set_cookie(response: Response, request: Request, name: str, value: str) -> None:
    response.set_cookie(
        name, value, httponly=True, secure=request.url.scheme == "https", samesite="lax", path="/"
    )


def clear_cookies(response: Response) -> None:
    for name in (EWTOKEN, RESTTOKEN):
        response.delete_cookie(name, httponly=True, samesite="lax", path="/")
