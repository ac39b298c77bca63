"""Registration that works with the login rate limit (django-axes).

Oscar's ``RegisterUserMixin.register_user`` calls ``authenticate()`` without the
request; axes's backend refuses such calls (``AxesBackendRequestParameterRequired``),
so every registration answered 500. The new buyer's password was checked by the form
a moment ago: log the user in with Oscar's e-mail backend named directly.
"""

from django.conf import settings
from django.contrib.auth import login as auth_login
from oscar.apps.customer import mixins
from oscar.apps.customer.mixins import *  # noqa: F403
from oscar.apps.customer.signals import user_registered

#: The backend recorded in the session for a user logged in at registration.
REGISTRATION_BACKEND = "oscar.apps.customer.auth_backends.EmailBackend"


class RegisterUserMixin(mixins.RegisterUserMixin):
    def register_user(self, form):
        """Create the user, send the registration e-mail (if configured) and log
        the user in."""
        user = form.save()
        user_registered.send_robust(sender=self, request=self.request, user=user)
        if getattr(settings, "OSCAR_SEND_REGISTRATION_EMAIL", True):
            self.send_registration_email(user)
        auth_login(self.request, user, backend=REGISTRATION_BACKEND)
        return user
