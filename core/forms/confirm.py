"""A page whose only question is its button: confirm a removal, an address, a move."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms

from core.forms.layout import Button, ButtonGroup, CancelLink


class ConfirmForm(forms.Form):
    """Nothing to type: the button, and a link back when there is somewhere to go back to.

    `warning=True` draws the red button GOV.UK uses for something that cannot be undone.
    Bind it with `core.pages.posted(request)`, so an empty POST still counts as sent.
    """

    def __init__(self, *args, button, warning=False, cancel_url=None, **kwargs):
        super().__init__(*args, **kwargs)
        button_type = Button.warning if warning else Button
        parts = [button_type(button, prevent_double_click=True)]
        if cancel_url:
            parts.append(CancelLink(url=cancel_url))
        self.helper = FormHelper()
        self.helper.layout = Layout(ButtonGroup(*parts))
