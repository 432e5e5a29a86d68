"""Forms for the registry's pages, drawn by the govuk crispy pack."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import Button, ButtonGroup, CancelLink, Field


class VerificationForm(forms.Form):
    identifiers_checked = forms.BooleanField(
        label=_("I checked the registration numbers with the registers"),
        required=False,
    )
    documents = forms.ModelMultipleChoiceField(
        label=_("Which documents did you check?"),
        help_text=_("Select all that apply. Only the current version of each is listed."),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    note = forms.CharField(
        label=_("What you found (optional)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        required=False,
    )

    def __init__(self, *args, documents, cancel_url, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["documents"].queryset = documents
        self.fields["documents"].label_from_instance = lambda document: (
            _("%(kind)s dated %(date)s")
            % {
                "kind": document.get_kind_display(),
                "date": document.document_date.strftime("%d/%m/%Y"),
            }
        )
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field("identifiers_checked"),
            Field("documents", label_size="s"),
            Field("note"),
            ButtonGroup(
                Button(_("Record the verification"), prevent_double_click=True),
                CancelLink(url=cancel_url),
            ),
        )


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Add a note"),
        help_text=_("Only staff of your office will see it."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Enter the note")},
    )

    def __init__(self, *args, action="", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_action = action
        self.helper.layout = Layout(
            Field("text", label_size="s"),
            Button.secondary(_("Add the note"), prevent_double_click=True),
        )
