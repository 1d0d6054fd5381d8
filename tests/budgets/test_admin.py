"""The site administrator maintains the reference data in the Django admin; nobody else may."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgets.models import FundingSchemeYear
from tests import factories


@pytest.fixture
def site_admin(db):
    user = factories.UserFactory(username="beheer@example.test")
    user.is_staff = user.is_superuser = True
    user.save()
    return user


def test_the_administrator_edits_a_source_but_not_its_code(client_of, site_admin, sources):
    source = sources["sectorplan"]
    page = client_of(site_admin).get(f"/admin/budgets/fundingsource/{source.pk}/change/")
    assert page.status_code == 200
    assert b'name="max_share_percent"' in page.content
    assert b'name="code"' not in page.content  # exported plans name sources by code
    assert client_of(site_admin).get(f"/admin/budgets/fundingsource/{source.pk}/delete/").status_code == 403


def test_the_administrator_adds_a_scheme_year_that_then_applies(client_of, site_admin, sources):
    scheme = sources["extra-middelen-wlz"].scheme
    client = client_of(site_admin)
    page = client.get(f"/admin/budgets/fundingscheme/{scheme.pk}/change/")
    assert page.status_code == 200 and b"2020" in page.content
    FundingSchemeYear.objects.create(scheme=scheme, year=2027, tariff_percentage=Decimal("1.45"),
                                     training_share=Decimal("60.00"), day_activities_share=Decimal("40.00"))
    assert scheme.values_for(2030).tariff_percentage == Decimal("1.45")


@pytest.mark.parametrize("path", ["/admin/budgets/fundingsource/", "/admin/budgets/fundingscheme/"])
def test_an_author_cannot_reach_the_reference_data(client_of, author, path):
    response = client_of(author).get(path)
    assert response.status_code == 302 and "login" in response["Location"]
