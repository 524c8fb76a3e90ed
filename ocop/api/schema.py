"""The OpenAPI document of the API and a readable page of it, both generated from the code."""

from __future__ import annotations

from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.settings import patched_settings

# Names for the choice sets that share a field name across resources.
SCHEMA_SETTINGS = {
    "ENUM_NAME_OVERRIDES": {
        "UnitLevelEnum": "ocop.geo.models.Level",
        "RoundLevelEnum": "ocop.evaluation.models.RoundLevel",
        "DecisionLevelEnum": "ocop.certificates.models.DecisionLevel",
        "ProductStatusEnum": "ocop.registry.models.ProductStatus",
        "RoundStatusEnum": "ocop.evaluation.models.RoundStatus",
        "SheetStatusEnum": "ocop.evaluation.models.SheetStatus",
        "CertificateStatusEnum": "ocop.certificates.models.CertificateStatus",
        "MilestoneKindEnum": "ocop.programme.models.MilestoneKind",
        "CertificateKindEnum": "ocop.certificates.models.CertificateKind",
    }
}

METHODS = ("get", "post", "put", "patch", "delete")


def openapi_document() -> dict:
    with patched_settings(SCHEMA_SETTINGS):
        return SchemaGenerator().get_schema(request=None, public=True)


def _type_of(schema: dict) -> str:
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "enum" in schema:
        return " | ".join(str(v) for v in schema["enum"] if v not in ("", None))
    return schema.get("format") or schema.get("type", "")


def operations(document: dict) -> list[dict]:
    """The operations of ``document`` in path order, shaped for the readable page."""
    out = []
    for path, item in document["paths"].items():
        for method in METHODS:
            op = item.get(method)
            if op is None:
                continue
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {})
            out.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "description": op.get("description", ""),
                    "public": {} in op.get("security", [{}]),
                    "parameters": [
                        {
                            "name": p["name"],
                            "in": p["in"],
                            "required": p.get("required", False),
                            "type": _type_of(p.get("schema", {})),
                            "description": p.get("description", ""),
                        }
                        for p in op.get("parameters", [])
                    ],
                    "body": _type_of(body.get("schema", {})) if body else "",
                    "responses": sorted(op.get("responses", {})),
                }
            )
    return out
