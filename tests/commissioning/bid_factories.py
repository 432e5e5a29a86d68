"""Bids for the bid journey's tests (issue 19): an open round with a question of every type,
an eligible organisation with its editor, and a bid whose answers are complete."""

import datetime
from decimal import Decimal

from django.http import QueryDict
from django.utils import timezone

from commissioning.bids import services
from commissioning.models import Round, RoundStatus
from commissioning.questions.models import QuestionType
from core.financial_years import FinancialYear
from providers.documents import RULES, documents_required
from providers.models import MemberRole
from tests.commissioning.builder_factories import draft_round, round_with_questions, set_status
from tests.core.factories import pdf_bytes, uploaded
from tests.providers.factories import DocumentFactory, MemberFactory, OrganisationFactory


def open_round(*, closes_in=datetime.timedelta(days=7), closes_at=None, **fields) -> Round:
    """A round open now (by the clock and as recorded) with a question of every type."""
    now = timezone.now()
    closes_at = closes_at or now + closes_in
    round_ = draft_round(
        opens_at=min(now, closes_at) - datetime.timedelta(days=7), closes_at=closes_at, **fields
    )
    round_with_questions(round_)
    return set_status(round_, RoundStatus.OPEN)


def eligible_organisation(round_, **fields):
    """An organisation serving the round's lead body's area, with every document it needs in
    date."""
    organisation = OrganisationFactory(**fields)
    organisation.areas_served.add(round_.lead_body)
    today = timezone.localdate()
    for kind in documents_required(organisation.legal_form):
        expiring = RULES[kind].date_is_expiry
        DocumentFactory(
            organisation=organisation,
            kind=kind,
            document_date=today + datetime.timedelta(days=300 if expiring else -1),
        )
    return organisation


def member(organisation, role=MemberRole.EDITOR):
    return MemberFactory(organisation=organisation, role=role).user


def started_bid(round_=None, *, organisation=None, by=None):
    round_ = round_ or open_round()
    organisation = organisation or eligible_organisation(round_)
    by = by or member(organisation)
    return services.bid_start(round=round_, organisation=organisation, by=by)


def question_of(round_, kind):
    return round_.questions.get(type=kind)


def valid_answers(round_) -> dict:
    """Form data answering every question of the round validly (the file separately)."""
    data = {}
    years = list(FinancialYear.range(round_.first_year, round_.last_year))
    for question in round_.questions.all():
        name = f"q{question.pk}"
        match question.type:
            case QuestionType.YES_NO:
                data[name] = "yes"
            case QuestionType.SHORT_TEXT:
                data[name] = "Safe at home"
            case QuestionType.LONG_TEXT:
                data[name] = "Victims need support close to home."
            case QuestionType.NUMBER:
                data[name] = "120"
            case QuestionType.MONEY:
                data[name] = "45,000.50"
            case QuestionType.SINGLE_CHOICE:
                data[name] = question.option_list("en")[0]
            case QuestionType.MULTIPLE_CHOICE:
                data[name] = question.option_list("en")[:2]
            case QuestionType.DATE:
                data.update({f"{name}_day": "1", f"{name}_month": "4", f"{name}_year": "2027"})
            case QuestionType.BUDGET_TABLE:
                data.update({f"{name}_lines": "3", f"{name}_0_category": "staff"})
                data[f"{name}_0_description"] = "Caseworker"
                for year in years:
                    data[f"{name}_0_{year.start_year}"] = "20000"
    return data


def form_data(values: dict) -> QueryDict:
    data = QueryDict(mutable=True)
    for key, value in values.items():
        if isinstance(value, list):
            data.setlist(key, value)
        else:
            data[key] = value
    return data


def complete(bid, *, by, amount=Decimal("20000")):
    """Answer every question validly, upload the file and ask for `amount` every year."""
    round_ = bid.round
    years = FinancialYear.range(round_.first_year, round_.last_year)
    services.bid_amounts_save(bid=bid, by=by, amounts=dict.fromkeys(years, amount))
    data = form_data(valid_answers(round_))
    for section in round_.sections.all():
        files = {}
        for question in section.questions.all():
            if question.type == QuestionType.FILE:
                files[f"q{question.pk}"] = uploaded("policy.pdf", pdf_bytes())
        services.bid_section_save(bid=bid, section=section, by=by, data=data, files=files)
    return bid
