"""Termination's reason, a recovery's receipt, and the close's confirmation."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.forms import Field, GovukDateField, form_helper, text_field
from core.money import MoneyFormField


class TerminateForm(forms.Form):
    reason = text_field(
        gettext_lazy("Why is the grant terminated?"),
        area=True,
        message=gettext_lazy("Enter the reason for the termination"),
        help_text=gettext_lazy("The provider sees this reason on their grant's page."),
    )

    def __init__(self, *args, cancel, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            "reason", submit=_("Terminate the grant"), warning=True, cancel=cancel
        )


class ReceiptForm(forms.Form):
    amount = MoneyFormField(label=gettext_lazy("Amount received"))
    received_on = GovukDateField(label=gettext_lazy("Date received"))
    remittance_reference = text_field(
        gettext_lazy("Remittance reference"),
        max_length=100,
        message=gettext_lazy("Enter the remittance reference"),
    )

    def __init__(self, *args, recovery, cancel, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("amount", recovery.outstanding)
        self.helper = form_helper(
            Field("amount", width="10"),
            "received_on",
            Field("remittance_reference", width="20"),
            submit=_("Record the money received"),
            cancel=cancel,
        )


class CloseForm(forms.Form):
    """Nothing to type: the page lists what closing does."""

    def __init__(self, *args, cancel, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(submit=_("Close the grant"), cancel=cancel)
