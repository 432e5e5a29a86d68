"""Demo monitoring returns (issue 24), called from grants/demo_data.py after its grants.

Every accepted demo grant is given its returns (made at acceptance; older ones here). On
Thames Valley's payment-by-results grant (Bridgeway Victim Care, administrator Kit Morgan),
whose periods begin after
the demo's day, the returns are played forward through the services:

- return 1: submitted by the provider's administrator, returned by the commissioning officer
  with a comment, corrected and accepted: the results instalment of its quarter shows its
  working on its release page, and the next fixed instalment is releasable;
- return 2: left due, for the walk-through: the provider submits it, the officer returns it
  with a comment, the provider corrects it, the officer accepts it, and the next instalment
  becomes releasable (the finance officer's release page says which return it waits for);
- return 3: submitted, waiting for review; return 4: returned with a comment;
- return 5: overdue, as beat records it the day after its due day;
- the rest: due.

Idempotent: a grant whose returns have moved is left alone.
"""

import datetime
from decimal import Decimal

from core.models import User, VictimGroup
from core.vocabularies import NeedCategory, PriorityGroup, ReferralSource
from grants.returns import services
from grants.returns.models import MonitoringReturn, ReturnStatus, ReturnTransition
from providers.models import MemberRole, OrganisationMember

BODY = "thames-valley"


def load(*, anchor):
    from grants.models import ACCEPTED_STATUSES, Award, ScheduleKind

    services.returns_generate_for_accepted()
    award = (
        Award.objects.filter(
            body__slug=BODY, status__in=ACCEPTED_STATUSES, schedule_kind=ScheduleKind.RESULTS
        )
        .select_related("organisation", "body")
        .order_by("pk")
        .first()
    )
    if award is None:
        return
    returns = list(award.monitoring_returns.order_by("number"))
    if len(returns) < 5 or ReturnTransition.objects.filter(monitoring_return__award=award).exists():
        return
    administrator = (
        OrganisationMember.objects.filter(
            organisation=award.organisation, role=MemberRole.ADMINISTRATOR
        )
        .select_related("user")
        .order_by("pk")
        .first()
    )
    officer = User.objects.filter(email=f"officer@{BODY}.demo.example").first()
    if administrator is None or officer is None:
        return
    provider = administrator.user
    first, _walk_through, third, fourth, fifth = returns[:5]
    submit_return(first, provider, people=18, spent=Decimal("9500.00"))
    services.return_send_back(
        monitoring_return=first,
        by=officer,
        comment="Please split the referrals by source: they are all under police.",
    )
    submit_return(first, provider, people=18, spent=Decimal("9500.00"))
    services.return_accept(monitoring_return=first, by=officer)
    submit_return(third, provider, people=22, spent=Decimal("28750.00"))
    submit_return(fourth, provider, people=9, spent=Decimal("31000.00"))
    services.return_send_back(
        monitoring_return=fourth,
        by=officer,
        comment="The spend to date is lower than last quarter's: please check it.",
    )
    # As beat records it just after midnight, the day after its due day.
    services.return_transition(
        monitoring_return=fifth,
        to=ReturnStatus.OVERDUE,
        by=None,
        note="Not submitted by its due date",
        now=datetime.datetime.combine(
            fifth.due_on + datetime.timedelta(days=1), datetime.time(0, 20), tzinfo=datetime.UTC
        ),
    )


def submit_return(monitoring_return: MonitoringReturn, by, *, people, spent):
    award = monitoring_return.award
    lines = list(award.amounts.all())
    groups = list(VictimGroup.objects.order_by("ordering").values_list("slug", flat=True))
    figures = services.Figures(
        referrals={
            ReferralSource.POLICE: people // 2,
            ReferralSource.OTHER_AGENCY: people // 4,
            ReferralSource.SELF_REFERRAL: people - people // 2 - people // 4,
            ReferralSource.OTHER: 0,
        },
        by_crime_type={slug: (people if index == 0 else 0) for index, slug in enumerate(groups)},
        by_need={
            key: (people // 2 if index < 3 else 1) for index, key in enumerate(NeedCategory.values)
        },
        by_priority_group=dict.fromkeys(PriorityGroup.values, people // 3),
        outcomes={measure.pk: people * 2 // 3 for measure in award.outcome_measures.order_by("pk")},
        spend={line.pk: (spent / len(lines)).quantize(Decimal("0.01")) for line in lines},
        narrative=(
            "Counsellors saw young people in schools and at our centre. Waiting times fell "
            "to three weeks; two volunteers completed their training."
        ),
        case_studies=(
            "A young person referred by the police after an assault attended eight sessions "
            "and has returned to school full time."
        ),
    )
    services.return_save(monitoring_return=monitoring_return, by=by, figures=figures)
    services.return_submit(monitoring_return=monitoring_return, by=by)
    monitoring_return.refresh_from_db()
    assert monitoring_return.status == ReturnStatus.SUBMITTED
