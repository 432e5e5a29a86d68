"""The funding streams every database has, by stable slug (docs/domain.md, "Funding").

`ensure()` creates the streams that are missing and leaves existing rows as site admins made
them; the migration `0002_funding_streams` and the tests' reference fixture call it.
"""

from django.utils.translation import gettext_lazy as _

COMMUNITY_SAFETY_FUND = "community-safety-fund"
MOJ_VICTIMS_SERVICES = "moj-victims-services"
POLICE_MAIN_GRANT = "police-main-grant"
PRECEPT = "precept"
PARTNER_CONTRIBUTION = "partner-contribution"
OTHER = "other"

RETURNS_TO_FUNDER = "returns_to_funder"
CARRIES_FORWARD = "carries_forward"

# Service categories of this area are the ring-fenced purposes of the victims' grant.
VICTIMS_AREA = "victims"

# Names are kept in English in the database (editable by admins); the _() marks them for
# the translation catalogue.
STREAMS = [
    {
        "slug": COMMUNITY_SAFETY_FUND,
        "name": _("Community Safety Fund"),
        "funder": _("Home Office"),
        "description": _(
            "Home Office funding for community safety, paid to commissioners from 2013-14; "
            "not ring-fenced."
        ),
        "first_year": 2013,
        "ring_fenced": False,
        "year_end_rule": CARRIES_FORWARD,
        "reported_to": "",
        "published": True,
    },
    {
        "slug": MOJ_VICTIMS_SERVICES,
        "name": _("Ministry of Justice victims' services grant"),
        "funder": _("Ministry of Justice"),
        "description": _(
            "Ring-fenced to support for victims of crime and reported to the Ministry of "
            "Justice. Arrives in several lines a year (core, ISVA, IDVA, domestic abuse uplift)."
        ),
        "first_year": 2014,
        "ring_fenced": True,
        "year_end_rule": RETURNS_TO_FUNDER,
        "reported_to": _("Ministry of Justice"),
        "published": True,
    },
    {
        "slug": POLICE_MAIN_GRANT,
        "name": _("Police main grant"),
        "funder": _("Home Office"),
        "description": _("The Home Office's core grant for policing."),
        "first_year": None,
        "ring_fenced": False,
        "year_end_rule": CARRIES_FORWARD,
        "reported_to": "",
        "published": True,
    },
    {
        "slug": PRECEPT,
        "name": _("Precept"),
        "funder": _("Council tax payers"),
        "description": _("The policing part of council tax, set by the commissioner."),
        "first_year": None,
        "ring_fenced": False,
        "year_end_rule": CARRIES_FORWARD,
        "reported_to": "",
        "published": False,
    },
    {
        "slug": PARTNER_CONTRIBUTION,
        "name": _("Partner contribution"),
        "funder": _("Partners"),
        "description": _("A partner's contribution, such as to a pooled budget."),
        "first_year": None,
        "ring_fenced": False,
        "year_end_rule": CARRIES_FORWARD,
        "reported_to": "",
        "published": False,
    },
    {
        "slug": OTHER,
        "name": _("Other"),
        "funder": "",
        "description": _("Any other income."),
        "first_year": None,
        "ring_fenced": False,
        "year_end_rule": CARRIES_FORWARD,
        "reported_to": "",
        "published": False,
    },
]

SLUGS = [stream["slug"] for stream in STREAMS]


def ensure(stream_model=None, category_model=None):
    """Create the streams that are missing; `*_model` are historical models in a migration.

    An existing stream is left exactly as site admins edited it.
    """
    if stream_model is None:
        from funding.models import FundingStream

        stream_model = FundingStream
    if category_model is None:
        from core.models import ServiceCategory

        category_model = ServiceCategory

    for ordering, spec in enumerate(STREAMS, start=1):
        defaults = {
            key: str(value) if key in {"name", "funder", "description", "reported_to"} else value
            for key, value in spec.items()
            if key != "slug"
        }
        stream, created = stream_model.objects.get_or_create(
            slug=spec["slug"], defaults={**defaults, "ordering": ordering * 10}
        )
        if created and spec["ring_fenced"]:
            stream.purposes.set(category_model.objects.filter(area=VICTIMS_AREA, is_national=False))
