"""The bid's long forms keep a form sent after the session or its token ran out
(core/held_posts.py): a provider who typed an answer for an hour loses nothing. Only an
administrator or editor of the bid's organisation may confirm it; the page itself checks
everything again (a draft, the deadline) when it runs."""

from django.utils.translation import gettext as _

from commissioning.bids.models import Bid
from commissioning.bids.rules import is_writer
from commissioning.questions.models import Question
from core.held_posts import held_post_register


def _may_edit(user, kwargs) -> bool:
    bid = Bid.objects.select_related("organisation").filter(pk=kwargs.get("bid_pk")).first()
    return bid is not None and is_writer(user, bid.organisation)


def _section_labels(kwargs) -> dict:
    """Each question's text by its field's name (a date's or a table's parts by their own)."""
    questions = Question.objects.filter(
        section_id=kwargs.get("section_pk"), section__round__bids=kwargs.get("bid_pk")
    )
    labels = {f"q{question.pk}": question.text for question in questions}
    labels["section_version"] = _("Version of the section you started from")
    return labels


def register() -> None:
    held_post_register("commissioning:bid-section", may_edit=_may_edit, labels=_section_labels)
    held_post_register("commissioning:bid-amounts", may_edit=_may_edit)
