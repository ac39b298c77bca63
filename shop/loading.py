"""Oscar's class loader, minus haystack.

Oscar's loader imports Oscar's own module before the fork's. For the ``search`` app that
would import haystack, which this project does not use: the fork replaces Oscar's
search app whole, so its classes are loaded from the fork alone.
"""

import importlib

from oscar.core.loading import default_class_loader

REPLACED_APPS = ("search",)


def class_loader(module_label, classnames, module_prefix):
    if module_label.split(".")[0] in REPLACED_APPS:
        module = importlib.import_module(module_label)
        return [getattr(module, name) for name in classnames]
    return default_class_loader(module_label, classnames, module_prefix)
