"""GOV.UK Design System forms for the `govuk` crispy-forms template pack.

Fields and widgets in `fields`, crispy layout objects in `layout`, and in `rendering` how the
pack draws a bound field. Import from here: `from core.forms import GovukDateField, Field`.
"""

from core.forms.confirm import ConfirmForm
from core.forms.fields import GovukDateField, GovukDateInput, MaxWordsValidator, text_field
from core.forms.layout import (
    Button,
    ButtonGroup,
    CancelLink,
    CharacterCount,
    ConditionalReveal,
    Field,
    form_helper,
)

__all__ = [
    "Button",
    "ButtonGroup",
    "CancelLink",
    "CharacterCount",
    "ConditionalReveal",
    "ConfirmForm",
    "Field",
    "GovukDateField",
    "GovukDateInput",
    "MaxWordsValidator",
    "form_helper",
    "text_field",
]
