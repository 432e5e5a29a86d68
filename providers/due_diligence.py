"""An organisation's due diligence taken together, stored on the organisation.

`Organisation.due_diligence` is the worst status of its required documents (missing, out of
date, expiring within 30 days, or complete and in date), and `due_diligence_next_end` the
earliest day one of its current required documents stops being valid that has not yet
passed. The registry filters and shows the column, so a search over 50,000 providers runs
no per-row subquery. It is kept current:

- by the services that change what it depends on (a document uploaded, the legal form
  changed), in their transaction, through `due_diligence_refresh`;
- by the daily beat task `providers.tasks.due_diligence_daily`, because documents go out of
  date by the calendar: it recomputes only the organisations whose next end has passed, or
  whose next end is within 30 days while they still show complete
  (`due_diligence_stale`), so a day missed is caught up the next.

`due_diligence_annotation(today)` is the one rule in SQL, used to write the column (and by
the data migration); `due_diligence_from_rows` is the same rule over a provider's document
rows for its page.
"""

import datetime

from django.db import models
from django.db.models import Case, CharField, Count, Min, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from core.status_tags import tag_colours
from core.vocabularies import LegalForm
from providers.documents import EXPIRING_WITHIN_DAYS, DocumentStatus, documents_required


class DueDiligence(models.TextChoices):
    """An organisation's documents taken together: the worst of its required ones."""

    COMPLETE = "complete", _("Complete and in date")
    EXPIRING = "expiring", _("Expiring within 30 days")
    OUT_OF_DATE = "out-of-date", _("Out of date")
    MISSING = "missing", _("Missing documents")


tag_colours(DueDiligence, COMPLETE="green", EXPIRING="yellow", OUT_OF_DATE="red", MISSING="orange")


def due_diligence_from_rows(rows) -> DueDiligence:
    """The status the provider's page shows, from providers.selectors.document_rows; the
    same rule as due_diligence_annotation."""
    statuses = {row.status for row in rows if row.required}
    if DocumentStatus.MISSING in statuses:
        return DueDiligence.MISSING
    if DocumentStatus.OUT_OF_DATE in statuses:
        return DueDiligence.OUT_OF_DATE
    if DocumentStatus.EXPIRING in statuses:
        return DueDiligence.EXPIRING
    return DueDiligence.COMPLETE


def _legal_form_groups():
    """Legal forms grouped by the documents they need: {kinds: [legal forms]}."""
    groups: dict[tuple, list[str]] = {}
    for form in LegalForm:
        groups.setdefault(tuple(documents_required(form)), []).append(form.value)
    return groups


def _current_required(kinds):
    from providers.models import DueDiligenceDocument

    return (
        DueDiligenceDocument.objects.filter(
            organisation=OuterRef("pk"), replaced_at__isnull=True, kind__in=kinds
        )
        .order_by()
        .values("organisation")
    )


def due_diligence_annotation(today: datetime.date):
    """An SQL expression giving each organisation's DueDiligence value on `today`.

    Per legal form, one subquery over its current required documents (the partial unique
    index on current documents serves it): fewer than required -> missing; the earliest
    end date before today -> out of date; within 30 days -> expiring; else complete.
    """
    soon = today + datetime.timedelta(days=EXPIRING_WITHIN_DAYS)
    whens = []
    for kinds, forms in _legal_form_groups().items():
        status = (
            _current_required(kinds)
            .annotate(present=Count("pk"), ends=Min("valid_until"))
            .annotate(
                status=Case(
                    When(present__lt=len(kinds), then=Value(DueDiligence.MISSING.value)),
                    When(ends__lt=today, then=Value(DueDiligence.OUT_OF_DATE.value)),
                    When(ends__lte=soon, then=Value(DueDiligence.EXPIRING.value)),
                    default=Value(DueDiligence.COMPLETE.value),
                )
            )
            .values("status")
        )
        whens.append(When(legal_form__in=forms, then=Subquery(status)))
    # No current document at all: the subquery finds no row.
    return Coalesce(
        Case(*whens, output_field=CharField()),
        Value(DueDiligence.MISSING.value),
        output_field=CharField(),
    )


def due_diligence_next_end_annotation(today: datetime.date):
    """The earliest `valid_until` on or after `today` among the current required documents:
    the next day the status may change by the calendar (None if nothing ends)."""
    whens = []
    for kinds, forms in _legal_form_groups().items():
        ends = (
            _current_required(kinds)
            .filter(valid_until__gte=today)
            .annotate(ends=Min("valid_until"))
            .values("ends")
        )
        whens.append(When(legal_form__in=forms, then=Subquery(ends)))
    return Case(*whens, output_field=models.DateField())


def due_diligence_refresh(organisations, *, today: datetime.date) -> int:
    """Write the status and next end of `organisations` (a queryset of Organisation) for
    `today`, in one UPDATE. Returns how many rows it wrote."""
    return organisations.update(
        due_diligence=due_diligence_annotation(today),
        due_diligence_next_end=due_diligence_next_end_annotation(today),
    )


def due_diligence_stale(today: datetime.date) -> Q:
    """The organisations whose stored status the calendar may have changed by `today`."""
    soon = today + datetime.timedelta(days=EXPIRING_WITHIN_DAYS)
    return Q(due_diligence_next_end__lt=today) | Q(
        due_diligence=DueDiligence.COMPLETE, due_diligence_next_end__lte=soon
    )
