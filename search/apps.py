from django.urls import path
from django.utils.translation import gettext_lazy as _
from oscar.core.application import OscarConfig
from oscar.core.loading import get_class


class SearchConfig(OscarConfig):
    """Oscar's search app, forked to run on our own search contract, not haystack.

    Oscar looks this app up by its label (``search``) and loads the catalogue's browse
    and category views from ``search.views``; both are ours.
    """

    label = "search"
    name = "search"
    verbose_name = _("Search")
    namespace = "search"

    def ready(self):
        from search import signals

        self.search_view = get_class("search.views", "SearchView")
        self.suggest_view = get_class("search.views", "SuggestView")
        signals.connect()

    def get_urls(self):
        return self.post_process_urls(
            [
                path("", self.search_view.as_view(), name="search"),
                path("suggest/", self.suggest_view.as_view(), name="suggest"),
            ]
        )
