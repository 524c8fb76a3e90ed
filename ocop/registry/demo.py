"""The demo data set. Filled in by the registry work; see docs/demo.md."""


def load_demo() -> str:
    return "demo data: nothing to load yet"
