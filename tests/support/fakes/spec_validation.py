"""Check the fakes' answers against the real projects' OpenAPI 3.0 documents with jsonschema.

OpenAPI 3.0 schemas are not quite JSON Schema, so each schema is converted once per process:
``nullable: true`` becomes a ``null`` type, and ``additionalProperties: false`` (which Sonarr's
generated spec puts on every resource) is dropped, because the real servers send more fields than
their specs list. Formats that matter to clients (``date-time``, ``int32``, ``int64``) are checked.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from datetime import date
import json
from pathlib import Path
import re
import threading
from typing import Any, Final, cast

from jsonschema import Draft4Validator, FormatChecker  # type: ignore[import-untyped]
from referencing import Registry
from referencing.jsonschema import DRAFT4
import yaml  # type: ignore[import-untyped]

_URI: Final = "urn:status-tracker:openapi"
_IGNORED_KEYWORDS: Final = frozenset(
    {"nullable", "discriminator", "xml", "externalDocs", "example", "examples", "deprecated"}
)
_MAX_ERRORS_PER_ANSWER: Final = 5
_DATE_TIME: Final = re.compile(
    r"\d{4}-\d{2}-\d{2}[Tt]([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?([Zz]|[+-]\d{2}:\d{2})"
)

FORMAT_CHECKER: Final = FormatChecker(formats=())


@FORMAT_CHECKER.checks("date-time", raises=ValueError)  # type: ignore[untyped-decorator]
def _is_date_time(value: object) -> bool:
    """RFC 3339 with an offset, as .NET and Node serialise UTC dates."""
    if not isinstance(value, str):
        return True
    if not _DATE_TIME.fullmatch(value):
        return False
    date.fromisoformat(value[:10])
    return True


@FORMAT_CHECKER.checks("int32")  # type: ignore[untyped-decorator]
def _is_int32(value: object) -> bool:
    return not isinstance(value, int) or -(2**31) <= value < 2**31


@FORMAT_CHECKER.checks("int64")  # type: ignore[untyped-decorator]
def _is_int64(value: object) -> bool:
    return not isinstance(value, int) or -(2**63) <= value < 2**63


def convert_schema(schema: Any) -> Any:
    """Turn one OpenAPI 3.0 schema object into JSON Schema (draft 4), recursively."""
    if not isinstance(schema, dict):
        return schema
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key in _IGNORED_KEYWORDS:
            continue
        if key == "properties" and isinstance(value, dict):
            out[key] = {name: convert_schema(sub) for name, sub in value.items()}
        elif key in {"items", "not"}:
            out[key] = convert_schema(value)
        elif key == "additionalProperties":
            if isinstance(value, dict):
                out[key] = convert_schema(value)
            # ``false`` is dropped on purpose: real answers carry extra fields.
        elif key in {"allOf", "anyOf", "oneOf"} and isinstance(value, list):
            out[key] = [convert_schema(sub) for sub in value]
        else:
            out[key] = value
    if schema.get("nullable") is True:
        out = _make_nullable(out)
    return out


def _make_nullable(schema: dict[str, Any]) -> dict[str, Any]:
    """Allow ``null`` besides what ``schema`` allows."""
    if "$ref" in schema or any(key in schema for key in ("allOf", "anyOf", "oneOf")):
        return {"anyOf": [schema, {"type": "null"}]}
    if isinstance(schema.get("type"), str):
        schema["type"] = [schema["type"], "null"]
    if isinstance(schema.get("enum"), list) and None not in schema["enum"]:
        schema["enum"] = [*schema["enum"], None]
    return schema


def _json_media(content: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """The JSON media type object of a response's ``content``, if it has one."""
    if "application/json" in content:
        return cast(Mapping[str, Any], content["application/json"])
    for media_type, media in content.items():
        if "json" in media_type:
            return cast(Mapping[str, Any], media)
    return None


def _pick_response(responses: Mapping[str, Any], status: int) -> tuple[str, Any] | None:
    """The documented response for ``status``: exact, ``2XX``-style, ``default``, then any 2xx.

    Real servers answer 201/202 where the generated specs only say 200, hence the last fallback.
    """
    for key in (str(status), f"{status // 100}XX", "default"):
        if key in responses:
            return key, responses[key]
    if 200 <= status < 300:
        for key in sorted(responses):
            if key.startswith("2"):
                return key, responses[key]
    return None


class OpenApiSpec:
    """One OpenAPI document, converted once; validators are built lazily and cached."""

    def __init__(self, document: Mapping[str, Any], *, name: str) -> None:
        """Convert every schema the answers can be checked against."""
        self.name = name
        schemas = document.get("components", {}).get("schemas", {})
        self._responses: dict[tuple[str, str], dict[str, Any]] = {}
        response_schemas: dict[str, Any] = {}
        self._schema_ids: dict[tuple[str, str, str], str | None] = {}
        self._request_ids: dict[tuple[str, str], str] = {}
        for template, operations in document.get("paths", {}).items():
            for method, operation in operations.items():
                if not isinstance(operation, dict) or "responses" not in operation:
                    continue
                key = (method.upper(), template)
                self._responses[key] = operation["responses"]
                request = _json_media((operation.get("requestBody") or {}).get("content") or {})
                if request is not None and "schema" in request:
                    self._request_ids[key] = f"request-{len(response_schemas)}"
                    response_schemas[self._request_ids[key]] = convert_schema(request["schema"])
                for status_key, response in operation["responses"].items():
                    media = _json_media(response.get("content") or {})
                    schema_id = None
                    if media is not None and "schema" in media:
                        schema_id = str(len(response_schemas))
                        response_schemas[schema_id] = convert_schema(media["schema"])
                    self._schema_ids[(*key, status_key)] = schema_id
        document_root = {
            "components": {"schemas": {k: convert_schema(v) for k, v in schemas.items()}},
            "x-schemas": response_schemas,
        }
        self._registry: Registry[Any] = Registry().with_resource(
            _URI, DRAFT4.create_resource(document_root)
        )
        self._validators: dict[str, Any] = {}
        self._lock = threading.Lock()

    def has_operation(self, method: str, template: str) -> bool:
        """Whether the spec documents ``method template``."""
        return (method.upper(), template) in self._responses

    def _validator(self, schema_id: str) -> Any:
        with self._lock:
            validator = self._validators.get(schema_id)
            if validator is None:
                validator = Draft4Validator(
                    {"$ref": f"{_URI}#/x-schemas/{schema_id}"},
                    registry=self._registry,
                    format_checker=FORMAT_CHECKER,
                )
                self._validators[schema_id] = validator
            return validator

    def check_request(self, method: str, template: str, body: Any) -> list[str]:
        """Problems of a client's decoded JSON request body (type errors the app would reject)."""
        schema_id = self._request_ids.get((method.upper(), template))
        if schema_id is None or body is None:
            return []
        return self._problems(f"request body of {method.upper()} {template}", schema_id, body)

    def _problems(self, where: str, schema_id: str, instance: Any) -> list[str]:
        errors = sorted(
            self._validator(schema_id).iter_errors(instance),
            key=lambda error: [str(part) for part in error.absolute_path],
        )
        problems = []
        for error in errors[:_MAX_ERRORS_PER_ANSWER]:
            path = "/".join(str(part) for part in error.absolute_path) or "(root)"
            message = str(error.message)
            if len(message) > 240:
                message = message[:240] + "…"
            problems.append(f"{where}: at {path}: {message}")
        if len(errors) > _MAX_ERRORS_PER_ANSWER:
            problems.append(f"{where}: … and {len(errors) - _MAX_ERRORS_PER_ANSWER} more")
        return problems

    def check(
        self, method: str, template: str, status: int, body: bytes, content_type: str
    ) -> list[str]:
        """Problems of one answer; an empty list when it matches the spec."""
        where = f"{method.upper()} {template} -> {status}"
        responses = self._responses.get((method.upper(), template))
        if responses is None:
            return [f"{where}: operation not in {self.name}"]
        picked = _pick_response(responses, status)
        if picked is None:
            return []  # an undocumented error answer: nothing to compare with
        status_key, _response = picked
        schema_id = self._schema_ids.get((method.upper(), template, status_key))
        if schema_id is None:
            return []
        if "json" not in content_type:
            return [f"{where}: expected a JSON body, got content type {content_type!r}"]
        if not body:
            return [f"{where}: expected a JSON body, got none"]
        try:
            instance = json.loads(body)
        except ValueError as err:
            return [f"{where}: body is not JSON ({err})"]
        return self._problems(where, schema_id, instance)


_CACHE: dict[Path, OpenApiSpec] = {}
_CACHE_LOCK = threading.Lock()


def load_spec(path: Path) -> OpenApiSpec:
    """Parse and convert the spec at ``path`` (JSON or YAML), once per process."""
    with _CACHE_LOCK:
        spec = _CACHE.get(path)
        if spec is None:
            text = path.read_text(encoding="utf-8")
            if path.suffix == ".json":
                document = json.loads(text)
            else:
                loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
                document = yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader
            spec = OpenApiSpec(document, name=path.name)
            _CACHE[path] = spec
        return spec


def cached_spec(path: Path) -> OpenApiSpec | None:
    """The already loaded spec for ``path``, without touching the disk."""
    with _CACHE_LOCK:
        return _CACHE.get(path)


async def load_spec_async(path: Path) -> OpenApiSpec:
    """``load_spec`` in a worker thread, so the event loop is not blocked by parsing."""
    return await asyncio.to_thread(load_spec, path)
