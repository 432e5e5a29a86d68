"""Grants' objects for the permission matrix (tests/grants/permissions.py): awards of body A
to organisation X (the provider personas' organisation, its documents in date)."""

from tests.harness.matrix import matrix_object


@matrix_object
def grants_a(objects):
    """A round of body A decided with four successful bids: a decision whose outcome has no
    award yet (`decision`), a draft award, an offered one to organisation X, and an accepted
    one with its first instalment planned and its second released."""
    from commissioning.decisions import services as decisions
    from grants import services
    from tests.commissioning.assessment_factories import submitted_bid
    from tests.commissioning.decision_factories import (
        D,
        approvable,
        deciding_round,
        decision_maker,
        finance_officer,
        officer,
        successful,
    )
    from tests.grants.factories import (
        accept_returns_before,
        administrator,
        documents_in_date,
        provider,
    )
    from tests.providers.factories import persona_organisation

    organisation = persona_organisation("x")
    if not organisation.documents.exists():
        documents_in_date(organisation)
    round_ = deciding_round()
    round_.title = "Round A with grants"
    round_.save(update_fields=["title"])
    body = round_.lead_body
    maker = decision_maker(body)
    # One bid per organisation and round: X's is offered, the others' are other providers'.
    bids = [submitted_bid(round_, organisation=provider()) for _ in range(3)]
    bids.insert(2, submitted_bid(round_, organisation=organisation))

    def decided(bid):
        decision = decisions.decision_approve(
            decision=approvable(round_, [successful(bid, D("4000.00"), D("4000.00"))]), by=maker
        )
        return decision.outcomes.get()

    outcomes = [decided(bid) for bid in bids]
    editor = officer(body)
    draft, offered, accepted = (
        services.award_make(outcome=outcome, by=editor) for outcome in outcomes[1:]
    )
    services.award_offer(award=offered, by=editor)
    services.award_offer(award=accepted, by=editor)
    services.award_accept(
        award=accepted,
        by=administrator(accepted.organisation),
        accepted_name="Alex",
        confirmed=True,
    )
    first, second = accepted.instalments.order_by("number")[:2]
    accept_returns_before(second)
    services.instalment_release(instalment=second, by=finance_officer(body))
    second.refresh_from_db()
    return {
        "decision": outcomes[0].decision,
        "draft": draft,
        "offered": offered,
        "accepted": accepted,
        "planned": first,
        "released": second,
    }


@matrix_object
def returns_a(objects):
    """An award of body A accepted by organisation X, with its quarterly returns: the first
    due (`open`), the second submitted (`submitted`)."""
    from grants import services
    from tests.commissioning.decision_factories import officer
    from tests.grants.factories import administrator, decided_outcome, submitted_return
    from tests.providers.factories import persona_organisation

    organisation = persona_organisation("x")
    outcome = decided_outcome(organisation=organisation)
    award = services.award_make(outcome=outcome, by=officer(outcome.decision.body))
    services.award_offer(award=award, by=officer(award.body))
    services.award_accept(
        award=award, by=administrator(organisation), accepted_name="Alex", confirmed=True
    )
    first, second = award.monitoring_returns.order_by("number")[:2]
    return {"award": award, "open": first, "submitted": submitted_return(second)}


# closeout


@matrix_object
def closeout_a(objects):
    """Awards of body A to organisation X (issue 25): an active one with its first
    instalment paid and first return accepted (`active`, to terminate), a terminated one
    with a recovery outstanding (`recovery`), and a terminated one with nothing to recover
    (`closable`)."""
    from django.utils import timezone

    from grants.services import due_diligence_blocker
    from tests.grants.factories import (
        D,
        documents_in_date,
        paid_with_a_return,
        terminated_award,
    )
    from tests.providers.factories import persona_organisation

    organisation = persona_organisation("x")
    # Other apps' objects may have left X's documents out of date: a payment needs them.
    if due_diligence_blocker(organisation, timezone.localdate()):
        documents_in_date(organisation, missing_only=True)
    active = paid_with_a_return(organisation=organisation)
    owing = terminated_award(D("12000.00"), D("8000.00"), organisation=organisation)
    closable = terminated_award(spent=D("9000.00"), organisation=organisation)
    return {"active": active, "recovery": owing.recoveries.get(), "closable": closable}


# variations


@matrix_object
def variations_a(objects):
    """Awards of body A accepted by organisation X, for variations (issue 25): one with none
    (`award`), one with a draft (`draft`), one with a variation awaiting approval
    (`awaiting`) and one whose letter waits for X's answer (`approved`)."""
    from grants.variations import services as variations
    from tests.commissioning.decision_factories import officer
    from tests.grants.factories import (
        D,
        accepted_award,
        approved_variation,
        award_budgets,
        proposed_variation,
        variation_changes,
    )
    from tests.providers.factories import persona_organisation

    organisation = persona_organisation("x")
    awards = [accepted_award(organisation=organisation) for _ in range(4)]
    free, drafted, awaiting, approved = awards
    first = award_budgets(drafted)[0]
    draft = variations.variation_propose(
        award=drafted,
        by=officer(drafted.body),
        changes=variation_changes(drafted, amounts={first: D("13000.00")}),
    )
    waiting = proposed_variation(awaiting, amounts={award_budgets(awaiting)[0]: D("12500.00")})
    letter = approved_variation(approved, amounts={award_budgets(approved)[1]: D("9000.00")})
    return {
        "award": free,
        "draft": draft,
        "awaiting": waiting,
        "approved": letter,
    }
