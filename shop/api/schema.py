"""drf-spectacular hooks for the open data schema."""


def only_open_data(endpoints, **kwargs):
    """Keep the open data API: Wagtail's admin API also runs on DRF but is private."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]


def empty_query_values_are_allowed(result, **kwargs):
    """Say that ``?stars=`` is accepted: an empty filter means "no filter".

    That is how django-filter and DRF read them, and how the browsable API's filter
    form sends the fields left blank.
    """
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "query":
                    parameter["allowEmptyValue"] = True
    return result
