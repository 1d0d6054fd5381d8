"""``python -m loadtest.seed``: the data of a load run (``make load``, docs/performance.md).

The demo organisation, plus ``--organisations`` copies of it under other names, each with its own
logins (the demo's roles, e-mail addresses ``<role>@load-NN.soplan.example``), built through the
same services as ``manage.py seed_demo``. Each copy has the demo's three plans: the adopted
2027–2030 plan, its change awaiting the VAR's consent, and the draft of the next cycle that the
author edits and the councils comment on.

Writes a manifest (JSON) that the locustfile reads: one entry per login with its role, the
organisation and the ids of its plans and bodies. Needs the environment of the web process
(DATABASE_URL, SOPLAN_DEMO_PASSWORD, ...).
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

# The roles a load run logs in as: one locust user per (organisation, role).
ROLES = ("author", "board_member", "or_member", "var_member", "cr_member")


def organisation_spec(number: int, demo: dict) -> dict:
    return {**demo, "name": f"{demo['name']} {number:02d}", "slug": f"load-{number:02d}"}


def user_specs(number: int, demo: list) -> list:
    """The demo's users under other addresses: ``adviseur@soplan.example`` -> ``adviseur@load-01.soplan.example``."""
    specs = []
    for key, email, first, last, *rest in demo:
        local, domain = email.split("@")
        specs.append((key, f"{local}@load-{number:02d}.{domain}", first, last, *rest))
    return specs


def _manifest_entries(organisation, logins: dict[str, str]) -> list[dict]:
    from plans.models import EDITABLE_STATUSES, PlanStatus

    plans = organisation.plans.order_by("pk")
    adopted = plans.filter(previous__isnull=True).first()
    draft = plans.filter(status__in=EDITABLE_STATUSES).first()
    change = plans.filter(status=PlanStatus.AWAITING_CONSENT).first()
    bodies = {body.kind: body.pk for body in organisation.bodies.all()}
    return [
        {
            "role": role,
            "email": logins[role],
            "organisation": organisation.slug,
            "adopted": adopted.pk,
            "draft": draft.pk,
            "change": change.pk if change else None,
            "bodies": bodies,
        }
        for role in ROLES
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m loadtest.seed", description=__doc__.split("\n\n")[0])
    parser.add_argument("--organisations", type=int, default=10, help="copies of the demo organisation (default 10)")
    parser.add_argument("--manifest", type=Path, required=True, help="where to write the logins (JSON)")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "soplan.settings")
    import django

    django.setup()
    from soplan import demo, demo_content
    from stakeholders.models import Organisation

    entries = []
    started = time.monotonic()
    specs = [(demo_content.ORGANISATION, demo_content.USERS)] + [
        (organisation_spec(n, demo_content.ORGANISATION), user_specs(n, demo_content.USERS))
        for n in range(1, args.organisations + 1)
    ]
    for org_spec, users in specs:
        logins = demo.seed(organisation_spec=org_spec, user_specs=users)
        entries += _manifest_entries(Organisation.objects.get(slug=org_spec["slug"]), logins)
    args.manifest.parent.mkdir(parents=True, exist_ok=True)
    args.manifest.write_text(json.dumps(entries, indent=1))
    print(
        f"load seed: {len(specs)} organisations, {len(entries)} logins in {time.monotonic() - started:.0f} s "
        f"-> {args.manifest}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
