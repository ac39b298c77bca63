"""The Lào Cai demo data set, as plain data.

Product, producer and place names come from the public list of Lào Cai OCOP products
(reference/ocop.md). Producers the list does not name get plausible demo names.
Descriptions, prices, stock, phone numbers, bank accounts and decision numbers are
invented, and every description says so.

Each record carries a stable natural key (seller ``code``, product ``upc``, category
``slug``, user ``email``) so that loading twice updates rows instead of adding them.

Rating dates are fixed rather than relative to today, so the demo is the same on every
machine: current ratings were decided in 2025-2026 and stay valid until 2028-2029
(refresh them before then); Séng Cù rice keeps its 2018 rating, which has expired.
"""

import datetime
from dataclasses import dataclass

from catalogue.ocop import OcopGroup

PROVINCE = "Lào Cai"

#: Appended to every description, so demo text is never mistaken for a real listing.
DEMO_NOTICE = (
    "Dữ liệu minh hoạ: mô tả, giá, số điện thoại và tài khoản ngân hàng là giả định, "
    "chỉ dùng để trình diễn."
)
#: Printed on every generated product image.
IMAGE_NOTICE = "Ảnh minh hoạ"

PRODUCT_CLASS_SLUG = "ocop"
PRODUCT_CLASS_NAME = "OCOP product"


@dataclass(frozen=True)
class CategoryData:
    slug: str
    name: str
    description: str
    #: The name on the English storefront (the slug stays the Vietnamese one).
    name_en: str


#: One storefront category per OCOP group; only the groups of the demo products are
#: created. Tea counts as food: Decision 148/QĐ-TTg files "chè" under group 1.
CATEGORIES = {
    OcopGroup.FOOD: CategoryData(
        "thuc-pham",
        "Thực phẩm",
        "Nông sản, thực phẩm chế biến và chè của các xã vùng cao.",
        "Food",
    ),
    OcopGroup.BEVERAGES: CategoryData(
        "do-uong", "Đồ uống", "Đồ uống có cồn và không cồn.", "Beverages"
    ),
    OcopGroup.HERBS: CategoryData(
        "duoc-lieu",
        "Dược liệu",
        "Dược liệu và sản phẩm từ dược liệu: tinh dầu, thảo mộc.",
        "Medicinal herbs",
    ),
    OcopGroup.HANDICRAFTS: CategoryData(
        "thu-cong-my-nghe",
        "Thủ công mỹ nghệ",
        "Thổ cẩm, đồ đan lát và đồ lưu niệm làm bằng tay.",
        "Handicrafts",
    ),
    OcopGroup.ORNAMENTAL: CategoryData(
        "sinh-vat-canh",
        "Sinh vật cảnh",
        "Cây cảnh, hoa và sinh vật cảnh.",
        "Ornamental plants and animals",
    ),
    OcopGroup.TOURISM: CategoryData(
        "du-lich-cong-dong",
        "Du lịch cộng đồng",
        "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch.",
        "Community tourism",
    ),
}


@dataclass(frozen=True)
class SellerData:
    code: str
    name: str
    seller_type: str  # a Partner.SellerType value
    commune: str
    phone: str
    bank_bin: str
    bank_account_number: str
    bank_account_holder: str
    description: str


SELLERS = [
    SellerData(
        code="htx-che-ban-lien",
        name="HTX Chè Bản Liền",
        seller_type="cooperative",
        commune="Bản Liền",
        phone="0900000001",
        bank_bin="970405",
        bank_account_number="0000123456701",
        bank_account_holder="HTX CHE BAN LIEN",
        description=(
            "Hợp tác xã trồng và chế biến chè Shan tuyết hữu cơ trên những đồi chè cổ "
            "thụ của xã Bản Liền (huyện Bắc Hà cũ)."
        ),
    ),
    SellerData(
        code="htx-quang-tom",
        name="HTX Quang Tom",
        seller_type="cooperative",
        commune="Bắc Hà",
        phone="0900000002",
        bank_bin="970405",
        bank_account_number="0000123456702",
        bank_account_holder="HTX QUANG TOM",
        description=(
            "Hợp tác xã chế biến mận tam hoa Bắc Hà thành mận sấy dẻo, để người mua "
            "thưởng thức đặc sản cao nguyên quanh năm."
        ),
    ),
    SellerData(
        code="htx-son-hoa",
        name="HTX Sơn Hòa",
        seller_type="cooperative",
        commune="Mường Khương",
        phone="0900000003",
        bank_bin="970418",
        bank_account_number="0000123456703",
        bank_account_holder="HTX SON HOA",
        description=(
            "Hợp tác xã chăn nuôi lợn bản và chế biến các món truyền thống của vùng "
            "cao Mường Khương: thịt lợn sấy, khâu nhục, ruốc."
        ),
    ),
    SellerData(
        code="htx-nong-san-muong-vi",
        name="HTX Nông sản Mường Vi",
        seller_type="cooperative",
        commune="Mường Vi",
        phone="0900000004",
        bank_bin="970405",
        bank_account_number="0000123456704",
        bank_account_holder="HTX NONG SAN MUONG VI",
        description=(
            "Hợp tác xã trồng lúa Séng Cù trên ruộng bậc thang ven suối của xã Mường "
            "Vi (huyện Bát Xát cũ)."
        ),
    ),
    SellerData(
        code="ho-kd-vuon-buoi-thai-nien",
        name="Hộ kinh doanh Vườn bưởi Thái Niên",
        seller_type="household",
        commune="Thái Niên",
        phone="0900000005",
        bank_bin="970405",
        bank_account_number="0000123456705",
        bank_account_holder="NGUYEN VAN AN",
        description=(
            "Hộ gia đình trồng bưởi Múc trên bãi bồi ven sông Hồng ở xã Thái Niên "
            "(huyện Bảo Thắng cũ)."
        ),
    ),
    SellerData(
        code="cty-tinh-dau-que-nam-det",
        name="Công ty TNHH Tinh dầu quế Nậm Đét",
        seller_type="enterprise",
        commune="Nậm Đét",
        phone="0900000006",
        bank_bin="970436",
        bank_account_number="0000123456706",
        bank_account_holder="CONG TY TNHH TINH DAU QUE NAM DET",
        description=(
            "Doanh nghiệp chưng cất tinh dầu từ lá và cành quế hữu cơ do bà con xã "
            "Nậm Đét trồng."
        ),
    ),
    SellerData(
        code="htx-nong-lam-nam-pung",
        name="HTX Nông lâm nghiệp Nậm Pung",
        seller_type="cooperative",
        commune="Nậm Pung",
        phone="0900000007",
        bank_bin="970418",
        bank_account_number="0000123456707",
        bank_account_holder="HTX NONG LAM NGHIEP NAM PUNG",
        description=(
            "Hợp tác xã trồng lê trên vùng núi cao Nậm Pung (huyện Bát Xát cũ), nơi "
            "khí hậu mát quanh năm."
        ),
    ),
    SellerData(
        code="tht-vit-sin-cheng",
        name="Tổ hợp tác chăn nuôi vịt Sín Chéng",
        seller_type="cooperative_group",
        commune="Sín Chéng",
        phone="0900000008",
        bank_bin="970405",
        bank_account_number="0000123456708",
        bank_account_holder="THT CHAN NUOI VIT SIN CHENG",
        description=(
            "Tổ hợp tác của các hộ nuôi vịt bản thả suối ở xã Sín Chéng (huyện Si Ma "
            "Cai cũ)."
        ),
    ),
    SellerData(
        code="ho-kd-com-na-lo",
        name="Hộ kinh doanh Cốm Na Lo",
        seller_type="household",
        commune="Mường Khương",
        phone="0900000009",
        bank_bin="970405",
        bank_account_number="0000123456709",
        bank_account_holder="LU THI HOA",
        description=(
            "Hộ gia đình làm cốm từ lúa nếp non theo cách truyền thống của bản Na Lo, "
            "Mường Khương."
        ),
    ),
    SellerData(
        code="htx-tra-phong-hai",
        name="HTX Trà Phong Hải",
        seller_type="cooperative",
        commune="Phong Hải",
        phone="0900000010",
        bank_bin="970422",
        bank_account_number="0000123456710",
        bank_account_holder="HTX TRA PHONG HAI",
        description=(
            "Hợp tác xã ướp trà xanh với hoa sen, hoa nhài trồng tại xã Phong Hải "
            "(huyện Bảo Thắng cũ)."
        ),
    ),
    SellerData(
        code="htx-rau-an-toan-bac-ha",
        name="HTX Rau an toàn Bắc Hà",
        seller_type="cooperative",
        commune="Bắc Hà",
        phone="0900000011",
        bank_bin="970405",
        bank_account_number="0000123456711",
        bank_account_holder="HTX RAU AN TOAN BAC HA",
        description=(
            "Hợp tác xã trồng rau ôn đới trên cao nguyên Bắc Hà, theo quy trình "
            "VietGAP."
        ),
    ),
    SellerData(
        code="htx-tho-cam-sa-pa",
        name="HTX Thổ cẩm Sa Pa",
        seller_type="cooperative",
        commune="Sa Pa",
        phone="0900000012",
        bank_bin="970436",
        bank_account_number="0000123456712",
        bank_account_holder="HTX THO CAM SA PA",
        description=(
            "Hợp tác xã của phụ nữ người Mông và người Dao đỏ dệt, nhuộm chàm và thêu "
            "thổ cẩm bằng tay."
        ),
    ),
    # A Chợ 4.0 stall: no catalogue, only a static bank QR at the market.
    SellerData(
        code="quay-rau-cho-ben-do",
        name="Quầy rau củ chợ Bến Đò",
        seller_type="market_vendor",
        commune="Âu Lâu",
        phone="0900000013",
        bank_bin="970405",
        bank_account_number="0000123456713",
        bank_account_holder="HOANG THI LAN",
        description=(
            "Quầy rau củ ở chợ Bến Đò, nhận thanh toán bằng mã QR ngân hàng theo mô "
            "hình chợ 4.0."
        ),
    ),
    # The other stalls of the Chợ 4.0 demo market (see MARKET below).
    SellerData(
        code="quay-thit-cho-ben-do",
        name="Quầy thịt lợn chợ Bến Đò",
        seller_type="market_vendor",
        commune="Âu Lâu",
        phone="0900000014",
        bank_bin="970418",
        bank_account_number="0000123456714",
        bank_account_holder="NGUYEN THI HOA",
        description="Thịt lợn bản, thịt bò tươi mỗi sáng.",
    ),
    SellerData(
        code="quay-ca-cho-ben-do",
        name="Quầy cá sông Hồng chợ Bến Đò",
        seller_type="market_vendor",
        commune="Âu Lâu",
        phone="0900000015",
        bank_bin="970405",
        bank_account_number="0000123456715",
        bank_account_holder="VU VAN HAI",
        description="Cá sông Hồng và cá hồ nuôi ở Lào Cai.",
    ),
    SellerData(
        code="quay-hoa-qua-cho-ben-do",
        name="Quầy hoa quả chợ Bến Đò",
        seller_type="market_vendor",
        commune="Âu Lâu",
        phone="0900000016",
        bank_bin="970436",
        bank_account_number="0000123456716",
        bank_account_holder="LY THI MAY",
        description="Mận tam hoa, lê, chuối và hoa quả theo mùa của các xã vùng cao.",
    ),
    SellerData(
        code="quay-do-kho-cho-ben-do",
        name="Quầy đồ khô chợ Bến Đò",
        seller_type="market_vendor",
        commune="Âu Lâu",
        phone="0900000017",
        bank_bin="970418",
        bank_account_number="0000123456717",
        bank_account_holder="TRAN VAN BINH",
        description="Măng khô, nấm hương, miến dong và thịt trâu gác bếp.",
    ),
    SellerData(
        code="quay-che-cho-ben-do",
        name="Quầy chè chợ Bến Đò",
        seller_type="market_vendor",
        commune="Âu Lâu",
        phone="0900000018",
        bank_bin="970405",
        bank_account_number="0000123456718",
        bank_account_holder="DO THI THU",
        description="Chè Shan tuyết, chè dây và các loại trà thảo mộc.",
    ),
    SellerData(
        code="quay-tho-cam-cho-ben-do",
        name="Quầy thổ cẩm chợ Bến Đò",
        seller_type="market_vendor",
        commune="Âu Lâu",
        phone="0900000019",
        bank_bin="970415",
        bank_account_number="0000123456719",
        bank_account_holder="GIANG THI SUA",
        description="Khăn, túi và váy thổ cẩm của người Mông, người Dao.",
    ),
    SellerData(
        code="quay-xoi-banh-cho-ben-do",
        name="Quầy xôi bánh chợ Bến Đò",
        seller_type="market_vendor",
        commune="Âu Lâu",
        phone="0900000020",
        bank_bin="970405",
        bank_account_number="0000123456720",
        bank_account_holder="LUONG THI NGA",
        description="Xôi ngũ sắc, bánh chưng đen và bánh gio làm trong ngày.",
    ),
]


@dataclass(frozen=True)
class ProductData:
    upc: str
    slug: str
    title: str
    seller_code: str
    group: OcopGroup
    stars: int
    decision_number: str
    decision_date: datetime.date
    origin_commune: str
    standards: str
    price: int  # whole đồng
    num_in_stock: int
    description: str


# Rating batches, as a provincial committee decides many products at once.
_BATCH_2025_03 = ("812/QĐ-UBND", datetime.date(2025, 3, 18))
_BATCH_2025_09 = ("3012/QĐ-UBND", datetime.date(2025, 9, 26))
_BATCH_2026_04 = ("1190/QĐ-UBND", datetime.date(2026, 4, 10))

PRODUCTS = [
    ProductData(
        upc="OCOP-LC-001",
        slug="che-shan-huu-co-ban-lien",
        title="Chè Shan hữu cơ Bản Liền",
        seller_code="htx-che-ban-lien",
        group=OcopGroup.FOOD,
        stars=5,
        # Five stars are granted nationally, by the ministry, not the province.
        decision_number="1875/QĐ-BNNMT",
        decision_date=datetime.date(2025, 7, 15),
        origin_commune="Bản Liền",
        standards="Hữu cơ, VietGAP",
        price=250000,
        num_in_stock=80,
        description=(
            "Búp chè Shan tuyết hái từ cây chè cổ thụ, sao khô bằng chảo gang. Nước "
            "vàng sáng, vị chát dịu, hậu ngọt. Hộp 200 g."
        ),
    ),
    ProductData(
        upc="OCOP-LC-002",
        slug="gao-seng-cu-muong-vi",
        title="Gạo Séng Cù Mường Vi",
        seller_code="htx-nong-san-muong-vi",
        group=OcopGroup.FOOD,
        stars=4,
        # Rated in 2018 and never re-rated: the rating expired in 2021.
        decision_number="1523/QĐ-UBND",
        decision_date=datetime.date(2018, 10, 12),
        origin_commune="Mường Vi",
        standards="VietGAP",
        price=175000,
        num_in_stock=150,
        description=(
            "Gạo Séng Cù hạt dài, trắng trong, cơm dẻo và thơm, trồng một vụ mỗi năm "
            "trên ruộng bậc thang. Túi 5 kg."
        ),
    ),
    ProductData(
        upc="OCOP-LC-003",
        slug="buoi-muc-thai-nien",
        title="Bưởi Múc Thái Niên",
        seller_code="ho-kd-vuon-buoi-thai-nien",
        group=OcopGroup.FOOD,
        stars=4,
        decision_number=_BATCH_2025_09[0],
        decision_date=_BATCH_2025_09[1],
        origin_commune="Thái Niên",
        standards="VietGAP",
        price=60000,
        num_in_stock=120,
        description=(
            "Bưởi Múc vỏ mỏng, múi mọng nước, vị ngọt thanh, thu hoạch từ tháng 9 đến "
            "Tết. Quả khoảng 1,2 kg."
        ),
    ),
    ProductData(
        upc="OCOP-LC-004",
        slug="man-tam-hoa-say-deo",
        title="Mận tam hoa sấy dẻo",
        seller_code="htx-quang-tom",
        group=OcopGroup.FOOD,
        stars=3,
        decision_number=_BATCH_2025_09[0],
        decision_date=_BATCH_2025_09[1],
        origin_commune="Bắc Hà",
        standards="",
        price=120000,
        num_in_stock=90,
        description=(
            "Mận tam hoa Bắc Hà chín cây, sấy dẻo ở nhiệt độ thấp, không phẩm màu. Vị "
            "chua ngọt, dai mềm. Túi 500 g."
        ),
    ),
    ProductData(
        upc="OCOP-LC-005",
        slug="tinh-dau-que-nam-det",
        title="Tinh dầu quế Nậm Đét",
        seller_code="cty-tinh-dau-que-nam-det",
        group=OcopGroup.HERBS,
        stars=3,
        decision_number=_BATCH_2025_03[0],
        decision_date=_BATCH_2025_03[1],
        origin_commune="Nậm Đét",
        standards="Hữu cơ",
        price=150000,
        num_in_stock=60,
        description=(
            "Tinh dầu chưng cất từ lá và cành quế hữu cơ, dùng xông phòng, khử mùi và "
            "đuổi côn trùng. Chai 50 ml."
        ),
    ),
    ProductData(
        upc="OCOP-LC-006",
        slug="thit-lon-ban-khau-nhuc-ruoc-muong-khuong",
        title="Thịt lợn bản, khâu nhục, ruốc Mường Khương",
        seller_code="htx-son-hoa",
        group=OcopGroup.FOOD,
        stars=3,
        decision_number=_BATCH_2026_04[0],
        decision_date=_BATCH_2026_04[1],
        origin_commune="Mường Khương",
        standards="VietGAHP",
        price=280000,
        num_in_stock=40,
        description=(
            "Bộ ba món từ lợn bản nuôi thả: thịt sấy gác bếp, khâu nhục hấp và ruốc "
            "bông, đóng hộp hút chân không."
        ),
    ),
    ProductData(
        upc="OCOP-LC-007",
        slug="le-nam-pung",
        title="Lê Nậm Pung",
        seller_code="htx-nong-lam-nam-pung",
        group=OcopGroup.FOOD,
        stars=3,
        decision_number=_BATCH_2025_09[0],
        decision_date=_BATCH_2025_09[1],
        origin_commune="Nậm Pung",
        standards="VietGAP",
        price=60000,
        num_in_stock=100,
        description=(
            "Lê vùng cao giòn, nhiều nước, vị ngọt mát, thu hoạch vào tháng 7 và tháng "
            "8. Giá cho 1 kg."
        ),
    ),
    ProductData(
        upc="OCOP-LC-008",
        slug="trung-vit-sin-cheng",
        title="Trứng vịt Sín Chéng",
        seller_code="tht-vit-sin-cheng",
        group=OcopGroup.FOOD,
        stars=3,
        decision_number=_BATCH_2025_03[0],
        decision_date=_BATCH_2025_03[1],
        origin_commune="Sín Chéng",
        standards="VietGAHP",
        price=45000,
        num_in_stock=200,
        description=(
            "Trứng của giống vịt bản thả suối, lòng đỏ đậm màu, thơm béo. Hộp 10 quả."
        ),
    ),
    ProductData(
        upc="OCOP-LC-009",
        slug="com-na-lo",
        title="Cốm Na Lo",
        seller_code="ho-kd-com-na-lo",
        group=OcopGroup.FOOD,
        stars=3,
        decision_number=_BATCH_2026_04[0],
        decision_date=_BATCH_2026_04[1],
        origin_commune="Mường Khương",
        standards="",
        price=90000,
        num_in_stock=50,
        description=(
            "Cốm làm từ lúa nếp non, rang và giã bằng tay, hạt dẹt xanh, dẻo thơm mùi "
            "lúa mới. Túi 500 g."
        ),
    ),
    ProductData(
        upc="OCOP-LC-010",
        slug="tra-sen-tra-nhai-phong-hai",
        title="Trà sen, trà nhài Phong Hải",
        seller_code="htx-tra-phong-hai",
        group=OcopGroup.FOOD,
        stars=3,
        decision_number=_BATCH_2025_09[0],
        decision_date=_BATCH_2025_09[1],
        origin_commune="Phong Hải",
        standards="",
        price=85000,
        num_in_stock=70,
        description=(
            "Trà xanh ướp hoa sen và hoa nhài tươi nhiều lần theo cách thủ công, hương "
            "thơm lâu. Hộp 100 g."
        ),
    ),
    ProductData(
        upc="OCOP-LC-011",
        slug="cai-kale-bac-ha",
        title="Cải kale Bắc Hà",
        seller_code="htx-rau-an-toan-bac-ha",
        group=OcopGroup.FOOD,
        stars=3,
        decision_number=_BATCH_2025_03[0],
        decision_date=_BATCH_2025_03[1],
        origin_commune="Bắc Hà",
        standards="VietGAP",
        price=35000,
        num_in_stock=30,
        description=(
            "Cải kale xanh trồng trên cao nguyên Bắc Hà, lá dày giòn, hợp làm salad và "
            "nước ép. Túi 500 g, giao trong ngày thu hái."
        ),
    ),
    ProductData(
        upc="OCOP-LC-012",
        slug="bo-khan-trai-ban-tho-cam",
        title="Bộ khăn trải bàn thổ cẩm",
        seller_code="htx-tho-cam-sa-pa",
        group=OcopGroup.HANDICRAFTS,
        stars=3,
        decision_number=_BATCH_2026_04[0],
        decision_date=_BATCH_2026_04[1],
        origin_commune="Sa Pa",
        standards="",
        price=650000,
        num_in_stock=20,
        description=(
            "Một khăn trải bàn và sáu khăn lót ly dệt tay, nhuộm chàm, thêu hoa văn "
            "truyền thống của người Mông."
        ),
    ),
]


@dataclass(frozen=True)
class UserData:
    email: str
    password: str  # only set when the user is first created
    # "operator", "seller", "buyer", or for Chợ 4.0 "manager" (of the demo market)
    # and "vendor" (staff of a market-vendor seller)
    role: str
    seller_code: str = ""


#: Well-known passwords, so anyone trying the demo can log in. The command refuses to
#: run with DEBUG off unless forced, so they do not end up on a live site by accident.
USERS = [
    UserData("admin@example.com", "demo-admin", "operator"),
    UserData("seller@example.com", "demo-seller", "seller", "htx-che-ban-lien"),
    UserData("seller2@example.com", "demo-seller2", "seller", "htx-quang-tom"),
    UserData("buyer@example.com", "demo-buyer", "buyer"),
    # Chợ 4.0: the manager of the demo market and one login per stall's vendor.
    UserData("manager@example.com", "demo-manager", "manager"),
    UserData("vendor1@example.com", "demo-vendor1", "vendor", "quay-rau-cho-ben-do"),
    UserData("vendor2@example.com", "demo-vendor2", "vendor", "quay-thit-cho-ben-do"),
    UserData("vendor3@example.com", "demo-vendor3", "vendor", "quay-ca-cho-ben-do"),
    UserData(
        "vendor4@example.com", "demo-vendor4", "seller", "quay-hoa-qua-cho-ben-do"
    ),
    UserData("vendor5@example.com", "demo-vendor5", "vendor", "quay-do-kho-cho-ben-do"),
    UserData("vendor6@example.com", "demo-vendor6", "vendor", "quay-che-cho-ben-do"),
    UserData(
        "vendor7@example.com", "demo-vendor7", "seller", "quay-tho-cam-cho-ben-do"
    ),
    UserData(
        "vendor8@example.com", "demo-vendor8", "seller", "quay-xoi-banh-cho-ben-do"
    ),
]

HOME_PAGE_TITLE = "Chợ OCOP Lào Cai"
HOME_PAGE_SLUG = "cho-ocop-lao-cai"
HOME_PAGE_INTRO = (
    "<p>Sản phẩm OCOP của các hợp tác xã, hộ kinh doanh và doanh nghiệp ở các xã, "
    "phường của Lào Cai: chè Shan tuyết, mận tam hoa, gạo Séng Cù, thổ cẩm và nhiều "
    "đặc sản khác. Thanh toán bằng mã QR ngân hàng, thẻ hoặc khi nhận hàng.</p>"
    f"<p><i>{DEMO_NOTICE}</i></p>"
)


@dataclass(frozen=True)
class StallData:
    number: str
    zone: str
    goods: str
    vendor_code: str  # a market_vendor in SELLERS


@dataclass(frozen=True)
class MarketData:
    name: str
    commune: str
    manager_email: str
    stalls: list


#: The Chợ 4.0 demo market: Bến Đò market in Âu Lâu ward is one of Lào Cai's
#: cashless markets (reference/ocop.md); its stalls and vendors are made up.
MARKET = MarketData(
    name="Chợ Bến Đò",
    commune="Âu Lâu",
    manager_email="manager@example.com",
    stalls=[
        StallData("1", "Dãy A", "Rau củ", "quay-rau-cho-ben-do"),
        StallData("2", "Dãy A", "Thịt lợn, thịt bò", "quay-thit-cho-ben-do"),
        StallData("3", "Dãy B", "Cá", "quay-ca-cho-ben-do"),
        StallData("4", "Dãy B", "Hoa quả", "quay-hoa-qua-cho-ben-do"),
        StallData("5", "Dãy C", "Đồ khô", "quay-do-kho-cho-ben-do"),
        StallData("6", "Dãy C", "Chè", "quay-che-cho-ben-do"),
        StallData("7", "Dãy D", "Thổ cẩm", "quay-tho-cam-cho-ben-do"),
        StallData("8", "Dãy D", "Xôi, bánh", "quay-xoi-banh-cho-ben-do"),
    ],
)
