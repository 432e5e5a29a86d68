"""Thin views for providers, one module per part: accounts, organisations, members, documents."""


def posted(request):
    """A POST's data, even an empty one (a page whose only question is its button), else None.

    `posted(request)` would leave a form unbound when nothing but the button was sent.
    """
    return request.POST if request.method == "POST" else None
