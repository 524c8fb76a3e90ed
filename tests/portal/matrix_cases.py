from tests.matrix import LOGIN, Case

CASES = [
    Case("portal:home"),
    Case("portal:catalogue"),
    Case("portal:product", kwargs=lambda w: {"code": w.recognised_product.public_code}),
    Case(
        "portal:product",
        id="portal:product(draft is not public)",
        kwargs=lambda w: {"code": w.product.public_code},
        default=404,
    ),
    Case("portal:dashboard", expect={"anonymous": LOGIN}),
]
