"""Sign-in form, drawn by the `govuk` pack."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from core.forms.layout import Button, Field


class SignInForm(AuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # GOV.UK: no autofocus, which moves screen-reader users past the page's heading.
        self.fields["username"].widget = forms.EmailInput()
        self.fields["username"].label = _("E-mail address")
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field("username", autocomplete="email"),
            Field("password", autocomplete="current-password"),
            Button(_("Sign in"), prevent_double_click=True),
        )
