"""The completeness check: one service that evaluates a plan against domain.md.

Each app contributes checks (``register``); plans registers those of steps 1–3 in
``plans.checks`` and budgets adds its own. A check reads a :class:`~plans.selectors.PlanContent`
and yields :class:`Finding` objects, each naming its rule and the section where it is fixed.
Blocking findings stop a submission; warnings are advice.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import ClassVar, NamedTuple

from django.core.cache import cache
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from plans.content.models import Plan
from plans.content.selectors import PlanContent, plan_content
from stakeholders import freshness

BLOCKING = "blocking"
WARNING = "warning"


class Section(NamedTuple):
    key: str
    step: str  # "plan" for the parts outside the six steps, else "1" … "6"
    title: Promise
    url_name: str


SECTIONS: tuple[Section, ...] = (
    Section("general", "plan", _("Title, period and preface"), "plans:plan_edit"),
    Section("koers", "1", _("Strategic vision (koers)"), "plans:koers"),
    Section("themes", "1", _("Themes and objectives"), "plans:themes"),
    Section("vision", "2", _("Vision on learning"), "plans:vision"),
    Section("interventions", "3", _("Learning interventions"), "plans:interventions"),
    Section("qualification", "3", _("Qualification mix"), "plans:qualification"),
    Section("formation", "3", _("Formation"), "plans:formation"),
    Section("alignment", "4", _("Consultation and comments"), "plans:alignment"),
    Section("budget", "5", _("Budget and funding"), "budgets:overview"),
    Section("yearplan", "5", _("Operational year plan"), "budgets:yearplan"),
    Section("approval", "6", _("Approval and consent"), "plans:approval"),
    Section("evaluation", "6", _("Execution and evaluation"), "plans:evaluations"),
    Section("actions", "plan", _("Improvement actions"), "plans:actions"),
    Section("documents", "plan", _("Documents (PDF)"), "plans:documents"),
)
SECTION_BY_KEY = {s.key: s for s in SECTIONS}
# Parts of the plan nobody comments on (step 4): the discussion itself, the decisions, the PDFs.
NOT_COMMENTABLE = frozenset({"alignment", "approval", "evaluation", "documents"})

STEP_TITLES: dict[str, Promise] = {
    "plan": _("The plan"),
    "1": _("Strategic themes"),
    "2": _("Vision on learning"),
    "3": _("Draft plan"),
    "4": _("Alignment"),
    "5": _("Budget"),
    "6": _("Approval"),
}


@dataclass(frozen=True)
class Finding:
    section: str
    rule: str
    severity: str
    message: str
    anchor: str = ""  # an element id on the section's page, e.g. "objective-12"

    @property
    def step(self) -> str:
        return SECTION_BY_KEY[self.section].step

    @property
    def is_blocking(self) -> bool:
        return self.severity == BLOCKING


@dataclass
class Report:
    plan: Plan
    findings: list[Finding] = field(default_factory=list)
    # The state of the plan the findings were computed for (plan_state); empty when computed
    # afresh. Pages cache fragments that only depend on the findings under it (the navigator).
    state: str = ""
    # The longest a fragment cached under the state is kept (the navigator in plan_base.html).
    cache_seconds: ClassVar[int] = freshness.CACHED_SECONDS

    @property
    def blocking(self) -> list[Finding]:
        return [f for f in self.findings if f.is_blocking]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if not f.is_blocking]

    def for_section(self, key: str) -> list[Finding]:
        return [f for f in self.findings if f.section == key]

    def for_step(self, step: str) -> list[Finding]:
        return [f for f in self.findings if f.step == step]

    def url(self, finding: Finding) -> str:
        base = reverse(SECTION_BY_KEY[finding.section].url_name, kwargs={"plan": self.plan.pk})
        return f"{base}#{finding.anchor}" if finding.anchor else base

    def navigator(self) -> list[dict]:
        """Steps with their sections and the number of open points, for the step navigator."""
        steps: OrderedDict[str, dict] = OrderedDict()
        for section in SECTIONS:
            entry = steps.setdefault(
                section.step,
                {"step": section.step, "title": STEP_TITLES[section.step], "sections": []},
            )
            findings = self.for_section(section.key)
            entry["sections"].append(
                {
                    "key": section.key,
                    "title": section.title,
                    "url": reverse(section.url_name, kwargs={"plan": self.plan.pk}),
                    "blocking": sum(1 for f in findings if f.is_blocking),
                    "warnings": sum(1 for f in findings if not f.is_blocking),
                }
            )
        for entry in steps.values():
            entry["blocking"] = sum(s["blocking"] for s in entry["sections"])
            entry["warnings"] = sum(s["warnings"] for s in entry["sections"])
        order = ["plan", "1", "2", "3", "4", "5", "6"]
        return sorted(steps.values(), key=lambda e: order.index(e["step"]))

    def current_step(self) -> str:
        """The first step with a blocking finding: where the author should continue."""
        for step in ("1", "2", "3", "5", "plan", "6"):
            if any(f.is_blocking for f in self.for_step(step)):
                return step
        return "6"


Check = Callable[[PlanContent], Iterable[Finding]]
_CHECKS: list[Check] = []


def register(check: Check) -> Check:
    """Add a check (used as a decorator by the apps' ``checks`` modules)."""
    if check not in _CHECKS:
        _CHECKS.append(check)
    return check


def evaluate(plan: Plan, content: PlanContent | None = None) -> Report:
    """Run every registered check on ``plan``."""
    content = content or plan_content(plan)
    report = Report(plan=plan)
    for check in _CHECKS:
        report.findings.extend(check(content))
    return report


def plan_state(plan: Plan) -> str:
    """The state of the plan that what pages cache depends on, in one short key: the plan, its
    row version (every edit of the plan row and every transition counts it up), the marks of its
    organisation's data and of the reference data (``stakeholders.freshness``: every audited
    write and every transition marks them) and the active language of the messages."""
    return f"{plan.pk}:{plan.lock_version}:{freshness.state_of(plan.organisation_id)}:{get_language()}"


def evaluate_for_page(plan: Plan, content: PlanContent | None = None, *, state: str | None = None) -> Report:
    """The completeness report for showing on a page: computed once per state of the plan.

    Every page of the editor shows the step navigator, so without this each page view would run
    every check over the whole plan. Submitting never uses this: it evaluates afresh.
    """
    state = state or plan_state(plan)
    key = f"soplan:report:{state}"
    findings = cache.get(key)
    if findings is None:
        findings = evaluate(plan, content).findings
        cache.set(key, findings, freshness.CACHED_SECONDS)
    return Report(plan=plan, findings=list(findings), state=state)
