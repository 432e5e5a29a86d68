"""`{% load row_urls %}`: Django's `{% url %}`, reversed once per URL name for whole-number
arguments and filled in for every row after.

A list of a hundred rows with two or three links each reverses a few hundred URLs, and
each `reverse` walks the resolver (about 50 microseconds on the bench machine: about 10 ms
for the question builder's 60 questions). Loading this library in a template replaces its
`{% url %}` tag: with positional arguments that are all `int`s, the URL is reversed once
with stand-in numbers and the row's numbers are put in their places; anything else (keyword
arguments, strings, `as var`) is Django's own tag. The answer is the same string `reverse`
gives: the stand-ins are reversed through the same pattern, the cache is keyed by URL conf,
script prefix and language, and a pattern the stand-ins do not fit is never cached.
"""

from functools import lru_cache

from django import template
from django.template import defaulttags
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape
from django.utils.translation import get_language

register = template.Library()

# Stand-ins for the arguments: long enough never to occur in a URL by chance.
_STAND_INS = (7398215604, 7398215605, 7398215606, 7398215607)


@lru_cache(maxsize=1024)
def _pattern(view_name: str, arity: int, urlconf, prefix: str, language) -> tuple | None:
    """The URL split around its arguments' places, or None when the stand-ins don't fit."""
    stand_ins = _STAND_INS[:arity]
    try:
        url = reverse(view_name, args=stand_ins, urlconf=urlconf)
    except NoReverseMatch:
        return None
    parts, rest = [], url
    for stand_in in stand_ins:
        text = str(stand_in)
        if rest.count(text) != 1:
            return None
        before, rest = rest.split(text)
        parts.append(before)
    parts.append(rest)
    return tuple(parts)


def reverse_ints(view_name: str, args) -> str:
    """`reverse(view_name, args=args)` for whole-number arguments, from the cached pattern."""
    if len(args) > len(_STAND_INS) or not all(type(arg) is int for arg in args):
        return reverse(view_name, args=args)
    parts = _pattern(view_name, len(args), get_urlconf(), get_script_prefix(), get_language())
    if parts is None:
        return reverse(view_name, args=args)
    pieces = [parts[0]]
    for arg, after in zip(args, parts[1:], strict=True):
        pieces += [str(arg), after]
    return "".join(pieces)


class RowURLNode(defaulttags.URLNode):
    def render(self, context):
        if self.kwargs or self.asvar:
            return super().render(context)
        args = [arg.resolve(context) for arg in self.args]
        if not all(type(arg) is int for arg in args):
            return super().render(context)
        url = reverse_ints(self.view_name.resolve(context), args)
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser, token):
    node = defaulttags.url(parser, token)
    return RowURLNode(node.view_name, node.args, node.kwargs, node.asvar)
