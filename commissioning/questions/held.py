"""The builder's long-text pages keep a form sent after the session or its token ran out
(core/held_posts.py): an officer who spent twenty minutes on help text loses nothing. The
bid's section page is registered the same way."""

from commissioning.models import Round
from commissioning.questions.forms import HelpTextForm, QuestionForm, SectionForm
from commissioning.questions.rules import can_build
from core.held_posts import held_post_register


def _may_build(user, kwargs) -> bool:
    """The lead body's builders; the page itself checks everything again when it runs."""
    round_ = Round.objects.select_related("lead_body").filter(pk=kwargs.get("pk")).first()
    return round_ is not None and can_build(user, round_)


def _labels(form_class):
    return lambda kwargs: {name: field.label for name, field in form_class.base_fields.items()}


def register() -> None:
    held_post_register(
        "commissioning:section-edit", may_edit=_may_build, labels=_labels(SectionForm)
    )
    held_post_register(
        "commissioning:question-edit", may_edit=_may_build, labels=_labels(QuestionForm)
    )
    held_post_register(
        "commissioning:question-help-text", may_edit=_may_build, labels=_labels(HelpTextForm)
    )
