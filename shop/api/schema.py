"""drf-spectacular hooks for the open data schema."""


def only_open_data(endpoints, **kwargs):
    """Keep the open data API: Wagtail's admin API also runs on DRF but is private."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]
