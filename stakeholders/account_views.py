"""The person's own second factor: set up an authenticator app, see the recovery codes once,
confirm a session, remove the app (stakeholders.second_factor; docs/security.md)."""

from __future__ import annotations

import django_otp
from django.contrib import messages
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from soplan.errors import DomainError
from soplan.ui import safe_next

from . import second_factor
from .forms import CodeForm
from .models import Organisation

CODES_SESSION_KEY = "soplan_recovery_codes"  # shown once, then dropped from the session


def _next(request: HttpRequest) -> str:
    return safe_next(request, request.POST.get("next") or request.GET.get("next"), "")


def _requiring(user) -> list[Organisation]:
    """The person's organisations that require a second factor of those who sign."""
    return list(
        Organisation.objects.filter(Q(memberships__user=user) | Q(bodies__members__user=user), require_second_factor=True)
        .distinct()
        .order_by("name")
    )


def overview(request: HttpRequest) -> HttpResponse:
    """Set up the app (POST start, then POST a code), or see its state and what to do next."""
    user, next_url = request.user, _next(request)
    form = CodeForm(request.POST if request.POST.get("action") == "confirm" else None, initial={"next": next_url})
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "start":
            try:
                second_factor.app_start(user=user)
            except DomainError as exc:
                messages.error(request, exc.message)
            return redirect(_here(next_url))
        if action == "confirm" and form.is_valid():
            try:
                codes = second_factor.app_confirm(user=user, token=form.cleaned_data["code"])
            except DomainError as exc:
                form.add_error("code", exc.message)
            else:
                django_otp.login(request, second_factor.app_of(user))
                request.session[CODES_SESSION_KEY] = codes
                messages.success(request, _("Your authenticator app is set up and this session is confirmed."))
                return redirect(_here(next_url, "second_factor_codes"))
    form.fields["code"].help_text = _("The six digits your authenticator app shows now.")
    device = second_factor.app_of(user)
    pending = None if device is not None else second_factor.pending_app(user)
    return render(
        request,
        "registration/second_factor.html",
        {
            "device": device,
            "pending": pending,
            "qr": second_factor.qr_svg(pending) if pending else "",
            "secret": second_factor.secret_for_typing(pending) if pending else "",
            "form": form,
            "next": next_url,
            "confirmed": bool(second_factor.used_in_session(user)),
            "codes_left": second_factor.codes_left(user) if device else 0,
            "requiring": _requiring(user),
        },
    )


def _here(next_url: str, name: str = "second_factor") -> str:
    url = reverse(name)
    if next_url:
        url += "?" + urlencode({"next": next_url})
    return url


def codes(request: HttpRequest) -> HttpResponse:
    """The recovery codes, once: taken out of the session as they are shown. POST: new codes,
    which needs a session confirmed with the second factor."""
    next_url = _next(request)
    if request.method == "POST":
        try:
            request.session[CODES_SESSION_KEY] = second_factor.recovery_codes_renew(actor=request.user)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect(_here(reverse("second_factor_codes"), "second_factor_verify"))
        messages.success(request, _("You have new recovery codes; the old ones no longer work."))
        return redirect(_here(next_url, "second_factor_codes"))
    shown = request.session.pop(CODES_SESSION_KEY, None)
    return render(request, "registration/second_factor_codes.html", {"codes": shown, "next": next_url})


def verify(request: HttpRequest) -> HttpResponse:
    """Confirm this session with a code, then back to where the person was."""
    next_url = _next(request)
    if not second_factor.has_second_factor(request.user):
        return redirect(_here(next_url))
    form = CodeForm(request.POST or None, initial={"next": next_url})
    if request.method == "POST" and form.is_valid():
        try:
            used = second_factor.confirm_session(request, token=form.cleaned_data["code"])
        except DomainError as exc:
            form.add_error("code", exc.message)
        else:
            if used == "recovery":
                messages.warning(
                    request,
                    _("You used a recovery code; it no longer works. %(n)s recovery code(s) left.")
                    % {"n": second_factor.codes_left(request.user)},
                )
            messages.success(request, _("This session is confirmed with your second factor."))
            return redirect(next_url or reverse("second_factor"))
    return render(
        request,
        "registration/second_factor_verify.html",
        {"form": form, "next": next_url, "signing_in": second_factor.sign_in_pending(request)},
    )


def remove(request: HttpRequest) -> HttpResponse:
    """Remove the app and the recovery codes, after a code proves the person still holds them."""
    if not second_factor.has_second_factor(request.user):
        return redirect("second_factor")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            second_factor.remove(user=request.user, token=form.cleaned_data["code"])
        except DomainError as exc:
            form.add_error("code", exc.message)
        else:
            messages.success(request, _("Your authenticator app and recovery codes were removed."))
            return redirect("second_factor")
    return render(
        request, "registration/second_factor_remove.html", {"form": form, "requiring": _requiring(request.user)}
    )

