"""Demo monitoring returns (issue 24), called from grants/demo_data.py after its grants.

Every accepted demo grant is given its returns (made at acceptance; older ones here). The
returns that have moved are on the grants that started before the anchor day
(grants/demo_past.py), each at its instant after its period ended; the grants of the current
round start after the anchor, so their returns are all still to come.

`submit_return` fills in and submits a return as its provider would, at `now`.
"""

from decimal import Decimal

from core.models import VictimGroup
from core.vocabularies import NeedCategory, PriorityGroup, ReferralSource
from grants.returns import services
from grants.returns.models import MonitoringReturn, ReturnStatus


def load(*, anchor):
    services.returns_generate_for_accepted()


def submit_return(monitoring_return: MonitoringReturn, by, *, people, spent, now=None):
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
    services.return_save(monitoring_return=monitoring_return, by=by, figures=figures, now=now)
    services.return_submit(monitoring_return=monitoring_return, by=by, now=now)
    monitoring_return.refresh_from_db()
    assert monitoring_return.status == ReturnStatus.SUBMITTED
