"""Places come from the official two-level list (since 1 July 2025)."""

from shop import places


def test_the_country_has_34_provinces_and_3321_communes():
    assert len(places.provinces()) == 34
    assert sum(len(places.communes(p.code)) for p in places.provinces()) == 3321


def test_lao_cai_communes_include_ban_lien_and_find_their_province():
    lao_cai = places.province_by_name("lao cai")
    assert lao_cai is not None and lao_cai.name == "Lào Cai"
    ban_lien = next(c for c in places.communes(lao_cai.code) if c.name == "Xã Bản Liền")
    assert places.commune(ban_lien.code) == ban_lien
    assert places.commune_province(ban_lien.code) == lao_cai


def test_unknown_codes_are_none_not_errors():
    assert places.province(999) is None
    assert places.commune(99999999) is None
    assert places.communes(999) == ()


def test_cities_are_found_with_or_without_thanh_pho():
    hanoi = places.province_by_name("Hà Nội")
    assert hanoi is not None and hanoi.name == "Thành phố Hà Nội"
    assert places.province_by_name("Thành phố Hà Nội") == hanoi
    assert places.province_by_name("tp ha noi") is None
