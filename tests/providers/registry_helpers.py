"""Helpers for the registry's tests: organisations with documents in a chosen state."""

import datetime

from django.utils import timezone

from core.models import PolicingBody, ServiceCategory
from providers.documents import RULES, DocumentKind, documents_required
from providers.due_diligence import due_diligence_refresh
from providers.models import Organisation
from providers.registry.services import organisation_search_vector_update
from tests.providers.factories import DocumentFactory, OrganisationFactory


def provider(*, areas=("merseyside",), categories=("counselling-and-therapy",), **fields):
    """An organisation serving `areas` and offering `categories`, with its search vector."""
    organisation = OrganisationFactory(**fields)
    organisation.areas_served.set(PolicingBody.objects.filter(slug__in=areas))
    organisation.service_categories.set(ServiceCategory.objects.filter(slug__in=categories))
    organisation_search_vector_update(organisation_ids=[organisation.pk])
    return organisation


def documents_in_date(organisation, *, except_kind=None, valid_for_days=None):
    """Every document its legal form needs, current; `except_kind` left missing;
    `valid_for_days` sets when the accounts go out of date (negative: already out of date)."""
    today = timezone.localdate()
    made = []
    for kind in documents_required(organisation.legal_form):
        if kind == except_kind:
            continue
        # The factory dates a document yesterday: an expiry date must be in the future.
        dated = today + datetime.timedelta(days=365) if RULES[kind].date_is_expiry else None
        extra = {"document_date": dated} if dated else {}
        document = DocumentFactory(
            organisation=organisation, kind=kind, refresh_due_diligence=False, **extra
        )
        if kind == DocumentKind.ACCOUNTS and valid_for_days is not None:
            document.valid_until = today + datetime.timedelta(days=valid_for_days)
            document.save(update_fields=["valid_until"])
        made.append(document)
    due_diligence_refresh(Organisation.objects.filter(pk=organisation.pk), today=today)
    return made
