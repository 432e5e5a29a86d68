"""What a round asks and how bids are judged: sections of questions, and weighted criteria.

A round's questions are frozen once it is scheduled (the services refuse, and the database
triggers below refuse too), except corrections of a question's help text: those raise the
question's `help_version`, and the earlier text stays in `QuestionHelpText`, so a bid that
records the version it saw can show it again. The question's own row (its id) never changes:
answers point at it.
"""

import pgtrigger
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.filetypes import ALLOWED_TYPES
from core.triggers import frozen_with_parent_trigger

# Every status but draft: from scheduling on, providers rely on what the round asks.
# (Names, not commissioning.models.RoundStatus, which imports this module; a test keeps
# them in step.)
ROUND_FROZEN_STATUSES = ("assessing", "cancelled", "closed", "decided", "open", "scheduled")
ROUND_TABLE = "commissioning_round"
FROZEN_MESSAGE = "commissioning: the questions of a scheduled round cannot change"

# A help-text correction may change only these columns of a scheduled round's question.
HELP_TEXT_FIELDS = ("help_text", "help_text_cy", "help_version")

MAX_SCORE = 5
SCORES = range(MAX_SCORE + 1)
DEFAULT_DESCRIPTORS = (
    _("No evidence: the bid does not answer this."),
    _("Very weak evidence: major gaps or concerns."),
    _("Weak evidence: some gaps or concerns."),
    _("Adequate evidence: meets the requirement."),
    _("Good evidence: meets the requirement with some strengths."),
    _("Excellent evidence: fully meets the requirement, with clear strengths."),
)


def frozen_with_round_trigger(name: str) -> pgtrigger.Trigger:
    """Refuse any insert, update or delete of a row whose round is past draft."""
    return frozen_with_parent_trigger(
        name,
        table=ROUND_TABLE,
        key="round_id",
        statuses=ROUND_FROZEN_STATUSES,
        message=FROZEN_MESSAGE,
    )


def _question_frozen_trigger() -> pgtrigger.Trigger:
    """Like `frozen_with_round_trigger`, but an update that changes only the help text (and
    its version) passes: help-text corrections are allowed, and versioned, after scheduling."""
    quoted = ", ".join(f"'{status}'" for status in ROUND_FROZEN_STATUSES)
    allowed = " - ".join(f"'{field}'" for field in HELP_TEXT_FIELDS)
    return pgtrigger.Trigger(
        name="commissioning_question_frozen_with_round",
        when=pgtrigger.Before,
        operation=pgtrigger.Insert | pgtrigger.Update | pgtrigger.Delete,
        func=pgtrigger.Func(
            f"""
            IF EXISTS (
                SELECT 1 FROM {ROUND_TABLE}
                WHERE id IN (OLD.round_id, NEW.round_id) AND status IN ({quoted})
            ) THEN
                IF TG_OP = 'UPDATE'
                    AND (to_jsonb(OLD) - {allowed}) = (to_jsonb(NEW) - {allowed})
                    AND NEW.help_version > OLD.help_version
                THEN
                    RETURN NEW;
                END IF;
                RAISE EXCEPTION '{FROZEN_MESSAGE} (% of round % or %)',
                    TG_TABLE_NAME, OLD.round_id, NEW.round_id;
            END IF;
            IF TG_OP = 'DELETE' THEN
                RETURN OLD;
            END IF;
            RETURN NEW;
            """  # noqa: S608 (names from our code; nothing from a request)
        ),
    )


class Section(models.Model):
    """A page of the bid form, one task in the provider's task list."""

    round = models.ForeignKey(
        "commissioning.Round", on_delete=models.CASCADE, related_name="sections"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=200)
    title_cy = models.CharField(_("title in Welsh"), max_length=200, blank=True)
    introduction = models.TextField(_("introduction"), blank=True)
    introduction_cy = models.TextField(_("introduction in Welsh"), blank=True)

    class Meta:
        app_label = "commissioning"
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["round", "position"]
        constraints = [
            # Deferred, so a move swaps two positions inside one transaction.
            models.UniqueConstraint(
                fields=["round", "position"],
                name="commissioning_section_position_unique",
                deferrable=models.Deferrable.DEFERRED,
            ),
        ]
        triggers = [frozen_with_round_trigger("commissioning_section_frozen_with_round")]

    def __str__(self):
        return self.title


class QuestionType(models.TextChoices):
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text with a word limit")
    NUMBER = "number", _("Number")
    MONEY = "money", _("Money")
    YES_NO = "yes_no", _("Yes or no")
    SINGLE_CHOICE = "single_choice", _("Single choice")
    MULTIPLE_CHOICE = "multiple_choice", _("Multiple choice")
    DATE = "date", _("Date")
    FILE = "file", _("File upload")
    BUDGET_TABLE = "budget_table", _("Budget table")


CHOICE_TYPES = frozenset({QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE})
RANGE_TYPES = frozenset({QuestionType.NUMBER, QuestionType.MONEY})
FILE_TYPE_CHOICES = [(file_type.key, file_type.label) for file_type in ALLOWED_TYPES]


class BudgetCategory(models.TextChoices):
    """The cost lines of a budget table."""

    STAFF = "staff", _("Staff")
    VOLUNTEERS = "volunteers", _("Volunteers")
    PREMISES = "premises", _("Premises")
    EQUIPMENT = "equipment", _("Equipment")
    TRAVEL = "travel", _("Travel")
    TRAINING = "training", _("Training")
    OVERHEADS = "overheads", _("Management and overheads")
    OTHER = "other", _("Other")


class Question(models.Model):
    """One question. Its id is stable: answers point at it, and only its help text may be
    corrected after the round is scheduled (each correction a new `help_version`)."""

    # The round is the section's, kept here too so the freezing trigger and the builder's
    # queries reach it in one step.
    round = models.ForeignKey(
        "commissioning.Round", on_delete=models.CASCADE, related_name="questions"
    )
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("position"))
    type = models.CharField(_("type of answer"), max_length=20, choices=QuestionType.choices)
    text = models.CharField(_("question"), max_length=500)
    text_cy = models.CharField(_("question in Welsh"), max_length=500, blank=True)
    help_text = models.TextField(_("help text"), blank=True)
    help_text_cy = models.TextField(_("help text in Welsh"), blank=True)
    help_version = models.PositiveSmallIntegerField(_("help text version"), default=1)
    required = models.BooleanField(_("required"), default=True)
    # Long text.
    word_limit = models.PositiveIntegerField(_("word limit"), null=True, blank=True)
    # Number and money.
    minimum = models.DecimalField(
        _("smallest answer"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    maximum = models.DecimalField(
        _("largest answer"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    # Single and multiple choice: one option a line.
    options = models.TextField(_("options"), blank=True)
    options_cy = models.TextField(_("options in Welsh"), blank=True)
    # File upload: the kinds of file (core.filetypes keys) the round accepts here.
    file_types = ArrayField(
        models.CharField(max_length=10, choices=FILE_TYPE_CHOICES),
        verbose_name=_("types of file"),
        default=list,
        blank=True,
    )
    # Yes or no: must be answered "yes" before the rest of the bid can be started.
    is_eligibility = models.BooleanField(_("eligibility question"), default=False)

    class Meta:
        app_label = "commissioning"
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["section__position", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["section", "position"],
                name="commissioning_question_position_unique",
                deferrable=models.Deferrable.DEFERRED,
            ),
            models.CheckConstraint(
                condition=Q(type__in=QuestionType.values),
                name="commissioning_question_type_valid",
            ),
            models.CheckConstraint(
                condition=Q(is_eligibility=False) | Q(type=QuestionType.YES_NO, required=True),
                name="commissioning_question_eligibility_is_a_required_yes_no",
            ),
            models.CheckConstraint(
                condition=Q(word_limit__isnull=True)
                | Q(type=QuestionType.LONG_TEXT, word_limit__gt=0),
                name="commissioning_question_word_limit_on_long_text",
            ),
            models.CheckConstraint(
                condition=~Q(type=QuestionType.LONG_TEXT) | Q(word_limit__isnull=False),
                name="commissioning_question_long_text_has_a_limit",
            ),
            models.CheckConstraint(
                condition=Q(minimum__isnull=True)
                | Q(maximum__isnull=True)
                | Q(minimum__lte=models.F("maximum")),
                name="commissioning_question_range_in_order",
            ),
        ]
        triggers = [_question_frozen_trigger()]

    def __str__(self):
        return self.text

    @property
    def type_label(self):
        """The type's name, straight from its choice: get_type_display() translates every
        choice's label to find it, which a builder of sixty questions feels."""
        return QuestionType(self.type).label

    @property
    def is_choice(self):
        return self.type in CHOICE_TYPES

    def option_list(self, language=None) -> list[str]:
        from core.bilingual import in_language

        return [
            line.strip()
            for line in in_language(self, "options", language).splitlines()
            if line.strip()
        ]


class QuestionHelpText(models.Model):
    """An earlier version of a question's help text, kept when it was corrected."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="help_texts")
    version = models.PositiveSmallIntegerField()
    help_text = models.TextField(blank=True)
    help_text_cy = models.TextField(blank=True)
    replaced_at = models.DateTimeField(default=timezone.now)
    replaced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("why the help text changed"))

    class Meta:
        app_label = "commissioning"
        ordering = ["question", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "version"], name="commissioning_help_text_version_unique"
            )
        ]
        # Past versions are the record of what providers read: never rewritten.
        triggers = [
            pgtrigger.Protect(name="commissioning_help_text_is_kept", operation=pgtrigger.Update)
        ]

    def __str__(self):
        return f"{self.question_id} v{self.version}"


def _descriptor_fields():
    fields = {}
    for score in SCORES:
        fields[f"descriptor_{score}"] = models.TextField(
            _("descriptor for %(score)d") % {"score": score}, blank=True
        )
        fields[f"descriptor_{score}_cy"] = models.TextField(
            _("descriptor for %(score)d in Welsh") % {"score": score}, blank=True
        )
    return fields


class Criterion(models.Model):
    """An assessment criterion: what assessors score from 0 to 5, and how much it counts."""

    round = models.ForeignKey(
        "commissioning.Round", on_delete=models.CASCADE, related_name="criteria"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=200)
    title_cy = models.CharField(_("title in Welsh"), max_length=200, blank=True)
    guidance = models.TextField(_("guidance for assessors"), blank=True)
    guidance_cy = models.TextField(_("guidance for assessors in Welsh"), blank=True)
    weight = models.PositiveSmallIntegerField(_("weight (%)"))
    must_pass = models.BooleanField(_("must pass"), default=False)
    minimum_score = models.PositiveSmallIntegerField(_("minimum score"), null=True, blank=True)
    questions = models.ManyToManyField(
        Question,
        through="CriterionQuestion",
        related_name="criteria",
        verbose_name=_("questions judged"),
    )

    class Meta:
        app_label = "commissioning"
        verbose_name = _("assessment criterion")
        verbose_name_plural = _("assessment criteria")
        ordering = ["round", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "position"],
                name="commissioning_criterion_position_unique",
                deferrable=models.Deferrable.DEFERRED,
            ),
            models.CheckConstraint(
                condition=Q(weight__gte=1, weight__lte=100),
                name="commissioning_criterion_weight_in_range",
            ),
            models.CheckConstraint(
                condition=Q(must_pass=False, minimum_score__isnull=True)
                | Q(must_pass=True, minimum_score__gte=1, minimum_score__lte=MAX_SCORE),
                name="commissioning_criterion_must_pass_has_a_minimum",
            ),
        ]
        triggers = [frozen_with_round_trigger("commissioning_criterion_frozen_with_round")]

    def __str__(self):
        return self.title

    def descriptors(self, language=None) -> list[tuple[int, str]]:
        """(score, descriptor) from 0 to 5, in the language asked for."""
        from core.bilingual import in_language

        return [(score, in_language(self, f"descriptor_{score}", language)) for score in SCORES]


# descriptor_0 ... descriptor_5 and their Welsh versions.
for _name, _field in _descriptor_fields().items():
    Criterion.add_to_class(_name, _field)


class CriterionQuestion(models.Model):
    """A question a criterion judges (of the same round)."""

    round = models.ForeignKey("commissioning.Round", on_delete=models.CASCADE, related_name="+")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE)
    question = models.ForeignKey(Question, on_delete=models.CASCADE)

    class Meta:
        app_label = "commissioning"
        constraints = [
            models.UniqueConstraint(
                fields=["criterion", "question"], name="commissioning_criterion_question_unique"
            )
        ]
        triggers = [frozen_with_round_trigger("commissioning_criterion_question_frozen")]

    def __str__(self):
        return f"{self.criterion_id} judges {self.question_id}"
