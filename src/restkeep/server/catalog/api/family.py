"""The Catalog API's two families of operations.

`/enable-api` (login, reauth, logout): arguments from the query string or a JSON body, answers and
errors in the `{"success": ...}` envelope. `/webcm/rest/api`: every call needs a valid ewtoken (or a
live epimresttoken alone); arguments come from the path and the query string, a JSON body is decoded
as the operation declares, and answers go in the `{"status": 0, "data": ...}` envelope. A call whose
epimresttoken is missing or stale still succeeds and carries a new one, top-level in its JSON body and
as a cookie, as the seed script expects.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from restkeep.server.args import convert, gather
from restkeep.server.auth.principal import Principal
from restkeep.server.bodies import decode_json
from restkeep.server.catalog.api import enable, items, render, repositories, saved
from restkeep.server.catalog.api.shapes import EnableError, WebcmError
from restkeep.server.catalog.api.tokens import RESTTOKEN, ewtoken, resttoken, set_cookie
from restkeep.server.context import Services
from restkeep.server.errors import ApiError
from restkeep.server.operations import ANONYMOUS, Body, Call, Family, OpenApiStyle, Operation

_TOKENS = {
    "ewtoken": {"type": "apiKey", "in": "header", "name": "ewtoken"},
    "epimresttoken": {"type": "apiKey", "in": "header", "name": "epimresttoken"},
}


async def _call(
    operation: Operation, request: Request, services: Services, query: Any, who: Principal
) -> Any:
    limit = services.settings.max_body_size
    args = convert(await gather(request, query, limit, request.path_params, body=False), operation.args)
    body = None if isinstance(operation.body, Body) else await decode_json(request, limit, operation.body)
    return await operation.handler(Call(args, who, services, request, body))


async def _webcm_principal(request: Request, services: Services) -> Principal:
    principal, _ = await services.tokens.authenticate(ewtoken(request), resttoken(request))
    return principal


async def invoke_webcm(
    operation: Operation, request: Request, services: Services, query: list[tuple[str, str]]
) -> Response:
    principal, rotated = (
        (ANONYMOUS, None)
        if operation.public
        else await services.tokens.authenticate(ewtoken(request), resttoken(request))
    )
    try:
        answer = await _call(operation, request, services, query, principal)
    except ApiError as error:
        response = render.webcm_error(error, rotated)
    else:
        if isinstance(answer, Response):
            response = answer
            if rotated:
                response.headers[RESTTOKEN] = rotated
        else:
            response = render.webcm_ok(answer, rotated, operation.status)
    if rotated:
        set_cookie(response, request, RESTTOKEN, rotated)
    return response


def _webcm_success(data: dict[str, Any]) -> dict[str, Any]:
    properties: dict[str, Any] = {"status": {"const": 0}, "epimresttoken": {"type": "string"}}
    if data:
        properties["data"] = data
    return {"type": "object", "properties": properties, "required": ["status", *(["data"] if data else [])]}


WEBCM = Family(
    name="webcm",
    prefix=render.WEBCM_PREFIX,
    title="restkeep Catalog API",
    description="The Catalog REST API as served by restkeep: `/enable-api` logs in and out, "
    "`/webcm/rest/api` holds repositories, items, searches, saved sets and searches, imports, exports "
    "and the job history. Log in first, then send the `ewtoken` header (or `Authorization: Bearer`).",
    operations=[*repositories.OPERATIONS, *items.OPERATIONS, *saved.OPERATIONS],
    invoke=invoke_webcm,
    authenticate=_webcm_principal,
    style=OpenApiStyle(
        error=WebcmError,
        security_schemes=_TOKENS,
        security=[{"ewtoken": []}, {"epimresttoken": []}],
        success=_webcm_success,
    ),
)


async def invoke_enable(
    operation: Operation, request: Request, services: Services, query: list[tuple[str, str]]
) -> Response:
    principal = ANONYMOUS if operation.public else await services.tokens.check_login(ewtoken(request))
    answer = await _call(operation, request, services, query, principal)
    return answer if isinstance(answer, Response) else render.json(answer, operation.status)


async def _enable_principal(request: Request, services: Services) -> Principal:
    return await services.tokens.check_login(ewtoken(request))


ENABLE = Family(
    name="enable",
    prefix=render.ENABLE_PREFIX,
    title=WEBCM.title,
    description=WEBCM.description,
    operations=enable.OPERATIONS,
    invoke=invoke_enable,
    authenticate=_enable_principal,
    style=OpenApiStyle(error=EnableError, security_schemes=_TOKENS, security=[{"ewtoken": []}]),
)
