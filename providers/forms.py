"""Forms for providers, drawn by the `govuk` crispy pack (core.forms)."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Fieldset, Layout
from django import forms
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.forms import (
    Button,
    ButtonGroup,
    CancelLink,
    CharacterCount,
    ConditionalReveal,
    Field,
    GovukDateField,
)
from core.identifiers import NormalisedCharField, normalise_postcode
from core.models import PolicingBody, ServiceCategory, User, VictimGroup
from core.uploads import UploadField
from core.vocabularies import CharityRegulator, IncomeBand, LegalForm
from providers.documents import RULES, DocumentKind
from providers.models import MEMBER_ROLE_HINTS, MemberRole
from providers.services.organisations import identifiers_clean


def _helper(*layout):
    helper = FormHelper()
    helper.layout = Layout(*layout)
    return helper


def _fieldset(legend, *fields):
    return Fieldset(legend, *fields, css_class="govuk-!-margin-bottom-6")


class SignUpForm(forms.Form):
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=200,
        error_messages={"required": _("Enter your full name")},
    )
    email = forms.EmailField(
        label=_("Email address"),
        help_text=_("We will send a link to this address to check it is yours."),
        max_length=254,
        error_messages={
            "required": _("Enter your email address"),
            "invalid": _("Enter an email address in the correct format, like name@example.org"),
        },
    )
    password = forms.CharField(
        label=_("Create a password"),
        help_text=_("At least 12 characters. A few words you will remember make a good password."),
        strip=False,
        widget=forms.PasswordInput,
        error_messages={"required": _("Enter a password")},
    )
    invitation = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, with_password=False, **kwargs):
        """`with_password` only for an open invitation: its link has proved the address.

        Everyone else chooses a password after following the link we e-mail
        (`SignUpConfirmForm`); one typed before that would prove nothing.
        """
        super().__init__(*args, **kwargs)
        layout = [
            Field("full_name", autocomplete="name", spellcheck="false"),
            Field("email", autocomplete="email", spellcheck="false"),
        ]
        if with_password:
            layout.append(Field("password", autocomplete="new-password"))
        else:
            del self.fields["password"]
        self.helper = _helper(
            *layout, "invitation", Button(_("Create account"), prevent_double_click=True)
        )

    def clean_email(self):
        return User.objects.normalize_email(self.cleaned_data["email"].strip()).lower()

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password")
        if password:
            person = User(email=cleaned.get("email", ""), full_name=cleaned.get("full_name", ""))
            try:
                validate_password(password, user=person)
            except ValidationError as error:
                self.add_error("password", error)
        return cleaned


class SignUpConfirmForm(forms.Form):
    """Following the e-mailed link: the person who proved the address chooses the password."""

    full_name = forms.CharField(
        label=_("Full name"),
        max_length=200,
        error_messages={"required": _("Enter your full name")},
    )
    password = forms.CharField(
        label=_("Create a password"),
        help_text=_("At least 12 characters. A few words you will remember make a good password."),
        strip=False,
        widget=forms.PasswordInput,
        error_messages={"required": _("Enter a password")},
    )

    def __init__(self, *args, email, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email
        self.helper = _helper(
            Field("full_name", autocomplete="name", spellcheck="false"),
            Field("password", autocomplete="new-password"),
            Button(_("Confirm and create account"), prevent_double_click=True),
        )

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password")
        if password:
            person = User(email=self.email, full_name=cleaned.get("full_name", ""))
            try:
                validate_password(password, user=person)
            except ValidationError as error:
                self.add_error("password", error)
        return cleaned


class IdentifiersFormMixin(forms.Form):
    legal_form = forms.ChoiceField(
        label=_("Legal form"),
        choices=LegalForm.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select the organisation's legal form")},
    )
    charity_regulator = forms.ChoiceField(
        label=_("Where is the charity registered?"),
        choices=CharityRegulator.choices,
        widget=forms.RadioSelect,
        required=False,
        initial=CharityRegulator.CHARITY_COMMISSION_ENGLAND_WALES,
    )
    charity_number = forms.CharField(
        label=_("Charity number"),
        help_text=_(
            "For a registered charity, a charitable incorporated organisation (CIO) or a "
            "charitable company, like 1123456"
        ),
        max_length=30,
        required=False,
    )
    company_number = forms.CharField(
        label=_("Company number"),
        help_text=_(
            "For a company: 8 characters, like 01234567 or SC123456. We add any missing zeros."
        ),
        max_length=30,
        required=False,
    )

    def identifier_fields(self):
        return [
            Field("legal_form", label_size="s"),
            Field("charity_regulator", small=True),
            Field("charity_number", width="10", spellcheck="false"),
            Field("company_number", width="10", spellcheck="false"),
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("legal_form"):
            try:
                self.identifiers = identifiers_clean(
                    legal_form=cleaned["legal_form"],
                    charity_regulator=cleaned.get("charity_regulator", ""),
                    charity_number=cleaned.get("charity_number", ""),
                    company_number=cleaned.get("company_number", ""),
                )
            except ValidationError as error:
                for field, errors in error.error_dict.items():
                    self.add_error(field, errors)
        return cleaned


def _body_choices():
    return PolicingBody.objects.order_by("police_area")


class PoliceAreaChoiceField(forms.ModelMultipleChoiceField):
    """Bodies named by their police force area ("Avon and Somerset"), as people know them."""

    def label_from_instance(self, obj):
        return obj.police_area


class ProfileForm(forms.Form):
    name = forms.CharField(
        label=_("Organisation name"),
        help_text=_("As it is registered, if it is registered"),
        max_length=200,
        error_messages={"required": _("Enter the organisation's name")},
    )
    address_line_1 = forms.CharField(
        label=_("Address line 1"),
        max_length=200,
        error_messages={"required": _("Enter address line 1, typically the building and street")},
    )
    address_line_2 = forms.CharField(
        label=_("Address line 2 (optional)"), max_length=200, required=False
    )
    town = forms.CharField(
        label=_("Town or city"),
        max_length=100,
        error_messages={"required": _("Enter the town or city")},
    )
    postcode = NormalisedCharField(
        label=_("Postcode"),
        normalise=normalise_postcode,
        max_length=10,
        error_messages={"required": _("Enter the postcode")},
    )
    website = forms.URLField(
        label=_("Website (optional)"),
        max_length=300,
        required=False,
        assume_scheme="https",
        error_messages={"invalid": _("Enter a website address, like www.example.org")},
    )
    description = forms.CharField(
        label=_("What does the organisation do?"),
        help_text=_("Who you support and how, in a few sentences"),
        widget=forms.Textarea,
        max_length=2000,
        error_messages={
            "required": _("Say what the organisation does"),
            "max_length": _("What the organisation does must be 2000 characters or fewer"),
        },
    )
    areas_served = PoliceAreaChoiceField(
        label=_("Which police force areas do you work in?"),
        help_text=_("Select all that apply."),
        queryset=PolicingBody.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Select the police force areas you work in")},
    )
    service_categories = forms.ModelMultipleChoiceField(
        label=_("Which services do you offer?"),
        help_text=_("Select all that apply."),
        queryset=ServiceCategory.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Select the services you offer")},
    )
    victim_groups = forms.ModelMultipleChoiceField(
        label=_("Which groups of victims do you support? (optional)"),
        help_text=_("Select all that apply."),
        queryset=VictimGroup.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    income_band = forms.ChoiceField(
        label=_("Annual income"),
        help_text=_("From your latest accounts"),
        choices=IncomeBand.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select the organisation's annual income")},
    )
    safeguarding_lead_name = forms.CharField(
        label=_("Full name"),
        max_length=200,
        error_messages={"required": _("Enter the safeguarding lead's full name")},
    )
    safeguarding_lead_email = forms.EmailField(
        label=_("Email address"),
        error_messages={
            "required": _("Enter the safeguarding lead's email address"),
            "invalid": _("Enter an email address in the correct format, like name@example.org"),
        },
    )
    safeguarding_lead_phone = forms.CharField(
        label=_("Phone number (optional)"), max_length=30, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["areas_served"].queryset = _body_choices()
        self.fields["service_categories"].queryset = ServiceCategory.objects.all()
        self.fields["victim_groups"].queryset = VictimGroup.objects.all()

    def profile_fields(self):
        return [
            _fieldset(
                _("Registered address"),
                Field("address_line_1", autocomplete="address-line1"),
                Field("address_line_2", autocomplete="address-line2"),
                Field("town", autocomplete="address-level2", width="two-thirds"),
                Field("postcode", autocomplete="postal-code", width="10"),
            ),
            Field("website", autocomplete="url", spellcheck="false"),
            CharacterCount("description", maxlength=2000, threshold=75),
            Field("areas_served", small=True),
            Field("service_categories", small=True),
            Field("victim_groups", small=True),
            Field("income_band"),
            _fieldset(
                _("Safeguarding lead"),
                HTML(
                    format_html(
                        '<p class="govuk-hint">{}</p>',
                        _("The person responsible for keeping the people you support safe."),
                    )
                ),
                Field("safeguarding_lead_name", autocomplete="off"),
                Field("safeguarding_lead_email", spellcheck="false"),
                Field("safeguarding_lead_phone", width="20", autocomplete="off"),
            ),
        ]


class OrganisationRegisterForm(IdentifiersFormMixin, ProfileForm):
    # The order of the page, so that the error summary lists problems in that order too.
    field_order = [
        "name",
        "legal_form",
        "charity_regulator",
        "charity_number",
        "company_number",
        *ProfileForm.base_fields,
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field("name", autocomplete="organization"),
            _fieldset(_("Legal form and registration numbers"), *self.identifier_fields()),
            *self.profile_fields(),
            Button(_("Register the organisation"), prevent_double_click=True),
        )


class OrganisationEditForm(ProfileForm):
    def __init__(self, *args, cancel_url, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field("name", autocomplete="organization"),
            *self.profile_fields(),
            ButtonGroup(Button(_("Save changes")), CancelLink(url=cancel_url)),
        )


class IdentifiersForm(IdentifiersFormMixin):
    def __init__(self, *args, cancel_url, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            *self.identifier_fields(),
            ButtonGroup(Button(_("Save changes")), CancelLink(url=cancel_url)),
        )


def _role_field(label, *, initial=None, required=True):
    return forms.ChoiceField(
        label=label,
        choices=MemberRole.choices,
        widget=forms.RadioSelect,
        initial=initial,
        required=required,
        error_messages={"required": _("Select a role")},
    )


def _role_layout(name, **kwargs):
    return Field(name, item_hints=MEMBER_ROLE_HINTS, **kwargs)


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        help_text=_("We will send them a link to join. It works once, for 7 days."),
        error_messages={
            "required": _("Enter the email address of the person to invite"),
            "invalid": _("Enter an email address in the correct format, like name@example.org"),
        },
    )
    role = _role_field(_("Role"), initial=MemberRole.EDITOR)

    def __init__(self, *args, cancel_url, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field("email", spellcheck="false", autocomplete="off"),
            _role_layout("role", label_size="s"),
            ButtonGroup(Button(_("Send invitation")), CancelLink(url=cancel_url)),
        )


class RoleForm(forms.Form):
    role = _role_field(_("Role"))

    def __init__(self, *args, cancel_url, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            _role_layout("role", label_size="s"),
            ButtonGroup(Button(_("Change role")), CancelLink(url=cancel_url)),
        )


class JoinRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the administrators (optional)"),
        help_text=_("Say who you are and what you do for the organisation."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=1000,
        required=False,
        error_messages={"max_length": _("The message must be 1000 characters or fewer")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            CharacterCount("message", maxlength=1000, threshold=75),
            Button(_("Ask to join"), prevent_double_click=True),
        )


class JoinRequestDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Do you want to let them join?"),
        choices=[("approve", _("Yes, let them join")), ("decline", _("No, decline"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Select whether to let them join")},
    )
    role = _role_field(_("Role"), initial=MemberRole.VIEWER, required=False)

    def __init__(self, *args, cancel_url, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            ConditionalReveal("decision", {"approve": [_role_layout("role")]}, label_size="m"),
            ButtonGroup(Button(_("Save decision")), CancelLink(url=cancel_url)),
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "approve" and not cleaned.get("role"):
            self.add_error("role", _("Select a role"))
        return cleaned


class DocumentUploadForm(forms.Form):
    file = UploadField(label=_("Upload a file"))
    document_date = GovukDateField(label=_("Date"))

    def __init__(self, *args, kind, cancel_url, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = DocumentKind(kind)
        rules = RULES[self.kind]
        self.fields["file"].help_text = _(
            "A PDF, Word, OpenDocument or image file. If there is a problem, choose the file again."
        )
        self.fields["document_date"].label = rules.date_label
        self.fields["document_date"].help_text = rules.date_hint
        self.helper = _helper(
            "file",
            Field("document_date", label_size="s"),
            ButtonGroup(
                Button(_("Upload the document"), prevent_double_click=True),
                CancelLink(url=cancel_url),
            ),
        )

    def clean_document_date(self):
        day = self.cleaned_data["document_date"]
        today = timezone.localdate()
        if RULES[self.kind].date_is_expiry:
            if day < today:
                raise ValidationError(
                    _(
                        "%(label)s must be today or in the future: upload a certificate that is "
                        "still in date"
                    )
                    % {"label": RULES[self.kind].date_label},
                    code="expired",
                )
        elif day > today:
            raise ValidationError(
                _("%(label)s must be today or in the past")
                % {"label": RULES[self.kind].date_label},
                code="future",
            )
        return day
