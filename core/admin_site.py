from functools import update_wrapper

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _


class ServiceAdminSite(admin.AdminSite):
    """The Django admin for site administrators, behind the service's own sign-in.

    Signing in happens on the service's page (with lockout and second factor); a signed-in
    person who is not a site administrator gets 403 rather than another sign-in form.
    """

    site_header = _("Commissioning: site administration")
    site_title = _("Site administration")

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
