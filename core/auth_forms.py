from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_otp import match_token

from core.email import email_send
from core.lockout import failures_left


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
        "last_try": _(
            "Enter a correct email address and password. If the next password is wrong too, "
            "we will lock the account for an hour to keep it safe."
        ),
    }

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError as error:
            if error.code == "invalid_login" and self.request is not None:
                credentials = {"username": self.cleaned_data.get("username")}
                if failures_left(self.request, credentials) == 1:
                    raise forms.ValidationError(
                        self.error_messages["last_try"], code="invalid_login"
                    ) from None
            raise


class ResetRequestForm(PasswordResetForm):
    """Django's reset form, with the look-up and the e-mail done by the worker.

    Looking the address up and sending in the request would make an address with an account
    answer more slowly than one without, telling anyone who times the page which addresses
    have accounts. The request only records the request (core.password_resets), the same
    row for any address; a worker, or beat's sweep when the broker was down, calls `deliver`,
    and the e-mail then goes out through `email_send` like every other.
    """

    def save(self, **kwargs):
        from core.password_resets import password_reset_request_record

        password_reset_request_record(email=self.cleaned_data["email"])

    def deliver(self):
        # The domain is unused (the link is built from SITE_URL in send_mail) but Django
        # would otherwise look for a request to take it from.
        super().save(domain_override=urlsplit(settings.SITE_URL).netloc)

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        path = reverse(
            "core:password-reset-confirm",
            kwargs={"uidb64": context["uid"], "token": context["token"]},
        )
        email_send(
            to=to_email,
            template="password_reset",
            context={"link": settings.SITE_URL + path},
        )


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


class SignInAgainForm(forms.Form):
    """The password, and a code when the account has an app, before a sensitive step.

    The password goes through `authenticate`, so wrong ones count towards the lockout.
    """

    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Enter your password")},
    )
    token = forms.CharField(
        label=_("Security code"),
        help_text=_("The 6-digit code from your authenticator app, or one of your backup codes."),
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "spellcheck": "false", "inputmode": "text"}
        ),
        error_messages={"required": _("Enter the security code")},
    )

    def __init__(self, *args, request, with_code, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.device = None
        if not with_code:
            del self.fields["token"]

    def clean_password(self):
        password = self.cleaned_data["password"]
        user = authenticate(self.request, username=self.request.user.email, password=password)
        if user is None or user.pk != self.request.user.pk:
            raise forms.ValidationError(
                _("The password is not right. Check it and try again."), code="invalid"
            )
        return password

    def clean_token(self):
        token = "".join(self.cleaned_data["token"].split()).lower()
        self.device = match_token(self.request.user, token)
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
