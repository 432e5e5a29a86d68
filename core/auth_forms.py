from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _
from django_otp import match_token


class SignInForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("Email address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    error_messages = {
        "invalid_login": _(
            "Enter a correct email address and password. Both may be case-sensitive "
            "apart from the email address."
        ),
        "inactive": _("This account is inactive."),
    }


class TokenForm(forms.Form):
    """A code from the authenticator app, or one of the single-use backup codes."""

    token = forms.CharField(
        label=_("Security code"),
        help_text=_("The 6-digit code from your authenticator app, or one of your backup codes."),
        max_length=16,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "spellcheck": "false",
                "inputmode": "text",
                # The page's only task: the cursor starts in the field.
                "autofocus": True,
            }
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.device = None

    def clean_token(self):
        token = "".join(self.cleaned_data["token"].split()).lower()
        # match_token tries every confirmed device; each throttles repeated failures itself.
        self.device = match_token(self.user, token)
        if self.device is None:
            raise forms.ValidationError(
                _("The security code is not right. Check it and try again."), code="invalid"
            )
        return token


class EnrolForm(forms.Form):
    token = forms.CharField(
        label=_("Security code"),
        help_text=_("The 6-digit code your authenticator app shows now."),
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )

    def __init__(self, *args, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_token(self):
        token = "".join(self.cleaned_data["token"].split())
        if not token.isdigit() or not self.device.verify_token(token):
            raise forms.ValidationError(
                _("The security code is not right. Check the time on your phone and try again."),
                code="invalid",
            )
        return token
