"""Oscar's class loader, minus haystack, plus our address forms.

Oscar's loader imports Oscar's own module before the fork's. For the ``search`` app that
would import haystack, which this project does not use: the fork replaces Oscar's
search app whole, so its classes are loaded from the fork alone.

Oscar's address app is not forked (its models suit us), but its forms are British:
classes asked for from ``address.forms`` come from ``shop.checkout.address_forms``
when defined there, so the account's address book (Oscar's customer views) uses the
same Vietnamese address form as checkout. Oscar's offer applicator likewise comes
from ``shop.offers``, which looks the offers up once a request.
"""

import importlib

from oscar.core.loading import default_class_loader

REPLACED_APPS = ("search",)
OVERRIDDEN_MODULES = {
    "address.forms": "shop.checkout.address_forms",
    "offer.applicator": "shop.offers",
}


def class_loader(module_label, classnames, module_prefix):
    if module_label.split(".")[0] in REPLACED_APPS:
        module = importlib.import_module(module_label)
        return [getattr(module, name) for name in classnames]
    classes = default_class_loader(module_label, classnames, module_prefix)
    if module_label in OVERRIDDEN_MODULES:
        ours = importlib.import_module(OVERRIDDEN_MODULES[module_label])
        classes = [
            getattr(ours, name, cls)
            for name, cls in zip(classnames, classes, strict=True)
        ]
    return classes
