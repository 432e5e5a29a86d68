from functools import update_wrapper

from django.contrib import admin
from django.contrib.admin.widgets import AdminSplitDateTime, AutocompleteSelect
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class NamedAutocompleteSelect(AutocompleteSelect):
    """select2's box takes its name from the placeholder it shows; Django's is empty, which
    leaves the box unnamed (axe: aria-input-field-name)."""

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs=extra_attrs)
        attrs["data-placeholder"] = gettext("Choose %(name)s") % {"name": self.field.verbose_name}
        return attrs


class AccessibleAdminMixin:
    """What the admin's markup misses, put right through its own hooks (WCAG 2.2 AA):

    - the date and the time box of a date-and-time field are named, not only printed
      beside them (axe: label);
    - autocomplete boxes are named (NamedAutocompleteSelect);
    - each editable box on a list, and in an inline's table, is named after its column and
      row (axe: label).

    ServiceAdminSite.register mixes it into every model admin, Django's and other
    packages' included; inlines take it explicitly.
    """

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = NamedAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        widget = getattr(formfield, "widget", None)
        widget = getattr(widget, "widget", widget)  # inside RelatedFieldWidgetWrapper
        if isinstance(widget, AdminSplitDateTime):
            label = formfield.label or db_field.verbose_name
            date, time = widget.widgets
            date.attrs["aria-label"] = gettext("%(field)s: date") % {"field": label}
            time.attrs["aria-label"] = gettext("%(field)s: time") % {"field": label}
        return formfield

    def get_formset(self, request, obj=None, **kwargs):
        """An inline's rows: each box named after its column and row (a table's headers do
        not label the boxes under them)."""
        formset = super().get_formset(request, obj, **kwargs)

        class NamedFormSet(formset):
            def add_fields(self, form, index):
                super().add_fields(form, index)
                for field in form.fields.values():
                    label = str(field.label or "")
                    if index is not None:
                        label = gettext("%(field)s, row %(row)d") % {
                            "field": label,
                            "row": index + 1,
                        }
                    field.widget.attrs["aria-label"] = label

        return NamedFormSet

    def get_changelist_form(self, request, **kwargs):
        form = super().get_changelist_form(request, **kwargs)

        class NamedChangelistForm(form):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                for field in self.fields.values():
                    field.widget.attrs["aria-label"] = f"{field.label}: {self.instance}"

        return NamedChangelistForm


class ServiceAdminSite(admin.AdminSite):
    """The Django admin for site administrators, behind the service's own sign-in.

    Signing in happens on the service's page (with lockout and second factor); a signed-in
    person who is not a site administrator gets 403 rather than another sign-in form.
    """

    site_header = _("Commissioning: site administration")
    site_title = _("Site administration")

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, AccessibleAdminMixin):
            admin_class = type(admin_class.__name__, (AccessibleAdminMixin, admin_class), {})
        return super().register(model_or_iterable, admin_class, **options)

    def login(self, request, extra_context=None):
        if request.user.is_authenticated:
            raise PermissionDenied
        return redirect_to_login(request.get_full_path())

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not self.has_permission(request):
                raise PermissionDenied
            return inner(request, *args, **kwargs)

        return update_wrapper(wrapper, inner)
