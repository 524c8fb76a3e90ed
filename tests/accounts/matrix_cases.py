from tests.matrix import LOGIN, Case, everyone

CASES = [
    Case("accounts:login", expect={**everyone(302), "anonymous": 200}),
    Case("accounts:logout", method="post", default=302),
    Case("accounts:me", expect={"anonymous": LOGIN}),
]

CASES += [
    Case(
        "accounts:lockouts",
        expect={"anonymous": LOGIN, "admin": 200, "central": 200, "province": 200},
        default=403,
    ),
    Case(
        "accounts:lockout_clear",
        method="post",
        data=lambda w: {"username": "no-such-account"},
        # only the whole country's scope clears a name that matches no account
        expect={"anonymous": LOGIN, "admin": 302, "central": 302},
        default=403,
    ),
    Case("accounts:second_factor", expect={"anonymous": LOGIN}),
]
