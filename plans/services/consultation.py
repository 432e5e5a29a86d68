"""Consultation on a draft plan: its dates, the responses, the summary, and closing it.

The chief constable is always consulted, and (unless a variation records why not) the
public and victims too (docs/domain.md, Plans). Individual responses are never published.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from plans.errors import ConsultationClosed, ConsultationIncomplete, TransitionRefused
from plans.models import Consultation, ConsultationResponse, PlanStatus, RespondentType
from plans.models.consultation import VICTIM_RESPONDENTS
from plans.rules import EDITORS
from plans.services._common import plan_lock, require_role


def _open_consultation(plan, by, *, statuses) -> Consultation:
    locked = plan_lock(plan)
    require_role(by, locked.body, EDITORS)
    consultation = Consultation.objects.get(plan=locked)
    consultation.plan = locked
    if locked.status not in statuses:
        raise TransitionRefused(_("The consultation on this plan is not open."))
    if consultation.is_closed:
        raise ConsultationClosed(_("The consultation has closed and can no longer change."))
    return consultation


@transaction.atomic
def consultation_schedule(
    *, plan, by, opens_on, closes_on, public_consultation=True, public_skipped_reason=""
) -> Consultation:
    """Set the dates and, for a variation only, whether the public is consulted."""
    consultation = _open_consultation(
        plan, by, statuses=(PlanStatus.DRAFT, PlanStatus.CONSULTATION)
    )
    if opens_on is None or closes_on is None:
        raise ConsultationIncomplete(
            _("Enter the dates the consultation opens and closes."), problems=[]
        )
    if closes_on < opens_on:
        raise ConsultationIncomplete(
            _("The closing date must be on or after the opening date."), problems=[]
        )
    if not public_consultation:
        if not consultation.plan.is_variation:
            raise ConsultationIncomplete(
                _("A new plan is always consulted on with the public and victims."), problems=[]
            )
        if not public_skipped_reason.strip():
            raise ConsultationIncomplete(
                _("Enter why the public is not consulted on this variation."), problems=[]
            )
    consultation.opens_on = opens_on
    consultation.closes_on = closes_on
    consultation.public_consultation = public_consultation
    consultation.public_skipped_reason = "" if public_consultation else public_skipped_reason
    consultation.save()
    return consultation


@transaction.atomic
def consultation_summarise(*, plan, by, summary, victims_absence_reason="") -> Consultation:
    """Write the summary (published with the plan) and any reason victims did not respond."""
    consultation = _open_consultation(plan, by, statuses=(PlanStatus.CONSULTATION,))
    consultation.summary = summary
    consultation.victims_absence_reason = victims_absence_reason
    consultation.save()
    return consultation


@transaction.atomic
def consultation_response_record(
    *, plan, by, respondent_type, received_on, content, respondent_name=""
) -> ConsultationResponse:
    consultation = _open_consultation(plan, by, statuses=(PlanStatus.CONSULTATION,))
    if received_on > timezone.localdate():
        raise ConsultationIncomplete(
            _("The date received must be today or in the past."), problems=[]
        )
    return ConsultationResponse.objects.create(
        plan=consultation.plan,
        respondent_type=RespondentType(respondent_type),
        respondent_name=respondent_name,
        received_on=received_on,
        content=content,
        recorded_by=by,
    )


def consultation_problems(consultation, *, today=None) -> list[str]:
    """What stops the consultation closing now; empty when it may close."""
    today = today or timezone.localdate()
    problems = []
    if consultation.closes_on is None:
        problems.append(_("Enter the date the consultation closes."))
    elif today < consultation.closes_on:
        problems.append(
            _("The consultation runs until %(day)s; close it on or after that day.")
            % {"day": date_format(consultation.closes_on, "j F Y")}
        )
    types = set(
        ConsultationResponse.objects.filter(plan_id=consultation.plan_id).values_list(
            "respondent_type", flat=True
        )
    )
    if RespondentType.CHIEF_CONSTABLE not in types:
        problems.append(_("Record the chief constable's response."))
    victims_heard = bool(types & VICTIM_RESPONDENTS)
    victims_excused = bool(consultation.victims_absence_reason.strip())
    if consultation.public_consultation and not victims_heard and not victims_excused:
        problems.append(
            _(
                "Record a response from a victim of crime or a victims' organisation, "
                "or explain why there is none."
            )
        )
    if not consultation.summary.strip():
        problems.append(_("Write a summary of the responses."))
    return problems


@transaction.atomic
def consultation_close(*, plan, by) -> Consultation:
    consultation = _open_consultation(plan, by, statuses=(PlanStatus.CONSULTATION,))
    problems = consultation_problems(consultation)
    if problems:
        raise ConsultationIncomplete(
            _("The consultation cannot close yet: %(problems)s") % {"problems": " ".join(problems)},
            problems=problems,
        )
    consultation.closed_at = timezone.now()
    consultation.closed_by = by
    consultation.save()
    return consultation
