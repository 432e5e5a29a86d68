"""Demo rounds. The question builder's (commissioning.questions.demo): last year's decided
round with its questions and criteria, and this year's draft copied from it."""

from commissioning.questions import demo as questions_demo


def load(*, anchor):
    questions_demo.load(anchor=anchor)
