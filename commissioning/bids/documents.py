"""The bid as submitted, as a PDF kept with it for good: the questions as the provider saw
them (the `BidQuestion` copies made at submission), each answer, the amounts requested and the
partners. Made by the worker after the submission commits (core.documents.document_attach);
the receipt e-mail links to the bid's page, which links to the PDF (sign-in needed)."""

from decimal import Decimal

from django.utils.text import slugify
from django.utils.translation import gettext as _

from commissioning.bids import selectors
from commissioning.bids.models import AnswerFlag
from commissioning.questions.models import QuestionType
from core.documents import document_attach
from core.london_time import london_datetime_for_people
from core.money import format_money

TEMPLATE = "pdf/bid_submitted.html"


def _answer_text(copy, answer) -> list[str]:
    """The answer as lines of text, from what was saved (valid at submission)."""
    if answer is None:
        return []
    if copy.type == QuestionType.FILE:
        return [answer.file.original_name] if answer.file_id else []
    clean = (answer.value or {}).get("clean")
    if copy.type == QuestionType.BUDGET_TABLE:
        return [
            f"{line.get('category')}: {line.get('description')} ("
            + ", ".join(
                format_money(Decimal(a)) if a not in (None, "") else "-"
                for a in (line.get("amounts") or {}).values()
            )
            + ")"
            for line in clean or []
        ]
    if answer.flags and set(answer.flags) != {AnswerFlag.MISSING}:
        text = selectors._typed_text(answer)
    else:
        text = selectors._display(copy, clean)
    return text.splitlines() if text else []


def bid_copy_context(bid) -> dict:
    """What the PDF shows, as plain (JSON-safe) data."""
    answers = {a.question_id: a for a in bid.answers.select_related("file")}
    sections = []
    for copy in bid.question_copies.order_by("section_position", "position"):
        if not sections or sections[-1]["position"] != copy.section_position:
            sections.append(
                {"position": copy.section_position, "title": copy.section_title, "rows": []}
            )
        sections[-1]["rows"].append(
            {"question": copy.text, "answer": _answer_text(copy, answers.get(copy.question_id))}
        )
    amounts = selectors.amounts_of(bid)
    partners = list(bid.partners.order_by("pk"))
    return {
        "title": _("Bid %(reference)s") % {"reference": bid.reference},
        "reference": bid.reference,
        "round_title": bid.round.title,
        "organisation": bid.organisation.name,
        "submitted_at": london_datetime_for_people(bid.submitted_at),
        "declaration": bid.declaration,
        "amounts": [
            {"year": str(year), "amount": format_money(amount)}
            for year, amount in sorted(amounts.items(), key=lambda item: str(item[0]))
        ],
        "partners": [{"name": p.name, "share": str(p.share)} for p in partners],
        "sections": sections,
    }


def bid_copy_filename(bid) -> str:
    return f"{slugify(bid.reference)}.pdf"


def bid_copy_attach(bid) -> None:
    """Have the worker make the PDF once the submission commits, kept as `submitted_copy`."""
    document_attach(
        bid,
        "submitted_copy",
        TEMPLATE,
        bid_copy_context(bid),
        filename=bid_copy_filename(bid),
    )
