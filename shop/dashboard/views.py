from oscar.apps.dashboard import views
from oscar.apps.dashboard.views import *  # noqa: F403

from shop.dashboard.selectors import seller_home
from shop.partner.selectors import seller_for_user


class IndexView(views.IndexView):
    """Oscar's dashboard home; a seller's shows what to do today and its money."""

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        seller = (
            None
            if self.request.user.is_staff
            else seller_for_user(user=self.request.user)
        )
        if seller is not None:
            ctx["seller"] = seller
            ctx["home"] = seller_home(seller=seller)
        return ctx
