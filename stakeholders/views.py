"""Organisation settings for the L&D author; read-only for the organisation's other members."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from soplan import tables
from soplan.errors import DomainError
from soplan.ui import run_action, run_form_service, safe_next

from . import history, hr_import, onboarding, selectors, services
from .access import get_for_user
from .forms import (
    BodyForm,
    FunctionGroupForm,
    LanguageForm,
    OrganisationForm,
    OrganisationStartForm,
    PersonForm,
    UnitForm,
)
from .models import Body, BodyKind, FunctionGroup, Organisation, Unit

User = get_user_model()

READ = "stakeholders.read_organisation"
MANAGE = "stakeholders.manage_organisation"


def _org(request: HttpRequest, slug: str, perm: str = READ) -> Organisation:
    return get_for_user(request.user, Organisation, perm, slug=slug)


@require_safe
def organisation_detail(request: HttpRequest, org: str) -> HttpResponse:
    organisation = _org(request, org)
    return render(
        request,
        "stakeholders/organisation_detail.html",
        {
            "organisation": organisation,
            "can_manage": request.user.has_perm(MANAGE, organisation),
            # The board decides what the organisation shares with its region (plans.regional).
            "can_share": request.user.has_perm("plans.manage_sharing", organisation),
            "can_link_regional": request.user.has_perm("plans.link_regional_action", organisation),
            "unit_tree": selectors.unit_tree(organisation),
            "function_groups": organisation.function_groups.all(),
            "people": selectors.people(organisation),
            "bodies": selectors.bodies_with_members(organisation),
            "history": history.rows(selectors.recent_history(organisation, scope=services.ORG_SCOPE)),
        },
    )


def organisation_edit(request: HttpRequest, org: str) -> HttpResponse:
    organisation = _org(request, org, MANAGE)
    form = OrganisationForm(request.POST or None, instance=Organisation.objects.get(pk=organisation.pk))
    if request.method == "POST" and form.is_valid():
        ok, _result = run_form_service(
            request,
            form,
            lambda: services.organisation_update(
                actor=request.user, organisation=organisation, **form.cleaned_data
            ),
        )
        if ok:
            messages.success(request, _("The organisation settings were saved."))
            return redirect(organisation)
    return render(
        request,
        "stakeholders/form.html",
        {
            "organisation": organisation,
            "form": form,
            "title": _("Organisation settings"),
            "cancel_url": organisation.get_absolute_url(),
        },
    )


def unit_form(request: HttpRequest, org: str, unit: int | None = None) -> HttpResponse:
    organisation = _org(request, org, MANAGE)
    instance = (
        get_for_user(request.user, Unit.objects.filter(organisation=organisation), MANAGE, pk=unit)
        if unit
        else None
    )
    form = UnitForm(request.POST or None, instance=instance, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in ("name", "code", "parent", "fte", "is_care_staff")}
        if instance is None:
            service = lambda: services.unit_create(  # noqa: E731
                actor=request.user, organisation=organisation, **data
            )
        else:
            service = lambda: services.unit_update(actor=request.user, unit=instance, **data)  # noqa: E731
        ok, saved = run_form_service(request, form, service)
        if ok:
            messages.success(request, _("Unit “%(name)s” was saved.") % {"name": saved.name})
            return redirect(f"{organisation.get_absolute_url()}#units")
    return render(
        request,
        "stakeholders/form.html",
        {
            "organisation": organisation,
            "form": form,
            "title": _("Edit unit") if instance else _("Add a unit"),
            "cancel_url": f"{organisation.get_absolute_url()}#units",
        },
    )


def unit_delete(request: HttpRequest, org: str, unit: int) -> HttpResponse:
    organisation = _org(request, org, MANAGE)
    instance = get_for_user(request.user, Unit.objects.filter(organisation=organisation), MANAGE, pk=unit)
    if request.method == "POST":
        run_action(
            request,
            lambda: services.unit_delete(actor=request.user, unit=instance),
            _("Unit “%(name)s” was deleted.") % {"name": instance.name},
        )
        return redirect(f"{organisation.get_absolute_url()}#units")
    return render(
        request,
        "confirm.html",
        {
            "organisation": organisation,
            "title": _("Delete unit “%(name)s”?") % {"name": instance.name},
            "body": _("Plans that refer to this unit keep their text but lose the link."),
            "confirm_label": _("Delete"),
            "danger": True,
            "cancel_url": f"{organisation.get_absolute_url()}#units",
        },
    )


def function_group_form(
    request: HttpRequest, org: str, function_group: int | None = None
) -> HttpResponse:
    organisation = _org(request, org, MANAGE)
    instance = (
        get_for_user(
            request.user,
            FunctionGroup.objects.filter(organisation=organisation),
            MANAGE,
            pk=function_group,
        )
        if function_group
        else None
    )
    form = FunctionGroupForm(request.POST or None, instance=instance, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in ("name", "code", "qualification_level", "is_care_staff")}
        if instance is None:
            service = lambda: services.function_group_create(  # noqa: E731
                actor=request.user, organisation=organisation, **data
            )
        else:
            service = lambda: services.function_group_update(  # noqa: E731
                actor=request.user, function_group=instance, **data
            )
        ok, saved = run_form_service(request, form, service)
        if ok:
            messages.success(request, _("Function group “%(name)s” was saved.") % {"name": saved.name})
            return redirect(f"{organisation.get_absolute_url()}#function-groups")
    return render(
        request,
        "stakeholders/form.html",
        {
            "organisation": organisation,
            "form": form,
            "title": _("Edit function group") if instance else _("Add a function group"),
            "cancel_url": f"{organisation.get_absolute_url()}#function-groups",
        },
    )


def function_group_delete(request: HttpRequest, org: str, function_group: int) -> HttpResponse:
    organisation = _org(request, org, MANAGE)
    instance = get_for_user(
        request.user,
        FunctionGroup.objects.filter(organisation=organisation),
        MANAGE,
        pk=function_group,
    )
    if request.method == "POST":
        run_action(
            request,
            lambda: services.function_group_delete(actor=request.user, function_group=instance),
            _("Function group “%(name)s” was deleted.") % {"name": instance.name},
        )
        return redirect(f"{organisation.get_absolute_url()}#function-groups")
    return render(
        request,
        "confirm.html",
        {
            "organisation": organisation,
            "title": _("Delete function group “%(name)s”?") % {"name": instance.name},
            "body": _("Formation figures for this function group are deleted with it."),
            "confirm_label": _("Delete"),
            "danger": True,
            "cancel_url": f"{organisation.get_absolute_url()}#function-groups",
        },
    )


def person_add(request: HttpRequest, org: str) -> HttpResponse:
    organisation = _org(request, org, MANAGE)
    form = PersonForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        ok, user = run_form_service(
            request,
            form,
            lambda: services.person_invite(
                actor=request.user,
                organisation=organisation,
                email=form.cleaned_data["email"],
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                roles=form.cleaned_data["roles"],
                units=list(form.cleaned_data["units"]),
                bodies=form.bodies(),
                request=request,
            ),
        )
        if ok:
            messages.success(
                request,
                _("%(name)s was added. New users get an e-mail to choose a password.")
                % {"name": user.get_full_name() or user.email},
            )
            return redirect(f"{organisation.get_absolute_url()}#people")
    return render(
        request,
        "stakeholders/person_form.html",
        {"organisation": organisation, "form": form, "title": _("Add a person")},
    )


def _person(request: HttpRequest, organisation: Organisation, person: int):
    """A user who holds a role in ``organisation`` (404 otherwise)."""
    user = User.objects.filter(pk=person).first()
    if user is None or user not in selectors.people_users(organisation):
        raise Http404
    return user


def person_edit(request: HttpRequest, org: str, person: int) -> HttpResponse:
    organisation = _org(request, org, MANAGE)
    user = _person(request, organisation, person)
    initial = selectors.person_initial(organisation, user)
    form = PersonForm(
        request.POST or None, organisation=organisation, existing_user=user, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        ok, _result = run_form_service(
            request,
            form,
            lambda: services.person_set_roles(
                actor=request.user,
                organisation=organisation,
                user=user,
                roles=form.cleaned_data["roles"],
                units=list(form.cleaned_data["units"]),
                bodies=form.bodies(),
            ),
        )
        if ok:
            messages.success(request, _("The roles of %(name)s were saved.") % {"name": user.get_full_name()})
            return redirect(f"{organisation.get_absolute_url()}#people")
    return render(
        request,
        "stakeholders/person_form.html",
        {
            "organisation": organisation,
            "form": form,
            "person": user,
            "title": _("Roles of %(name)s") % {"name": user.get_full_name() or user.email},
        },
    )


def person_remove(request: HttpRequest, org: str, person: int) -> HttpResponse:
    organisation = _org(request, org, MANAGE)
    user = _person(request, organisation, person)
    if request.method == "POST":
        run_action(
            request,
            lambda: services.person_remove(actor=request.user, organisation=organisation, user=user),
            _("%(name)s no longer has a role in the organisation.") % {"name": user.get_full_name()},
        )
        return redirect(f"{organisation.get_absolute_url()}#people")
    return render(
        request,
        "confirm.html",
        {
            "organisation": organisation,
            "title": _("Remove %(name)s from the organisation?") % {"name": user.get_full_name()},
            "body": _(
                "They lose all roles here and can no longer see the organisation's plans. "
                "Decisions they recorded stay on record."
            ),
            "confirm_label": _("Remove"),
            "danger": True,
            "cancel_url": f"{organisation.get_absolute_url()}#people",
        },
    )


def body_edit(request: HttpRequest, org: str, body: int) -> HttpResponse:
    organisation = _org(request, org, MANAGE)
    instance = get_for_user(request.user, Body.objects.filter(organisation=organisation), MANAGE, pk=body)
    form = BodyForm(request.POST or None, initial={"name": instance.name})
    if request.method == "POST" and form.is_valid():
        ok, _result = run_form_service(
            request,
            form,
            lambda: services.body_rename(actor=request.user, body=instance, name=form.cleaned_data["name"]),
        )
        if ok:
            messages.success(request, _("The name was saved."))
            return redirect(f"{organisation.get_absolute_url()}#bodies")
    return render(
        request,
        "stakeholders/form.html",
        {
            "organisation": organisation,
            "form": form,
            "title": BodyKind(instance.kind).label,
            "cancel_url": f"{organisation.get_absolute_url()}#bodies",
        },
    )


@login_not_required
@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the interface language: stored on the profile, or in a cookie before login."""
    form = LanguageForm(request.POST)
    target = safe_next(request, request.POST.get("next"), "/")
    if not form.is_valid():
        return redirect(target)
    language = form.cleaned_data["language"]
    response = redirect(target)
    if request.user.is_authenticated:
        services.profile_set_language(user=request.user, language=language)
    response.set_cookie(
        "django_language", language, max_age=365 * 24 * 3600, samesite="Lax", httponly=True
    )
    return response


@require_safe
def setup_guide(request: HttpRequest, org: str) -> HttpResponse:
    """The set-up guide of a new organisation: each step, done or not, with a link to do it."""
    organisation = _org(request, org, MANAGE)
    steps = onboarding.setup_steps(organisation)
    return render(
        request,
        "stakeholders/setup.html",
        {"organisation": organisation, "steps": steps, "done": sum(s.done for s in steps)},
    )


def organisation_start(request: HttpRequest) -> HttpResponse:
    """The site operator starts an organisation and invites its first L&D author (not /admin/)."""
    if not onboarding.may_start_organisations(request.user):
        raise PermissionDenied
    form = OrganisationStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, organisation = run_form_service(
            request, form, lambda: onboarding.organisation_start(actor=request.user, request=request, **form.cleaned_data)
        )
        if ok:
            messages.success(
                request,
                _("%(org)s was started; %(email)s got an e-mail to choose a password.")
                % {"org": organisation.name, "email": form.cleaned_data["email"]},
            )
            return redirect("organisation_start")
    return render(request, "stakeholders/organisation_start.html", {"form": form})


class InvitationAcceptView(auth_views.PasswordResetConfirmView):
    """The invitation link: choose a password, be signed in, and land in the set-up guide (an
    L&D author) or on the dashboard. The token is Django's password-reset token: it expires after
    PASSWORD_RESET_TIMEOUT and no longer works once the password is set (single use)."""

    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"

    def get_success_url(self) -> str:
        membership = self.user.memberships.filter(role="author").select_related("organisation").first()
        if membership is not None:
            return reverse("stakeholders:setup", kwargs={"org": membership.organisation.slug})
        return reverse("plans:dashboard")


invitation_accept = login_not_required(InvitationAcceptView.as_view())


def import_page(
    request: HttpRequest, *, kind: hr_import.Kind, target, organisation: Organisation, actor_may: bool,
    back_url: str, template_url: str, crumbs: list[tuple[str, str]],
) -> HttpResponse:
    """Upload, map, preview and import one file of ``kind`` into ``target`` (organisation or
    plan). GET without a file: the upload form; POST with a file: read it and show the preview;
    POST with ``confirm``: import everything or nothing."""
    if not actor_may:
        raise PermissionDenied
    token = request.POST.get("upload") or ""
    recalled = hr_import.recall(request.session, kind, token) if token else None
    error = ""
    if request.method == "POST" and "file" in request.FILES:
        upload = request.FILES["file"]
        try:
            table = tables.read(upload.name, upload.read(tables.MAX_BYTES + 1))
        except DomainError as exc:
            error = exc.message
        else:
            token = hr_import.remember(request.session, kind, upload.name, table)
            recalled = (upload.name, table)
    elif request.method == "POST" and recalled is None:
        error = _("The uploaded file is no longer there; choose it again.")
    if recalled is None:
        return render(request, "stakeholders/import_upload.html", {
            "organisation": organisation, "kind": kind, "error": error, "template_url": template_url,
            "back_url": back_url, "crumbs": crumbs,
        })
    filename, table = recalled
    mapping = hr_import.default_mapping(kind, table.headers)
    if "remap" in request.POST or "confirm" in request.POST:
        for column in kind.columns:
            raw = request.POST.get(f"map_{column.key}", "")
            if raw.lstrip("-").isdigit():
                if int(raw) >= 0:
                    mapping[column.key] = int(raw)
                else:
                    mapping.pop(column.key, None)
    checked = hr_import.check(kind, target, table, mapping)
    if "confirm" in request.POST and not checked.problems:
        try:
            created, changed, unchanged = hr_import.run(
                actor=request.user, kind=kind, target=target, table=table, mapping=mapping
            )
        except DomainError as exc:
            error = exc.message
        else:
            hr_import.forget(request.session, token)
            messages.success(request, _(
                "%(file)s was imported: %(created)s new, %(changed)s changed, %(unchanged)s unchanged."
            ) % {"file": filename, "created": created, "changed": changed, "unchanged": unchanged})
            return redirect(back_url)
    preview_rows = [(i + 2, row) for i, row in enumerate(table.rows[:50])]
    return render(request, "stakeholders/import_preview.html", {
        "organisation": organisation, "kind": kind, "filename": filename, "token": token,
        "headers": [(i, h, tables.column_letter(i)) for i, h in enumerate(table.headers)],
        "mapping": [(c, mapping.get(c.key, -1)) for c in kind.columns],
        "problems": checked.problems, "rows": preview_rows, "row_count": len(table.rows),
        "error": error, "back_url": back_url, "crumbs": crumbs,
    })


def hr_import_page(request: HttpRequest, org: str, kind: str) -> HttpResponse:
    organisation = _org(request, org, MANAGE)
    spec = hr_import.ORGANISATION_KINDS.get(kind)
    if spec is None:
        raise Http404
    return import_page(
        request, kind=spec, target=organisation, organisation=organisation, actor_may=True,
        back_url=reverse("stakeholders:setup", kwargs={"org": organisation.slug}),
        template_url=reverse("stakeholders:hr_template", kwargs={"org": organisation.slug, "kind": kind}),
        crumbs=[(organisation.get_absolute_url(), organisation.name),
                (reverse("stakeholders:setup", kwargs={"org": organisation.slug}), _("Set-up guide"))],
    )


@require_safe
def hr_template(request: HttpRequest, org: str, kind: str) -> HttpResponse:
    _org(request, org, MANAGE)
    spec = hr_import.ORGANISATION_KINDS.get(kind)
    if spec is None:
        raise Http404
    return template_download(spec)


def template_download(spec: hr_import.Kind) -> HttpResponse:
    response = HttpResponse(
        hr_import.template_file(spec),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="sjabloon-{spec.key}.xlsx"'
    return response
