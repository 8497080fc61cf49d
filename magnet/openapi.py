"""Corrections to the generated OpenAPI schema, so it describes what the API really answers
(tests/magnet/test_api_fuzz.py holds every response to it)."""

from .filters import ID_PATTERN, MAX_INT

ERROR_SCHEMA = {
    "type": "object",
    "description": "`detail` for a refusal; for invalid input, the field names (or `non_field_errors`) "
    "with their messages, in the language of the request.",
    "additionalProperties": True,
}

ERRORS = {
    "400": "Invalid input: the messages say what to change.",
    "401": "Not signed in, or the token is not valid.",
    "403": "Signed in, but this role may not do this.",
    "404": "Not found, or not yours to see.",
    "429": "Too many requests: wait and try again (Retry-After).",
}


def _is_id(schema: dict) -> bool:
    return schema.get("type") == "integer" or schema.get("pattern") == f"^{ID_PATTERN}$"


def add_error_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook: declare the error answers every operation can give
    (DRF answers them as JSON objects), and ids in paths as positive whole numbers."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for code, description in ERRORS.items():
                operation["responses"].setdefault(
                    code,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                    },
                )
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "path" and _is_id(parameter.get("schema", {})):
                    parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": MAX_INT}
    return result
