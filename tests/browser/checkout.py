"""Steps that several browser journeys take."""


def guest_checkout(page, base_url: str, method: str) -> None:
    """A guest (khach@example.com) checks out the basket in ``page``, paying by
    ``method`` (a payment method code), up to the placed order."""
    page.goto(base_url + "/checkout/")
    page.fill("input[name=username]", "khach@example.com")
    page.check("input[name=options][value=anonymous]")
    page.locator("form:has(input[name=username]) button[type=submit]").click()
    page.fill("input[name=first_name]", "Nguyễn Thị")
    page.fill("input[name=last_name]", "Lan")
    page.fill("input[name=line1]", "Thôn Bản Liền")
    page.fill("input[name=line4]", "Lào Cai")
    page.fill("input[name=phone_number]", "+84912345678")
    page.locator("#new_shipping_address button[type=submit]").click()
    page.check(f"#payment_method_{method}")
    page.click("#view_preview")
    page.click("#place-order")
