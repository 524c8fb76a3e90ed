from tests.matrix import LOGIN, Case, everyone

CASES = [
    Case("accounts:login", expect={**everyone(302), "anonymous": 200}),
    Case("accounts:logout", method="post", default=302),
    Case("accounts:me", expect={"anonymous": LOGIN}),
]
