"""Home-page panels: for a decision maker, the variations waiting for approval (with the
link to their list: the service navigation is full at 1280 px, so the list has no item of
its own there); for a provider, the variation letters waiting for its answer."""

from django.utils.translation import gettext_lazy as _

from core.access import user_memberships
from core.home import HomePanel, register_home_panel
from core.models import Role
from grants.variations.selectors import letters_to_answer, variations_awaiting_approval


@register_home_panel(order=64)
def variations_to_approve_panel(request):
    """A decision maker's variations awaiting approval. One query (with the memberships)."""
    bodies = [m.body for m in user_memberships(request.user) if m.role == Role.DECISION_MAKER]
    if not bodies:
        return None
    waiting = list(variations_awaiting_approval(body=bodies[0])[:5])
    if not waiting:
        return None
    return HomePanel(
        _("Variations awaiting approval"),
        "grants/panels/variations_to_approve.html",
        {"variations": waiting},
    )


@register_home_panel(order=17)
def variation_letters_panel(request):
    """A provider's variation letters to accept or decline. One query."""
    from providers.access import is_provider_person

    if not is_provider_person(request.user):
        return None
    letters = list(letters_to_answer(user=request.user)[:10])
    if not letters:
        return None
    return HomePanel(
        _("Variations of grants to accept"),
        "grants/panels/variation_letters.html",
        {"letters": letters},
    )
