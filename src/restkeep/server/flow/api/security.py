"""API tokens (`/apiTokens`) and the audit log (`/auditEvents`)."""

from __future__ import annotations

from datetime import datetime

import msgspec
from starlette.responses import Response

from restkeep.server import clock
from restkeep.server.durations import parse_duration
from restkeep.server.errors import InvalidArgument
from restkeep.server.flow.models import (
    ApiTokenListResponse,
    ApiTokenResponse,
    AuditEventListResponse,
    Empty,
    api_token_out,
    audit_event_out,
)
from restkeep.server.operations import Call, NoArgs, Operation, json_response

MAX_EVENTS = 1000


class CreateTokenArgs(msgspec.Struct, forbid_unknown_fields=True):
    name: str
    expiresIn: str | None = None


class TokenArgs(msgspec.Struct, forbid_unknown_fields=True):
    apiTokenId: str


class AuditArgs(msgspec.Struct, forbid_unknown_fields=True):
    since: str | None = None
    type: str | None = None
    userName: str | None = None
    limit: int = 100


async def create_token(call: Call[CreateTokenArgs]) -> Response:
    lifetime = None
    if call.args.expiresIn is not None:
        try:
            lifetime = parse_duration(call.args.expiresIn)
        except ValueError as exc:
            raise InvalidArgument(f"'expiresIn': {exc}") from None
    record, token = await call.services.api_tokens.create(call.principal, call.args.name, lifetime)
    return json_response(ApiTokenResponse(api_token_out(record, token)))


async def list_tokens(call: Call[NoArgs]) -> Response:
    records = await call.services.api_tokens.list(call.principal)
    return json_response(ApiTokenListResponse([api_token_out(r) for r in records]))


async def revoke_token(call: Call[TokenArgs]) -> Response:
    await call.services.api_tokens.revoke(call.principal, call.args.apiTokenId)
    return json_response(Empty())


def _since(text: str | None) -> int:
    if text is None:
        return clock.now_ms() - 86_400_000
    try:
        return int(datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp() * 1000)
    except ValueError:
        raise InvalidArgument(
            f"'since' must be an ISO 8601 time like 2026-01-31T00:00:00Z, not '{text}'"
        ) from None


async def audit_events(call: Call[AuditArgs]) -> Response:
    await call.services.access.require_admin(call.principal, "read the audit log")
    args = call.args
    if not 1 <= args.limit <= MAX_EVENTS:
        raise InvalidArgument(f"'limit' must be between 1 and {MAX_EVENTS}")
    events = await call.services.audit.events(_since(args.since), args.type, args.userName, args.limit)
    return json_response(AuditEventListResponse([audit_event_out(e) for e in events]))


_TAGS = ("security",)
OPERATIONS = [
    Operation(
        "createApiToken",
        "POST",
        "/apiTokens",
        CreateTokenArgs,
        ApiTokenResponse,
        create_token,
        "Make an API token for yourself (shown once); `expiresIn` e.g. 90d. Log in with"
        ' `POST /sessions` and `{"token": ...}`.',
        tags=_TAGS,
    ),
    Operation(
        "getApiTokens",
        "GET",
        "/apiTokens",
        NoArgs,
        ApiTokenListResponse,
        list_tokens,
        "Your API tokens (without the tokens themselves).",
        tags=_TAGS,
    ),
    Operation(
        "revokeApiToken",
        "DELETE",
        "/apiTokens/{apiTokenId}",
        TokenArgs,
        Empty,
        revoke_token,
        "Revoke a token at once (its owner or an administrator).",
        tags=_TAGS,
    ),
    Operation(
        "getAuditEvents",
        "GET",
        "/auditEvents",
        AuditArgs,
        AuditEventListResponse,
        audit_events,
        "Security events, newest first (administrators): `since` (ISO time, default a day ago), `type`,"
        " `userName`, `limit`.",
        tags=_TAGS,
    ),
]
