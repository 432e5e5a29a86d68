"""A person's e-mail preferences: which kinds of e-mail they get (core.notifications)."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from core.forms.layout import Button
from core.models import NotificationOptOut
from core.notifications import notification_kinds_for, notification_preferences_save


class NotificationPreferencesForm(forms.Form):
    wanted = forms.MultipleChoiceField(
        label=_("Which e-mails do you want to get?"),
        help_text=_("Select all that apply. Clear a box to stop getting that e-mail."),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, kinds, turned_off, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wanted"].choices = [(spec.kind, spec.label) for spec in kinds]
        self.fields["wanted"].initial = [spec.kind for spec in kinds if spec.kind not in turned_off]
        self.helper = FormHelper()
        self.helper.layout = Layout("wanted", Button(_("Save your choices")))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def notification_preferences(request):
    kinds = notification_kinds_for(request.user)
    optional = [spec for spec in kinds if spec.optional]
    always = [spec for spec in kinds if not spec.optional]
    turned_off = set(
        NotificationOptOut.objects.filter(user=request.user).values_list("kind", flat=True)
    )
    # Not `request.POST or None`: clearing every box posts nothing but the CSRF token.
    data = request.POST if request.method == "POST" else None
    form = NotificationPreferencesForm(data, kinds=optional, turned_off=turned_off)
    if optional and request.method == "POST" and form.is_valid():
        wanted = set(form.cleaned_data["wanted"])
        notification_preferences_save(
            user=request.user, turned_off={spec.kind for spec in optional} - wanted
        )
        messages.success(request, _("Your e-mail choices have been saved."))
        return redirect("core:notification-preferences")
    return render(
        request,
        "core/notification_preferences.html",
        {"form": form if optional else None, "always": always},
    )
