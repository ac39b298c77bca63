from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Content")

    def ready(self):
        # Every slug field in Wagtail's forms (pages, snippets) maps "đ" to "d" in
        # the editor's browser, as the server does (cms/slugs.py).
        from django.db import models
        from wagtail.admin.forms.models import register_form_field_override

        from cms.slugs import slug_input

        register_form_field_override(
            models.SlugField, override={"widget": slug_input()}
        )
