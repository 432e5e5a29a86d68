"""The round report, a PDF for the office made by a Celery worker through core's generated
files: every submitted bid with its moderated score and recommendation, the decisions with
their outcomes, and the money asked for and given each year.

The office of the round's lead and partner bodies may ask for it (it holds scores and
unsuccessful applicants' names: it is never published), once the bids are opened: it names
the bidders, so not while the round or any organisation's extension is still running.
"""

from decimal import Decimal

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from commissioning.bids.models import BID_SUBMITTED_STATUSES, Bid
from commissioning.decisions.models import Decision, DecisionOutcome
from commissioning.models import Round
from commissioning.rules import can_read_office
from commissioning.services.rounds import round_is_sealed
from core.financial_years import FinancialYear
from core.generated import GeneratedContent, GenerationError, generator_register
from core.money import format_money

KIND = "commissioning.round_report"
TEMPLATE = "commissioning/pdf/round_report.html"


def round_report_parameters(submitted: dict) -> dict:
    try:
        return {"round": int(submitted.get("round", ""))}
    except (TypeError, ValueError):
        raise ValidationError(_("Choose a round.")) from None


def _round(pk):
    return Round.objects.select_related("lead_body").filter(pk=pk).first()


def round_report_can_request(user, parameters) -> bool:
    if not user.is_authenticated:
        return False
    round_ = _round(parameters.get("round"))
    return (
        round_ is not None
        and can_read_office(user, round_)
        and not round_is_sealed(round_, timezone.now())
    )


def _moderation(bid):
    try:
        return bid.moderation
    except ObjectDoesNotExist:
        return None


def round_report_context(round_) -> dict:
    """What the PDF shows, as plain values, already formatted."""
    years = list(FinancialYear.range(round_.first_year, round_.last_year))
    bids = list(
        Bid.objects.filter(round=round_, status__in=BID_SUBMITTED_STATUSES)
        .select_related("organisation", "moderation")
        .prefetch_related("amounts")
        .order_by("reference")
    )
    given = {}
    for outcome in DecisionOutcome.objects.filter(
        decision__round=round_, decision__status="approved"
    ).prefetch_related("amounts__budget"):
        for amount in outcome.amounts.all():
            key = (outcome.bid_id, amount.budget.year)
            given[key] = given.get(key, Decimal(0)) + amount.amount
    rows = []
    totals_asked = dict.fromkeys(years, Decimal(0))
    totals_given = dict.fromkeys(years, Decimal(0))
    for bid in bids:
        moderation = _moderation(bid)
        asked = {a.year: a.amount for a in bid.amounts.all()}
        for year in years:
            totals_asked[year] += asked.get(year, Decimal(0))
            totals_given[year] += given.get((bid.pk, year), Decimal(0))
        rows.append(
            {
                "reference": bid.reference,
                "organisation": bid.organisation.name,
                "status": str(bid.get_status_display()),
                "score": str(moderation.final_score) if moderation else "",
                "recommendation": str(moderation.get_recommendation_display())
                if moderation
                else "",
                "money": [
                    {
                        "asked": format_money(asked.get(year, Decimal(0))),
                        "given": format_money(given.get((bid.pk, year), Decimal(0))),
                    }
                    for year in years
                ],
            }
        )
    decisions = Decision.objects.filter(round=round_).exclude(status="draft").order_by("number")
    return {
        "title": str(_("Round report: %(title)s") % {"title": round_.title}),
        "body_name": round_.lead_body.name,
        "round_title": round_.title,
        "status": str(round_.get_status_display()),
        "years": [str(year) for year in years],
        "bids": rows,
        "money": [
            {
                "year": str(year),
                "asked": format_money(totals_asked[year]),
                "given": format_money(totals_given[year]),
            }
            for year in years
        ],
        "decisions": [
            {
                "number": decision.number,
                "status": str(decision.get_status_display()),
                "approved_on": formats.date_format(
                    timezone.localtime(decision.approved_at), "j F Y"
                ),
                "published": bool(decision.published_at),
                "reasons": decision.reasons,
            }
            for decision in decisions
        ],
        "as_at": formats.date_format(timezone.localdate(), "j F Y"),
    }


def round_report_generate(generated, progress) -> GeneratedContent:
    from core.pdf import render_pdf  # WeasyPrint is slow to import: only workers need it

    round_ = _round(generated.parameters["round"])
    # Checked again here: the person may have left the office since the request was made.
    if round_ is None or not can_read_office(generated.requested_by, round_):
        raise GenerationError(_("This round is no longer available to you."))
    if round_is_sealed(round_, timezone.now()):
        # It names the bidders: never before every close has passed (sealed bids).
        raise GenerationError(_("The round report is made once the bids are opened."))
    context = round_report_context(round_)
    progress(30)
    pdf = render_pdf(TEMPLATE, context)
    progress(90)
    return GeneratedContent(
        slugify(f"round report {round_.title}") + ".pdf", "application/pdf", pdf
    )


def register() -> None:
    generator_register(
        KIND,
        label=_("Round report (PDF)"),
        generate=round_report_generate,
        can_request=round_report_can_request,
        clean_parameters=round_report_parameters,
        # A round of 300 bids renders in well under a minute; the hard limit leaves room.
        time_limit=120,
    )
