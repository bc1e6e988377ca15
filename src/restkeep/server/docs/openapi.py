"""OpenAPI 3.1 documents, generated from the operation declarations of one or more API families and
their msgspec Structs."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import msgspec

import restkeep
from restkeep.server.bodies import admits_none
from restkeep.server.operations import Body, Family, Operation

_PATH_PARAM = re.compile(r"\{(\w+)(?::\w+)?\}")
_REF = "#/components/schemas/{name}"


def _schemas(families: Sequence[Family]) -> tuple[dict[str, Any], dict[Any, dict[str, Any]]]:
    types: list[Any] = []
    for family in families:
        types.append(family.style.error)
        for operation in family.operations:
            types.append(operation.args)
            if operation.response is not None:
                types.append(operation.response)
            if not isinstance(operation.body, Body):
                types.append(operation.body)
    unique = list(dict.fromkeys(types))
    refs, components = msgspec.json.schema_components(unique, ref_template=_REF)
    return components, dict(zip(unique, refs, strict=True))


class _Writer:
    def __init__(self, families: Sequence[Family]) -> None:
        self.components, self.refs = _schemas(families)

    def _fields(self, args: type[msgspec.Struct]) -> dict[str, Any]:
        schema: dict[str, Any] = self.components[self.refs[args]["$ref"].rsplit("/", 1)[-1]]
        return schema

    def parameters(self, op: Operation, path_names: list[str]) -> list[dict[str, Any]]:
        schema = self._fields(op.args)
        required = set(schema.get("required", ()))
        fields = schema.get("properties", {})
        parameters: list[dict[str, Any]] = [
            {"name": name, "in": "path", "required": True, "schema": fields.get(name, {"type": "string"})}
            for name in path_names
        ]
        for name, field in fields.items():
            if name not in path_names:
                parameters.append(
                    {"name": name, "in": "query", "required": name in required, "schema": field}
                )
        return parameters

    def operation(self, family: Family, op: Operation, path_names: list[str]) -> dict[str, Any]:
        error = {"content": {"application/json": {"schema": self.refs[family.style.error]}}}
        if op.media_type != "application/json":
            content = {op.media_type: {"schema": {"type": "string"}}}
        else:
            data = self.refs[op.response] if op.response is not None else {}
            content = {"application/json": {"schema": family.style.success(data)}}
        document: dict[str, Any] = {
            "operationId": op.name,
            "summary": op.name,
            "description": op.summary + (f" (Also at this path: `{op.alias_of}`.)" if op.alias_of else ""),
            "tags": list(op.tags),
            "parameters": self.parameters(op, path_names),
            "responses": {
                str(op.status): {"description": "Success", "content": content},
                "4XX": {"description": f"The {family.name} error envelope", **error},
            },
            "security": [] if op.public else family.style.security,
        }
        if not isinstance(op.body, Body):
            document["requestBody"] = {
                "required": not admits_none(op.body),
                "content": {"application/json": {"schema": self.refs[op.body]}},
            }
        if op.request:
            document["parameters"].insert(
                0, {"name": "request", "in": "query", "required": True, "schema": {"const": op.request}}
            )
        return document

    def shared(self, family: Family, ops: list[Operation], path_names: list[str]) -> dict[str, Any]:
        """Several calls share a path and method; the `request` parameter picks one. OpenAPI allows one
        operation per path and method, so the others are listed as variants of the first."""
        main = self.operation(family, ops[0], path_names)
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
        answers = list({id(self.refs[op.response]): self.refs[op.response] for op in ops}.values())
        if len(answers) > 1:
            success = main["responses"][str(ops[0].status)]
            success["content"]["application/json"]["schema"] = {"anyOf": answers}
        known = {p["name"] for p in main["parameters"]}
        for op in ops[1:]:
            extra = [p for p in self.parameters(op, path_names) if p["name"] not in known]
            main["parameters"] += [{**p, "required": False} for p in extra]
            known |= {p["name"] for p in extra}
        return main


def openapi_document(families: Sequence[Family]) -> dict[str, Any]:
    writer = _Writer(families)
    paths: dict[str, dict[str, Any]] = defaultdict(dict)
    schemes: dict[str, Any] = {}
    for family in families:
        schemes.update(family.style.security_schemes)
        grouped: dict[tuple[str, str], list[Operation]] = defaultdict(list)
        for op in family.operations:
            grouped[(op.path, op.method)].append(op)
        for (path, method), ops in grouped.items():
            path_names = _PATH_PARAM.findall(path)
            openapi_path = family.prefix + _PATH_PARAM.sub(r"{\1}", path)
            ops.sort(key=lambda op: op.request is not None)
            write = writer.operation(family, ops[0], path_names) if len(ops) == 1 else None
            paths[openapi_path][method.lower()] = write or writer.shared(family, ops, path_names)
    first = families[0]
    return {
        "openapi": "3.1.0",
        "info": {"title": first.title, "version": restkeep.__version__, "description": first.description},
        "servers": [{"url": "/"}],
        "paths": dict(paths),
        "components": {"schemas": writer.components, "securitySchemes": schemes},
    }
