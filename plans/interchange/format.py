"""The plan's JSON format: its canonical form and hash, the sections other apps add, its schema.

One format serves three purposes (design.md, "How data flows"):

* ``manage.py export_plan`` / ``import_plan`` move a plan between installations
  (``plans.interchange.services``);
* a :class:`~plans.models.PlanVersion` freezes a plan as this document;
* its SHA-256 is computed over :func:`canonical_bytes`: sorted keys, lists in a stable order
  (by code), decimals as strings with fixed places, UTF-8, no whitespace. The same content
  therefore always gives the same hash, on SQLite and on PostgreSQL alike.

Other apps add sections (the budget) with :func:`register_section` and describe them with the
schema helpers here (:func:`object_schema`, :func:`array_schema`). The JSON Schema is built from
the same declarations (:func:`schema`) and published as ``docs/plan.schema.json``.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from plans.content.models import Horizon, InterventionLevel, ThemeKind, Topic, VisionPoint, WorkForm
from plans.content.selectors import PlanContent
from stakeholders.models import QualificationLevel, Sector

FORMAT = "soplan/plan"
FORMAT_VERSION = 1
TWO_PLACES = Decimal("0.01")


class InterchangeError(Exception):
    """The document cannot be imported; ``errors`` name the field of each problem."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


# --- Canonical form -----------------------------------------------------------------------


def decimal_str(value: Decimal | int | str | None) -> str | None:
    if value is None:
        return None
    return str(Decimal(value).quantize(TWO_PLACES))


def code_key(code: str) -> tuple:
    """Natural order for codes: T2 before T10."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", code))


def canonical_bytes(document: dict) -> bytes:
    return json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def sha256(document: dict) -> str:
    return hashlib.sha256(canonical_bytes(document)).hexdigest()


def pretty(document: dict) -> str:
    """The form written to files: readable, still deterministic."""
    return json.dumps(document, sort_keys=True, ensure_ascii=False, indent=2) + "\n"


# --- Sections contributed by other apps -----------------------------------------------------


@dataclass(frozen=True)
class Section:
    name: str
    export: Callable[[PlanContent], Any]
    import_: Callable[..., None]  # (plan, data, *, actor, refs) -> None
    schema: dict
    required: bool = True
    # What a next cycle's draft starts with (plans.evaluation.cycle); None keeps the section as is,
    # a function returning None leaves the section out of the draft.
    next_cycle: Callable[[Any], Any] | None = None


_SECTIONS: dict[str, Section] = {}


def register_section(section: Section) -> None:
    _SECTIONS[section.name] = section


def sections() -> list[Section]:
    """The registered sections, in the order they were registered."""
    return list(_SECTIONS.values())


# --- Schema -------------------------------------------------------------------------------

DECIMAL = {"type": "string", "pattern": r"^-?\d{1,6}(\.\d{1,2})?$"}
NON_NEGATIVE = {"type": "string", "pattern": r"^\d{1,6}(\.\d{1,2})?$"}
YEAR = {"type": "integer", "minimum": 2000, "maximum": 2100}
CODE = {"type": "string", "pattern": r"^[A-Za-z0-9_-]{1,40}$"}
TEXT = {"type": "string", "maxLength": 100_000}


def enum_schema(choices) -> dict:
    return {"type": "string", "enum": list(choices.values)}


def object_schema(properties: dict, required: list[str] | None = None) -> dict:
    return {
        "type": "object",
        "additionalProperties": False,
        "properties": properties,
        "required": required if required is not None else list(properties),
    }


def array_schema(items: dict, **extra) -> dict:
    return {"type": "array", "items": items, **extra}


def base_schema() -> dict:
    percent = {"type": ["integer", "null"], "minimum": 0, "maximum": 100}
    objective = object_schema(
        {
            "code": CODE,
            "description": {"type": "string", "minLength": 1, "maxLength": 100_000},
            "indicator": {"type": "string", "maxLength": 300},
            "target_year": {"oneOf": [YEAR, {"type": "null"}]},
            "position": {"type": "integer", "minimum": 0},
            # Only on objectives carried into a next cycle (R17); absent otherwise.
            "carried_over": {"enum": ["partly", "not_realised", "not_evaluated"]},
        },
        required=["code", "description", "indicator", "target_year", "position"],
    )
    return object_schema(
        {
            "format": {"const": FORMAT},
            "version": {"const": FORMAT_VERSION},
            "organisation": object_schema(
                {
                    "name": {"type": "string", "minLength": 1, "maxLength": 200},
                    "slug": {"type": "string", "pattern": r"^[-a-zA-Z0-9_]{1,60}$"},
                    "sector": enum_schema(Sector),
                    "has_var": {"type": "boolean"},
                    "has_client_council": {"type": "boolean"},
                    "always_involve_client_council": {"type": "boolean"},
                    "zorgkantoor": {"type": "string", "maxLength": 200},
                    "document_language": {"type": "string", "enum": ["nl", "en"]},
                    "units": array_schema(
                        object_schema(
                            {
                                "code": CODE,
                                "name": {"type": "string", "minLength": 1, "maxLength": 200},
                                "parent": {"oneOf": [CODE, {"type": "null"}]},
                                "fte": NON_NEGATIVE,
                                "is_care_staff": {"type": "boolean"},
                            },
                            # Optional: documents and frozen versions from before it mean True.
                            required=["code", "name", "parent", "fte"],
                        )
                    ),
                    "function_groups": array_schema(
                        object_schema(
                            {
                                "code": CODE,
                                "name": {"type": "string", "minLength": 1, "maxLength": 200},
                                "qualification_level": enum_schema(QualificationLevel),
                                "is_care_staff": {"type": "boolean"},
                            }
                        )
                    ),
                }
            ),
            "plan": object_schema(
                {
                    "title": {"type": "string", "minLength": 1, "maxLength": 200},
                    "start_year": YEAR,
                    "end_year": YEAR,
                    "preface": TEXT,
                    "vision": TEXT,
                    "learning_mix": object_schema({"on_the_job": percent, "social": percent, "formal": percent}),
                    "vision_on_learning": array_schema(
                        object_schema({"point": enum_schema(VisionPoint), "now": TEXT, "future": TEXT}), maxItems=7
                    ),
                    "themes": array_schema(
                        object_schema(
                            {
                                "code": CODE,
                                "kind": enum_schema(ThemeKind),
                                "title": {"type": "string", "minLength": 1, "maxLength": 200},
                                "description": TEXT,
                                "implications": TEXT,
                                "position": {"type": "integer", "minimum": 0},
                                "objectives": array_schema(objective),
                            }
                        )
                    ),
                    "interventions": array_schema(
                        object_schema(
                            {
                                "code": CODE,
                                "title": {"type": "string", "minLength": 1, "maxLength": 200},
                                "description": TEXT,
                                "learning_outcome": TEXT,
                                "level": enum_schema(InterventionLevel),
                                "units": array_schema(CODE, uniqueItems=True),
                                "objectives": array_schema(CODE, uniqueItems=True),
                                "function_groups": array_schema(CODE, uniqueItems=True),
                                "work_forms": array_schema(enum_schema(WorkForm), uniqueItems=True),
                                "years": array_schema(YEAR, uniqueItems=True),
                                "topics": array_schema(enum_schema(Topic), uniqueItems=True),
                                "horizon": {"type": "string", "enum": ["", *Horizon.values]},
                                "already_running": {"type": "boolean"},
                                "funded_elsewhere": {"type": "boolean"},
                                "is_big_training": {"type": "boolean"},
                                "position": {"type": "integer", "minimum": 0},
                            }
                        )
                    ),
                    "qualification_mix": array_schema(
                        object_schema(
                            {
                                "unit": CODE,
                                "level": enum_schema(QualificationLevel),
                                "current_fte": NON_NEGATIVE,
                                "desired_fte": NON_NEGATIVE,
                                "target_year": YEAR,
                            }
                        )
                    ),
                    "formation": array_schema(
                        object_schema(
                            {
                                "unit": CODE,
                                "function_group": CODE,
                                "current_fte": NON_NEGATIVE,
                                "retirement_per_year": NON_NEGATIVE,
                                "turnover_per_year": NON_NEGATIVE,
                                "growth_per_year": DECIMAL,
                                "internship_places": NON_NEGATIVE,
                            }
                        )
                    ),
                    "improvement_actions": array_schema(
                        object_schema(
                            {
                                "code": CODE,
                                "description": {"type": "string", "minLength": 1, "maxLength": 100_000},
                                "responsible": {"type": "string", "maxLength": 200},
                                "due": {"oneOf": [{"type": "string", "format": "date"}, {"type": "null"}]},
                                "position": {"type": "integer", "minimum": 0},
                            }
                        )
                    ),
                }
            ),
        }
    )


def schema() -> dict:
    """The JSON Schema of the format, with the sections other apps registered."""
    document = base_schema()
    document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    document["$id"] = "https://soplan.example/plan.schema.json"
    document["title"] = "soplan strategic training plan"
    document["description"] = (
        "A strategic training plan (strategisch opleidingsplan) as exported by soplan. "
        "Decimals are strings with at most two places; codes identify items within the plan."
    )
    for section in _SECTIONS.values():
        document["properties"][section.name] = section.schema
        if section.required:
            document["required"].append(section.name)
    return document

