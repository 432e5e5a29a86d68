"""Objects owned by body A (and its providers) that URL declarations take path arguments from.

Later issues add their objects here as cached properties, created on first use.
"""

from functools import cached_property


class Objects:
    def __init__(self, users):
        self.users = users

    @cached_property
    def body_a(self):
        from core.models import PolicingBody

        return PolicingBody.objects.get(slug="avon-and-somerset")
