from oscar.core.loading import get_class

SearchForm = get_class("search.forms", "SearchForm")


def search_form(request):
    """The search box on every page, filled with what the buyer last typed."""
    return {"search_form": SearchForm(request.GET)}
