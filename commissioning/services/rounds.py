"""Setting a round up: its settings, lots and documents, while it is a draft."""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from commissioning.errors import RoleRequired, RoundNotEditable, RoundSettingsInvalid
from commissioning.models import (
    EDITABLE_STATUSES,
    Lot,
    OrganisationExtension,
    Phase,
    Round,
    RoundStatus,
    RoundTransition,
)
from commissioning.rules import EDITORS
from commissioning.services._common import require_editor, round_lock
from core.access import has_role
from funding.ledger.models import Budget
from plans.selectors import priority_threads_for

# Fields a form may set with round_create / round_update (the many-to-many ones separately).
SETTINGS_FIELDS = (
    "title",
    "title_cy",
    "summary",
    "summary_cy",
    "guidance",
    "guidance_cy",
    "commissioning_model",
    "procurement_route",
    "notice_reference",
    "eligible_legal_forms",
    "first_year",
    "last_year",
    "minimum_award",
    "maximum_award",
    "assessments_per_bid",
    "contact_email",
    "opens_at",
    "closes_at",
)
RELATED_FIELDS = (
    "partner_bodies",
    "budgets",
    "priority_threads",
    "service_categories",
    "victim_groups",
    "areas_served",
)
DOCUMENT_FIELDS = ("specification", "terms", "budget_template")


def _check_related(round_, related: dict) -> None:
    body = round_.lead_body
    budgets = related.get("budgets")
    if budgets is not None:
        allowed = set(Budget.objects.filter(body=body).values_list("pk", flat=True))
        if any(b.pk not in allowed for b in budgets):
            raise RoundSettingsInvalid(_("A round draws only on its lead body's budgets."))
    threads = related.get("priority_threads")
    if threads is not None:
        allowed = {t.pk for t in priority_threads_for(body=body) if t.retired_in_id is None}
        if any(t.pk not in allowed for t in threads):
            raise RoundSettingsInvalid(
                _("A round serves priorities of its lead body's published plan.")
            )
    partners = related.get("partner_bodies")
    if partners is not None and any(p.pk == body.pk for p in partners):
        raise RoundSettingsInvalid(_("The lead body cannot also be a partner."))


def _check_values(round_) -> None:
    if round_.first_year > round_.last_year:
        raise RoundSettingsInvalid(
            _("The last financial year must be the same as or after the first.")
        )
    if round_.maximum_award < round_.minimum_award:
        raise RoundSettingsInvalid(_("The maximum award must be at least the minimum award."))
    if round_.opens_at >= round_.closes_at:
        raise RoundSettingsInvalid(_("The round must open before it closes."))


def _set_related(round_, related: dict) -> None:
    for name in RELATED_FIELDS:
        if name in related and related[name] is not None:
            getattr(round_, name).set(related[name])


@transaction.atomic
def round_create(*, body, by, related=None, now=None, **values) -> Round:
    """A draft round led by `body`, created at `now` (the request's instant by default).
    `values` are SETTINGS_FIELDS; `related` the M2M lists."""
    if not has_role(by, body, *EDITORS):
        raise RoleRequired(_("Your role does not allow you to do this."))
    unknown = set(values) - set(SETTINGS_FIELDS)
    if unknown:
        raise TypeError(f"unknown round fields {sorted(unknown)}")
    now = now or timezone.now()
    round_ = Round(lead_body=body, created_by=by, created_at=now, **values)
    _check_values(round_)
    related = related or {}
    _check_related(round_, related)
    round_.save()
    _set_related(round_, related)
    RoundTransition.objects.create(round=round_, to_status=RoundStatus.DRAFT, by=by, at=now)
    return round_


def _require_draft(round_) -> None:
    if round_.status not in EDITABLE_STATUSES:
        raise RoundNotEditable(
            _("Only a draft round can be changed. Move it back to draft first.")
            if round_.status == RoundStatus.SCHEDULED
            else _("The round is published, so its settings cannot change.")
        )


@transaction.atomic
def round_update(*, round, by, related=None, **values) -> Round:
    locked = round_lock(round)
    require_editor(by, locked)
    _require_draft(locked)
    unknown = set(values) - set(SETTINGS_FIELDS)
    if unknown:
        raise TypeError(f"unknown round fields {sorted(unknown)}")
    for name, value in values.items():
        setattr(locked, name, value)
    _check_values(locked)
    related = related or {}
    _check_related(locked, related)
    locked.save()
    _set_related(locked, related)
    return locked


@transaction.atomic
def round_document_set(*, round, by, field, stored_file) -> Round:
    if field not in DOCUMENT_FIELDS:
        raise ValueError(f"{field} is not a round document")
    locked = round_lock(round)
    require_editor(by, locked)
    _require_draft(locked)
    setattr(locked, field, stored_file)
    locked.save(update_fields=[field, "updated_at"])
    return locked


@transaction.atomic
def lot_add(*, round, by, name, amount, description="", name_cy="", description_cy="") -> Lot:
    locked = round_lock(round)
    require_editor(by, locked)
    _require_draft(locked)
    if locked.lots.filter(name__iexact=name.strip()).exists():
        raise RoundSettingsInvalid(_("The round already has a lot with this name."))
    position = locked.lots.count() + 1
    return Lot.objects.create(
        round=locked,
        name=name.strip(),
        name_cy=name_cy,
        description=description,
        description_cy=description_cy,
        amount=amount,
        ordering=position,
    )


@transaction.atomic
def lot_remove(*, lot, by) -> None:
    locked = round_lock(lot.round)
    require_editor(by, locked)
    _require_draft(locked)
    lot.delete()


# --- Closing instants -------------------------------------------------------------------------


def round_closes_at_for(round_, organisation):
    """The instant the round closes for `organisation`: the round's closing time, or the
    latest extension an officer gave that organisation when it is later (one query)."""
    if organisation is None:
        return round_.closes_at
    extended = OrganisationExtension.objects.filter(
        round=round_, organisation=organisation
    ).aggregate(latest=Max("closes_at"))["latest"]
    if extended is None or extended <= round_.closes_at:
        return round_.closes_at
    return extended


def round_last_close(round_):
    """The last instant the round closes for anyone: its closing time or the latest extension."""
    extended = OrganisationExtension.objects.filter(round=round_).aggregate(
        latest=Max("closes_at")
    )["latest"]
    return max(round_.closes_at, extended) if extended else round_.closes_at


def round_is_sealed(round_, at) -> bool:
    """Whether the round's bids stay sealed at `at`: until its close and every organisation's
    extension have passed, nobody in the office reads a bid (so no late bidder is told)."""
    return at < round_last_close(round_)


def round_is_open_for(round_, organisation, at) -> bool:
    """Whether `organisation` may still bid at `at`: the round is published, has opened, and
    has not closed for that organisation (its extension counts, nobody else's)."""
    if round_.phase_at(at) in (Phase.NOT_PUBLISHED, Phase.UPCOMING, Phase.CANCELLED):
        return False
    return at < round_closes_at_for(round_, organisation)
