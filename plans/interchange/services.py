"""Export a plan as the JSON document of ``plans.interchange.format``, and import one."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import jsonschema
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from plans.content import figures, services
from plans.content.models import InterventionLevel, Plan, VisionPoint
from plans.content.selectors import PlanContent, plan_content
from plans.interchange.format import (
    FORMAT,
    FORMAT_VERSION,
    InterchangeError,
    code_key,
    decimal_str,
    schema,
    sections,
)
from soplan.text import clean_text
from stakeholders import services as org_services
from stakeholders.changes import DomainError
from stakeholders.models import FunctionGroup, Organisation, Unit

# --- Export -------------------------------------------------------------------------------


def _units_referenced(content: PlanContent) -> list[Unit]:
    by_pk = {u.pk: u for u in content.units}
    wanted: set[int] = set()
    for i in content.interventions:
        wanted.update(u.pk for u in i.units.all())
    wanted.update(r.unit_id for r in content.qualification_rows)
    wanted.update(r.unit_id for r in content.formation_rows)
    # Add ancestors so that the tree can be rebuilt on import.
    for pk in list(wanted):
        parent = by_pk[pk].parent_id if pk in by_pk else None
        while parent and parent not in wanted:
            wanted.add(parent)
            parent = by_pk[parent].parent_id
    return sorted((by_pk[pk] for pk in wanted if pk in by_pk), key=lambda u: u.code)


def _groups_referenced(content: PlanContent) -> list[FunctionGroup]:
    by_pk = {g.pk: g for g in content.function_groups}
    wanted = {g.pk for i in content.interventions for g in i.function_groups.all()}
    wanted.update(r.function_group_id for r in content.formation_rows)
    return sorted((by_pk[pk] for pk in wanted if pk in by_pk), key=lambda g: g.code)


def export_plan(plan: Plan, content: PlanContent | None = None) -> dict:
    """The whole plan as a JSON-ready dict (no database ids, nothing time-dependent)."""
    content = content or plan_content(plan)
    org = plan.organisation
    unit_code = {u.pk: u.code for u in content.units}
    group_code = {g.pk: g.code for g in content.function_groups}
    point_order = list(VisionPoint.values)

    document: dict[str, Any] = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "organisation": {
            "name": org.name,
            "slug": org.slug,
            "sector": org.sector,
            "has_var": org.has_var,
            "has_client_council": org.has_client_council,
            "always_involve_client_council": org.always_involve_client_council,
            "zorgkantoor": org.zorgkantoor,
            "document_language": org.document_language,
            "units": [
                {
                    "code": u.code,
                    "name": u.name,
                    "parent": unit_code.get(u.parent_id),
                    "fte": decimal_str(u.fte),
                    "is_care_staff": u.is_care_staff,
                }
                for u in _units_referenced(content)
            ],
            "function_groups": [
                {
                    "code": g.code,
                    "name": g.name,
                    "qualification_level": g.qualification_level,
                    "is_care_staff": g.is_care_staff,
                }
                for g in _groups_referenced(content)
            ],
        },
        "plan": {
            "title": plan.title,
            "start_year": plan.start_year,
            "end_year": plan.end_year,
            "preface": plan.preface,
            "vision": plan.vision,
            "learning_mix": {
                "on_the_job": plan.mix_on_the_job,
                "social": plan.mix_social,
                "formal": plan.mix_formal,
            },
            "vision_on_learning": [
                {"point": vp.point, "now": vp.now, "future": vp.future}
                for vp in sorted(content.vision_points.values(), key=lambda vp: point_order.index(vp.point))
            ],
            "themes": [
                {
                    "code": t.code,
                    "kind": t.kind,
                    "title": t.title,
                    "description": t.description,
                    "implications": t.implications,
                    "position": t.position,
                    "objectives": [
                        {
                            "code": o.code,
                            "description": o.description,
                            "indicator": o.indicator,
                            "target_year": o.target_year,
                            "position": o.position,
                            **({"carried_over": o.carried_over} if o.carried_over else {}),
                        }
                        for o in sorted(content.objectives_by_theme.get(t.pk, []), key=lambda o: code_key(o.code))
                    ],
                }
                for t in sorted(content.themes, key=lambda t: code_key(t.code))
            ],
            "interventions": [
                {
                    "code": i.code,
                    "title": i.title,
                    "description": i.description,
                    "learning_outcome": i.learning_outcome,
                    "level": i.level,
                    "units": sorted(u.code for u in i.units.all()),
                    "objectives": sorted((o.code for o in i.objectives.all()), key=code_key),
                    "function_groups": sorted(g.code for g in i.function_groups.all()),
                    "work_forms": sorted(i.work_forms),
                    "years": sorted(i.years),
                    "topics": sorted(i.topics),
                    "horizon": i.horizon,
                    "already_running": i.already_running,
                    "funded_elsewhere": i.funded_elsewhere,
                    "is_big_training": i.is_big_training,
                    "position": i.position,
                }
                for i in sorted(content.interventions, key=lambda i: code_key(i.code))
            ],
            "qualification_mix": sorted(
                (
                    {
                        "unit": unit_code[r.unit_id],
                        "level": r.level,
                        "current_fte": decimal_str(r.current_fte),
                        "desired_fte": decimal_str(r.desired_fte),
                        "target_year": r.target_year,
                    }
                    for r in content.qualification_rows
                ),
                key=lambda r: (r["unit"], r["level"]),
            ),
            "formation": sorted(
                (
                    {
                        "unit": unit_code[r.unit_id],
                        "function_group": group_code[r.function_group_id],
                        "current_fte": decimal_str(r.current_fte),
                        "retirement_per_year": decimal_str(r.retirement_per_year),
                        "turnover_per_year": decimal_str(r.turnover_per_year),
                        "growth_per_year": decimal_str(r.growth_per_year),
                        "internship_places": decimal_str(r.internship_places),
                    }
                    for r in content.formation_rows
                ),
                key=lambda r: (r["unit"], r["function_group"]),
            ),
            "improvement_actions": [
                {
                    "code": a.code,
                    "description": a.description,
                    "responsible": a.responsible,
                    "due": a.due.isoformat() if a.due else None,
                    "position": a.position,
                }
                for a in sorted(content.improvement_actions, key=lambda a: code_key(a.code))
            ],
        },
    }
    for section in sections():
        value = section.export(content)
        if value is None and not section.required:
            continue  # an optional section without content is absent: older hashes stay valid
        document[section.name] = value
    return document


# --- Import -------------------------------------------------------------------------------

# A plan document is about six levels deep; anything far deeper is no plan, and walking it
# recursively (the schema check, repr in its messages) would exhaust Python's stack.
MAX_DEPTH = 32
MAX_REPORTED = 20
MAX_MESSAGE = 300


def read_document(data: str | bytes) -> Any:
    """The JSON document in ``data``; InterchangeError when it is not JSON one can read."""
    try:
        return json.loads(data)
    except json.JSONDecodeError as exc:
        raise InterchangeError(
            ["(document): " + _("not valid JSON: line %(line)s, column %(column)s: %(error)s") % {"line": exc.lineno, "column": exc.colno, "error": exc.msg}]
        ) from exc
    except UnicodeDecodeError as exc:
        raise InterchangeError(["(document): " + _("not UTF-8 text")]) from exc
    except RecursionError as exc:  # the parser's own limit, far below a real plan's needs
        raise InterchangeError(["(document): " + _("nested more than %(n)s levels deep") % {"n": MAX_DEPTH}]) from exc


def _unreadable(document: Any) -> list[str]:
    """What no schema check can report safely: nesting too deep to walk, and NUL characters
    (a NUL in a text is a damaged or forged file, and PostgreSQL cannot store it). Walks the
    document without recursion."""
    errors: list[str] = []
    stack: list[tuple[Any, str, int]] = [(document, "", 0)]
    while stack and len(errors) < MAX_REPORTED:
        node, path, depth = stack.pop()
        if depth > MAX_DEPTH:
            errors.append(f"{path[:200]}: " + _("nested more than %(n)s levels deep") % {"n": MAX_DEPTH})
            continue
        if isinstance(node, dict):
            children = []
            for key, value in node.items():
                name = clean_text(str(key))[:100]
                child = f"{path}.{name}" if path else name
                if "\x00" in str(key):
                    errors.append(f"{child}: " + _("the name of this field contains a NUL character"))
                children.append((value, child, depth + 1))
            stack.extend(reversed(children))
        elif isinstance(node, list):
            stack.extend(reversed([(value, f"{path}[{n}]", depth + 1) for n, value in enumerate(node)]))
        elif isinstance(node, str) and "\x00" in node:
            errors.append(f"{path or '(document)'}: " + _("contains a NUL character"))
    return errors


def _cleaned(node: Any) -> Any:
    """A copy of the document with every text through ``clean_text`` (as every form does)."""
    if isinstance(node, str):
        return clean_text(node)
    if isinstance(node, dict):
        return {clean_text(k) if isinstance(k, str) else k: _cleaned(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_cleaned(v) for v in node]
    return node


def _short(message: str) -> str:
    """jsonschema quotes the value; a 100,000-character text would drown the error."""
    return message if len(message) <= MAX_MESSAGE else f"{message[:200]} … {message[-80:]}"


def _path(error: jsonschema.ValidationError) -> str:
    out = ""
    for part in error.absolute_path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(document)"


def _type_name(name: str) -> str:
    return {
        "string": _("text"), "integer": _("a whole number"), "number": _("a number"),
        "boolean": _("true or false"), "array": _("a list"), "object": _("an object"), "null": _("empty (null)"),
    }.get(name, name)


def schema_message(error: jsonschema.ValidationError) -> str:
    """What is wrong at one place of the document, in the user's language (jsonschema's own
    messages are English and quote whole values)."""
    kind, expected, value = error.validator, error.validator_value, error.instance
    if kind == "required":
        missing = [name for name in expected if isinstance(value, dict) and name not in value]
        return _("the field '%(field)s' is missing") % {"field": ", ".join(missing)}
    if kind == "type":
        names = expected if isinstance(expected, list) else [expected]
        return _("expected %(type)s") % {"type": _(" or ").join(_type_name(n) for n in names)}
    if kind == "enum":
        return _short(_("must be one of: %(values)s") % {"values": ", ".join(str(v) for v in expected)})
    if kind == "const":
        return _("must be %(value)s") % {"value": expected}
    if kind == "minLength":
        return _("may not be empty") if expected == 1 else _("at least %(n)s characters") % {"n": expected}
    if kind == "maxLength":
        return _("at most %(n)s characters") % {"n": expected}
    if kind == "minimum":
        return _("at least %(n)s") % {"n": expected}
    if kind == "maximum":
        return _("at most %(n)s") % {"n": expected}
    if kind == "maxItems":
        return _("at most %(n)s items") % {"n": expected}
    if kind == "pattern":
        return _("contains characters that are not allowed here")
    if kind == "additionalProperties":
        known = set(error.schema.get("properties", {}))
        extra = sorted(str(k) for k in value if k not in known) if isinstance(value, dict) else []
        return _short(_("unknown field: %(fields)s") % {"fields": ", ".join(extra)})
    if kind in ("oneOf", "anyOf"):
        return _("not an allowed value")
    return _short(error.message)


def validate(document: Any) -> list[str]:
    """All problems with the document, each naming its field; an empty list when it is fine."""
    if not isinstance(document, dict):
        return ["(document): " + _("expected a JSON object")]
    unreadable = _unreadable(document)
    if unreadable:
        return unreadable
    validator = jsonschema.Draft202012Validator(schema(), format_checker=jsonschema.FormatChecker())
    errors = [f"{_path(e)}: {schema_message(e)}" for e in sorted(validator.iter_errors(document), key=lambda e: list(map(str, e.absolute_path)))]
    if errors:
        return errors
    return _check_references(document)


def _duplicates(codes: list[str]) -> set[str]:
    seen, dup = set(), set()
    for code in codes:
        (dup if code in seen else seen).add(code)
    return dup


def _check_references(doc: dict) -> list[str]:
    errors: list[str] = []
    org, plan = doc["organisation"], doc["plan"]
    units = {u["code"] for u in org["units"]}
    groups = {g["code"] for g in org["function_groups"]}
    for name, codes in (
        ("organisation.units", [u["code"] for u in org["units"]]),
        ("organisation.function_groups", [g["code"] for g in org["function_groups"]]),
        ("plan.themes", [t["code"] for t in plan["themes"]]),
        ("plan.themes[].objectives", [o["code"] for t in plan["themes"] for o in t["objectives"]]),
        ("plan.interventions", [i["code"] for i in plan["interventions"]]),
        ("plan.improvement_actions", [a["code"] for a in plan["improvement_actions"]]),
        ("plan.vision_on_learning", [v["point"] for v in plan["vision_on_learning"]]),
    ):
        for code in sorted(_duplicates(codes)):
            errors.append(f"{name}: " + _("the code '%(code)s' is used twice") % {"code": code})
    for n, u in enumerate(org["units"]):
        if u["parent"] is not None and u["parent"] not in units:
            errors.append(f"organisation.units[{n}].parent: " + _("unknown unit '%(code)s'") % {"code": u["parent"]})
    start, end = plan["start_year"], plan["end_year"]
    if end <= start:
        errors.append("plan.end_year: " + _("a strategic plan covers several years (R1): end after the start"))
    objectives = {o["code"] for t in plan["themes"] for o in t["objectives"]}
    for n, i in enumerate(plan["interventions"]):
        base = f"plan.interventions[{n}]"
        for code in i["units"]:
            if code not in units:
                errors.append(f"{base}.units: " + _("unknown unit '%(code)s'") % {"code": code})
        for code in i["function_groups"]:
            if code not in groups:
                errors.append(f"{base}.function_groups: " + _("unknown function group '%(code)s'") % {"code": code})
        for code in i["objectives"]:
            if code not in objectives:
                errors.append(f"{base}.objectives: " + _("unknown objective '%(code)s'") % {"code": code})
        for year in i["years"]:
            if not start <= year <= end:
                errors.append(f"{base}.years: " + _("%(year)s is outside the plan period %(start)s–%(end)s") % {"year": year, "start": start, "end": end})
        if i["level"] == InterventionLevel.ORGANISATION and i["units"]:
            errors.append(f"{base}.units: " + _("an organisation-wide intervention has no units"))
    for n, row in enumerate(plan["qualification_mix"]):
        if row["unit"] not in units:
            errors.append(f"plan.qualification_mix[{n}].unit: " + _("unknown unit '%(code)s'") % {"code": row["unit"]})
    for n, row in enumerate(plan["formation"]):
        if row["unit"] not in units:
            errors.append(f"plan.formation[{n}].unit: " + _("unknown unit '%(code)s'") % {"code": row["unit"]})
        if row["function_group"] not in groups:
            errors.append(f"plan.formation[{n}].function_group: " + _("unknown function group '%(code)s'") % {"code": row["function_group"]})
    for section in sections():
        name = section.name
        validate_refs = getattr(section.import_, "validate", None)
        if validate_refs is not None and name in doc:
            errors.extend(validate_refs(doc))
    return errors


@dataclass
class Refs:
    """Codes in the document → the rows they became."""

    units: dict[str, Unit]
    function_groups: dict[str, FunctionGroup]
    objectives: dict[str, Any]
    interventions: dict[str, Any]
    themes: dict[str, Any]


def checked(document: Any) -> dict:
    """``document`` with its texts cleaned, as it would be imported; InterchangeError naming
    every problem (each as "place in the document: what is wrong") when it cannot be."""
    if isinstance(document, dict):
        errors = _unreadable(document)
        if errors:
            raise InterchangeError(errors)
        document = _cleaned(document)
    errors = validate(document)
    if errors:
        raise InterchangeError(errors)
    return document


def import_plan(document: Any, *, actor=None, organisation: Organisation | None = None) -> Plan:
    """Create a new plan from ``document`` (as exported), through the services.

    Without ``organisation`` the plan goes to the organisation with the document's slug,
    which is created when it does not exist. Units and function groups are matched by code;
    missing ones are created. Nothing is written when anything is wrong. Texts lose their
    control characters on the way in; a NUL character or absurd nesting is refused.
    """
    document = checked(document)
    org_doc, plan_doc = document["organisation"], document["plan"]
    try:
        with transaction.atomic():
            if organisation is None:
                organisation = Organisation.objects.filter(slug=org_doc["slug"]).first()
            if organisation is None:
                organisation = org_services.organisation_create(
                    actor=actor,
                    **{k: org_doc[k] for k in (
                        "name", "slug", "sector", "has_var", "has_client_council",
                        "always_involve_client_council", "zorgkantoor", "document_language",
                    )},
                )
            refs = Refs(units={}, function_groups={}, objectives={}, interventions={}, themes={})
            _import_units(organisation, org_doc["units"], refs, actor)
            _import_groups(organisation, org_doc["function_groups"], refs, actor)
            plan = _import_plan_content(organisation, plan_doc, refs, actor)
            for section in sections():
                name = section.name
                if name in document:
                    section.import_(plan, document[name], actor=actor, refs=refs)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            messages = [f"{field}: {m}" for field, errors in exc.message_dict.items() for m in errors]
        else:
            messages = exc.messages
        raise InterchangeError([f"(import) {m}" for m in messages]) from exc
    except DomainError as exc:
        raise InterchangeError([f"(import) {exc.message}"]) from exc
    plan.refresh_from_db()
    return plan


def _import_units(organisation: Organisation, units: list[dict], refs: Refs, actor) -> None:
    existing = {u.code: u for u in organisation.units.all()}
    pending = list(units)
    while pending:  # parents before children
        progressed = False
        for spec in list(pending):
            if spec["parent"] is not None and spec["parent"] not in refs.units:
                continue
            unit = existing.get(spec["code"])
            if unit is None:
                unit = org_services.unit_create(
                    actor=actor,
                    organisation=organisation,
                    code=spec["code"],
                    name=spec["name"],
                    parent=refs.units.get(spec["parent"]),
                    fte=Decimal(spec["fte"]),
                    # Documents and frozen versions from before the flag: every unit had care staff.
                    is_care_staff=spec.get("is_care_staff", True),
                )
            refs.units[spec["code"]] = unit
            pending.remove(spec)
            progressed = True
        if not progressed:
            raise InterchangeError(["organisation.units: the parent links form a loop"])


def _import_groups(organisation: Organisation, groups: list[dict], refs: Refs, actor) -> None:
    existing = {g.code: g for g in organisation.function_groups.all()}
    for spec in groups:
        group = existing.get(spec["code"])
        if group is None:
            group = org_services.function_group_create(
                actor=actor,
                organisation=organisation,
                code=spec["code"],
                name=spec["name"],
                qualification_level=spec["qualification_level"],
                is_care_staff=spec["is_care_staff"],
            )
        refs.function_groups[spec["code"]] = group


def _import_plan_content(organisation: Organisation, doc: dict, refs: Refs, actor) -> Plan:
    plan = services.plan_create(
        actor=actor,
        organisation=organisation,
        title=doc["title"],
        start_year=doc["start_year"],
        end_year=doc["end_year"],
        preface=doc["preface"],
        vision=doc["vision"],
    )
    mix = doc["learning_mix"]
    points = {p: ("", "") for p in VisionPoint.values}
    points.update({v["point"]: (v["now"], v["future"]) for v in doc["vision_on_learning"]})
    services.vision_update(
        actor=actor,
        plan=plan,
        expected_version=plan.lock_version,
        points=points,
        mix_on_the_job=mix["on_the_job"],
        mix_social=mix["social"],
        mix_formal=mix["formal"],
    )
    for t in doc["themes"]:
        theme = services.theme_create(
            actor=actor,
            plan=plan,
            code=t["code"],
            kind=t["kind"],
            title=t["title"],
            description=t["description"],
            implications=t["implications"],
            position=t["position"],
        )
        refs.themes[t["code"]] = theme
        for o in t["objectives"]:
            refs.objectives[o["code"]] = services.objective_create(
                actor=actor,
                theme=theme,
                code=o["code"],
                description=o["description"],
                indicator=o["indicator"],
                target_year=o["target_year"],
                position=o["position"],
                carried_over=o.get("carried_over", ""),
            )
    for i in doc["interventions"]:
        refs.interventions[i["code"]] = services.intervention_create(
            actor=actor,
            plan=plan,
            code=i["code"],
            title=i["title"],
            position=i["position"],
            units=[refs.units[c] for c in i["units"]],
            objectives=[refs.objectives[c] for c in i["objectives"]],
            function_groups=[refs.function_groups[c] for c in i["function_groups"]],
            **{k: i[k] for k in (
                "description", "learning_outcome", "level", "work_forms", "years", "topics",
                "horizon", "already_running", "funded_elsewhere", "is_big_training",
            )},
        )
    for row in doc["qualification_mix"]:
        figures.qualification_row_save(
            actor=actor,
            plan=plan,
            unit=refs.units[row["unit"]],
            level=row["level"],
            current_fte=Decimal(row["current_fte"]),
            desired_fte=Decimal(row["desired_fte"]),
            target_year=row["target_year"],
        )
    for row in doc["formation"]:
        figures.formation_row_save(
            actor=actor,
            plan=plan,
            unit=refs.units[row["unit"]],
            function_group=refs.function_groups[row["function_group"]],
            **{k: Decimal(row[k]) for k in services.FORMATION_FIELDS},
        )
    for a in doc["improvement_actions"]:
        services.improvement_action_create(
            actor=actor,
            plan=plan,
            code=a["code"],
            description=a["description"],
            responsible=a["responsible"],
            due=dt.date.fromisoformat(a["due"]) if a["due"] else None,
            position=a["position"],
        )
    return plan

