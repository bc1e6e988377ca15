"""The OpenAPI 3.1 document, generated from the operation declarations and their msgspec Structs."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import msgspec

import restkeep
from restkeep.server.errors import FlowErrorEnvelope
from restkeep.server.flow.api.operations import PREFIX, Operation

_PATH_PARAM = re.compile(r"\{(\w+)(?::\w+)?\}")
_REF = "#/components/schemas/{name}"


def _schemas(operations: Sequence[Operation]) -> tuple[dict[str, Any], dict[type, dict[str, Any]]]:
    types: list[Any] = [FlowErrorEnvelope]
    for operation in operations:
        types += [operation.args, operation.response]
    unique = list(dict.fromkeys(types))
    refs, components = msgspec.json.schema_components(unique, ref_template=_REF)
    return components, dict(zip(unique, refs, strict=True))


def _component(components: dict[str, Any], ref: dict[str, Any]) -> dict[str, Any]:
    schema: dict[str, Any] = components[ref["$ref"].rsplit("/", 1)[-1]]
    return schema


def _parameters(
    op: Operation, components: dict[str, Any], refs: dict[type, Any], path_names: list[str]
) -> list[dict[str, Any]]:
    schema = _component(components, refs[op.args])
    required = set(schema.get("required", ()))
    parameters: list[dict[str, Any]] = [
        {"name": name, "in": "path", "required": True, "schema": {"type": "string"}} for name in path_names
    ]
    for name, field in schema.get("properties", {}).items():
        if name not in path_names:
            parameters.append({"name": name, "in": "query", "required": name in required, "schema": field})
    return parameters


def _operation(
    op: Operation, components: dict[str, Any], refs: dict[type, Any], path_names: list[str]
) -> dict[str, Any]:
    error = {"content": {"application/json": {"schema": refs[FlowErrorEnvelope]}}}
    document: dict[str, Any] = {
        "operationId": op.name,
        "summary": op.name,
        "description": op.summary,
        "tags": list(op.tags),
        "parameters": _parameters(op, components, refs, path_names),
        "responses": {
            str(op.status): {
                "description": "Success",
                "content": {"application/json": {"schema": refs[op.response]}},
            },
            "4XX": {"description": "The Flow error envelope", **error},
        },
    }
    if op.request:
        document["parameters"].insert(
            0, {"name": "request", "in": "query", "required": True, "schema": {"const": op.request}}
        )
    if op.public:
        document["security"] = []
    return document


def openapi_document(operations: Sequence[Operation]) -> dict[str, Any]:
    components, refs = _schemas(operations)
    grouped: dict[tuple[str, str], list[Operation]] = defaultdict(list)
    for op in operations:
        grouped[(op.path, op.method)].append(op)
    paths: dict[str, dict[str, Any]] = defaultdict(dict)
    for (path, method), ops in grouped.items():
        path_names = _PATH_PARAM.findall(path)
        openapi_path = PREFIX + _PATH_PARAM.sub(r"{\1}", path)
        ops.sort(key=lambda op: op.request is not None)
        if len(ops) == 1:
            paths[openapi_path][method.lower()] = _operation(ops[0], components, refs, path_names)
            continue
        # several calls share this path and method; the `request` parameter picks one. OpenAPI allows one
        # operation per path and method, so the others are listed as variants of the first.
        main = _operation(ops[0], components, refs, path_names)
        main["description"] += "".join(
            f"\n\n**`request={op.request}`** ({op.name}): {op.summary}" for op in ops[1:]
        )
        main["parameters"].append(
            {
                "name": "request",
                "in": "query",
                "required": False,
                "schema": {"enum": [op.request for op in ops[1:]]},
            }
        )
        # the answer is that of whichever call `request` picked
        answers = list({id(refs[op.response]): refs[op.response] for op in ops}.values())
        if len(answers) > 1:
            success = main["responses"][str(ops[0].status)]
            success["content"]["application/json"]["schema"] = {"anyOf": answers}
        known = {p["name"] for p in main["parameters"]}
        for op in ops[1:]:
            extra = [p for p in _parameters(op, components, refs, path_names) if p["name"] not in known]
            main["parameters"] += [{**p, "required": False} for p in extra]
            known |= {p["name"] for p in extra}
        paths[openapi_path][method.lower()] = main
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "restkeep Flow API",
            "version": restkeep.__version__,
            "description": "The Flow REST API v1.0 as served by restkeep. Arguments may be given as query "
            "parameters, a JSON object body or a form body.",
        },
        "servers": [{"url": "/"}],
        "security": [{"basic": []}, {"session": []}],
        "paths": dict(paths),
        "components": {
            "schemas": components,
            "securitySchemes": {
                "basic": {"type": "http", "scheme": "basic"},
                "session": {"type": "apiKey", "in": "header", "name": "sessionId"},
            },
        },
    }
