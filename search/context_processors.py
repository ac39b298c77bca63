from django.utils.functional import SimpleLazyObject
from oscar.core.loading import get_class

SearchForm = get_class("search.forms", "SearchForm")


def search_form(request):
    """The search box on every page, filled with what the buyer last typed.

    ``search_query`` is what the box shows (the form's own ``q.value``, without
    building the catalogue's whole filter form: a twentieth of a product page's
    time); ``search_form`` is built only for a template that asks for it.
    """
    return {
        "search_form": SimpleLazyObject(lambda: SearchForm(request.GET)),
        "search_query": request.GET.get("q", ""),
    }
