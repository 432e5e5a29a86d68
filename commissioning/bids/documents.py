"""The bid as submitted, as a PDF kept with it for good: the questions as the provider saw
them (the `BidQuestion` copies made at submission), each answer, the amounts requested and the
partners. Made by the worker after the submission commits (core.documents.document_attach);
the receipt e-mail links to the bid's page, which links to the PDF (sign-in needed).

A draft still unsubmitted at its organisation's close gets a PDF of its answers so far
(`Bid.draft_copy`, the round's questions as they stand), linked from the e-mail that tells
the organisation its bid was not submitted (commissioning/bids/unsubmitted.py)."""

from decimal import Decimal

from django.utils.text import slugify
from django.utils.translation import gettext as _

from commissioning.bids import selectors
from commissioning.bids.models import AnswerFlag
from commissioning.questions.models import Question, QuestionType
from core.documents import document_attach
from core.london_time import london_datetime_for_people
from core.money import format_money

TEMPLATE = "pdf/bid_submitted.html"
DRAFT_TEMPLATE = "pdf/bid_draft.html"


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


def _sections(bid, questions) -> list[dict]:
    """`questions` as (section position, section title, question with `type`, `text` and
    `question_id`), in order, each with the bid's answer."""
    answers = {a.question_id: a for a in bid.answers.select_related("file")}
    sections = []
    for position, title, question in questions:
        if not sections or sections[-1]["position"] != position:
            sections.append({"position": position, "title": title, "rows": []})
        sections[-1]["rows"].append(
            {
                "question": question.text,
                "answer": _answer_text(question, answers.get(question.question_id)),
            }
        )
    return sections


def _money_and_partners(bid) -> dict:
    amounts = selectors.amounts_of(bid)
    partners = list(bid.partners.order_by("pk"))
    return {
        "amounts": [
            {"year": str(year), "amount": format_money(amount)}
            for year, amount in sorted(amounts.items(), key=lambda item: str(item[0]))
        ],
        "partners": [{"name": p.name, "share": str(p.share)} for p in partners],
    }


def bid_copy_context(bid) -> dict:
    """What the PDF shows, as plain (JSON-safe) data."""
    copies = bid.question_copies.order_by("section_position", "position")
    return {
        "title": _("Bid %(reference)s") % {"reference": bid.reference},
        "reference": bid.reference,
        "round_title": bid.round.title,
        "organisation": bid.organisation.name,
        "submitted_at": london_datetime_for_people(bid.submitted_at),
        "declaration": bid.declaration,
        **_money_and_partners(bid),
        "sections": _sections(bid, [(c.section_position, c.section_title, c) for c in copies]),
    }


def bid_draft_context(bid, *, closed_at) -> dict:
    """What the PDF of an unsubmitted draft shows: the round's questions as they stand and
    the answers saved so far, as typed."""
    questions = Question.objects.filter(section__round_id=bid.round_id).select_related("section")
    rows = []
    for question in questions.order_by("section__position", "position"):
        question.question_id = question.pk
        rows.append((question.section.position, question.section.title, question))
    return {
        "title": _("Your answers: %(round)s") % {"round": bid.round.title},
        "round_title": bid.round.title,
        "organisation": bid.organisation.name,
        "closed_at": london_datetime_for_people(closed_at),
        **_money_and_partners(bid),
        "sections": _sections(bid, rows),
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


def bid_draft_attach(bid, *, closed_at) -> None:
    """Have the worker make the PDF of the draft's answers once the notice commits, kept as
    `draft_copy` (the caller empties the field first when the answers are to be copied
    again, at an organisation's later close)."""
    document_attach(
        bid,
        "draft_copy",
        DRAFT_TEMPLATE,
        bid_draft_context(bid, closed_at=closed_at),
        filename=f"{slugify(bid.organisation.name)}-{slugify(bid.round.title)}-answers.pdf",
    )
