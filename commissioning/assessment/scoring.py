"""The arithmetic of assessment, as pure functions: no database, no request.

- `weighted_score`: sum over criteria of weight x mean score / 5. Weights are percentages, so
  a bid scoring 5 on everything scores 100 when the weights add up to 100. The sum is worked
  out exactly (fractions) and turned into a `Decimal` once, so two bids with the same scores
  always get the same value and tie exactly; `for_display` rounds half up to one decimal place,
  for display only.
- `wide_spread`: assessors differ by 2 or more on a criterion.
- `must_pass_failures`: a must-pass criterion whose mean score is below its minimum.
- `rank`: ties share a rank (1, 2, 2, 4).
- `money_line`: the ranked list against the money remaining each year; the line falls at the
  first bid that any single year's remaining money cannot cover, and a tie across the line is
  marked for the moderator.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

MAX_SCORE = 5
WIDE_SPREAD = 2
ONE_PLACE = Decimal("0.1")


@dataclass(frozen=True)
class CriterionRule:
    """What the arithmetic needs of a criterion."""

    id: int
    weight: int
    must_pass: bool = False
    minimum_score: int | None = None


def _to_decimal(value: Fraction) -> Decimal:
    return Decimal(value.numerator) / Decimal(value.denominator)


def mean_score(scores: Sequence[int]) -> Decimal | None:
    """The mean of the assessors' scores of one criterion, or None when there are none."""
    if not scores:
        return None
    return _to_decimal(Fraction(sum(scores), len(scores)))


def weighted_score(criteria: Iterable[CriterionRule], scores: Mapping[int, Sequence[int]]):
    """sum(weight x mean / 5) over the criteria, as a Decimal; a criterion nobody scored adds 0.

    Computed exactly as a fraction, converted once: equal inputs give equal Decimals.
    """
    return weighted_score_of_sums(criteria, _sums(scores))


def weighted_score_of_sums(
    criteria: Iterable[CriterionRule], sums: Mapping[int, tuple[int, int]]
) -> Decimal:
    """`weighted_score` from each criterion's (sum, count) of scores, as SQL aggregates give
    them: the same fractions, so the same Decimal as from the scores themselves."""
    total = Fraction(0)
    for criterion in criteria:
        given_sum, count = sums.get(criterion.id) or (0, 0)
        if count:
            total += Fraction(criterion.weight * given_sum, MAX_SCORE * count)
    return _to_decimal(total)


def _sums(scores: Mapping[int, Sequence[int]]) -> dict[int, tuple[int, int]]:
    return {criterion_id: (sum(given), len(given)) for criterion_id, given in scores.items()}


def for_display(value: Decimal | None) -> Decimal | None:
    """Half up to one decimal place: 67.45 -> 67.5. For display only; never stored."""
    if value is None:
        return None
    return value.quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def spread(scores: Sequence[int]) -> int:
    return max(scores) - min(scores) if scores else 0


def wide_spread(scores: Mapping[int, Sequence[int]]) -> set[int]:
    """The ids of the criteria on which assessors differ by 2 or more."""
    return {criterion_id for criterion_id, given in scores.items() if spread(given) >= WIDE_SPREAD}


def must_pass_failures(
    criteria: Iterable[CriterionRule], scores: Mapping[int, Sequence[int]]
) -> set[int]:
    """The ids of must-pass criteria whose mean score is below the criterion's minimum.

    A must-pass criterion nobody has scored yet is not (yet) a failure.
    """
    return must_pass_failures_of_sums(criteria, _sums(scores))


def must_pass_failures_of_sums(
    criteria: Iterable[CriterionRule], sums: Mapping[int, tuple[int, int]]
) -> set[int]:
    """`must_pass_failures` from each criterion's (sum, count) of scores."""
    failed = set()
    for criterion in criteria:
        given_sum, count = sums.get(criterion.id) or (0, 0)
        below = bool(count) and Fraction(given_sum, count) < (criterion.minimum_score or 0)
        if criterion.must_pass and below:
            failed.add(criterion.id)
    return failed


def rank(values: Sequence[Decimal]) -> list[int]:
    """Standard competition ranks, highest first; equal values share a rank: 1, 2, 2, 4."""
    ordered = sorted(values, reverse=True)
    first_place = {}
    for position, value in enumerate(ordered, start=1):
        first_place.setdefault(value, position)
    return [first_place[value] for value in values]


@dataclass
class Candidate:
    """A bid on the ranked list: its score and what it asks for each year."""

    key: object
    score: Decimal
    requested: Mapping[object, Decimal]  # year -> amount
    # A bid recommended "do not fund", or failing a must-pass criterion, takes no money.
    fundable: bool = True


@dataclass
class LineRow:
    candidate: Candidate
    rank: int
    above_line: bool = False
    tie_at_line: bool = False
    # What remains each year after this bid, for a bid above the line.
    remaining_after: dict = field(default_factory=dict)


@dataclass
class MoneyLine:
    rows: list[LineRow]
    money: Mapping[object, Decimal]
    # The first bid the money cannot cover (None when all are covered), and the year short.
    line_before: object = None
    short_year: object = None

    @property
    def tie_at_line(self) -> bool:
        return any(row.tie_at_line for row in self.rows)


def money_line(candidates: Sequence[Candidate], money: Mapping[object, Decimal]) -> MoneyLine:
    """Rank the candidates and draw the line where the money runs out.

    `money` is the money remaining for each year of the funding period. Going down the list
    (highest score first; ties keep the order given, which the caller makes stable), each
    fundable bid takes what it asks each year; the line falls before the first fundable bid
    that any single year's remaining money cannot cover, and every bid from there on is
    below it. When that bid shares its rank with a bid above the line, the whole tied group
    is marked: the money cannot fund them all, and the moderator must settle it.
    """
    for amount in money.values():
        if not isinstance(amount, Decimal):
            raise TypeError("money is Decimal, never float")
    ranks = rank([candidate.score for candidate in candidates])
    rows = sorted(
        (LineRow(candidate=c, rank=r) for c, r in zip(candidates, ranks, strict=True)),
        key=lambda row: row.rank,
    )
    left = {year: Decimal(amount) for year, amount in money.items()}
    result = MoneyLine(rows=rows, money=dict(money))
    crossed = False
    for row in rows:
        if crossed or not row.candidate.fundable:
            continue
        short = [
            year
            for year, amount in row.candidate.requested.items()
            if amount > left.get(year, Decimal(0))
        ]
        if short:
            crossed = True
            result.line_before = row.candidate.key
            result.short_year = min(short)
            tied = [other for other in rows if other.rank == row.rank and other.candidate.fundable]
            if any(other.above_line for other in tied):
                for other in tied:
                    other.tie_at_line = True
            continue
        for year, amount in row.candidate.requested.items():
            left[year] = left.get(year, Decimal(0)) - amount
        row.above_line = True
        row.remaining_after = dict(left)
    return result
