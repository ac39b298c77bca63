"""Steps that several browser journeys take."""


def address_fill(page) -> None:
    """Fill the Vietnamese address form on ``page``: Xã Bản Liền, Lào Cai, with a
    phone number. Without JavaScript the buyer presses "Chọn xã/phường" after the
    province; with it the page does that by itself and a box narrows the communes
    as one types."""
    page.fill("input[name=last_name]", "Nguyễn Thị Lan")
    page.fill("input[name=phone_number]", "0912 345 678")
    step = page.locator("[data-address-step]")
    if step.is_visible():
        page.select_option("select[name=province]", label="Lào Cai")
        step.click()
    else:
        with page.expect_navigation():
            page.select_option("select[name=province]", label="Lào Cai")
        page.fill(".ocop-address-filter", "ban lien")
    page.select_option("select[name=commune]", label="Xã Bản Liền")
    page.fill("input[name=line1]", "Số 12, thôn Bản Liền")


def guest_checkout(page, base_url: str, method: str) -> None:
    """A guest (khach@example.com) checks out the basket in ``page`` on the one
    checkout page, paying by ``method`` (a payment method code), up to the placed
    order."""
    page.goto(base_url + "/checkout/")
    page.fill("input[name=email]", "khach@example.com")
    address_fill(page)
    page.check(f"#payment_method_{method}")
    page.click("#place-order")
