"""Permission-matrix cases for the programme's hub (/chuong-trinh/): officials only."""

from tests.matrix import LOGIN, Case

CASES = [
    Case("programme:home", expect={"anonymous": LOGIN, "council": 403, "producer": 403}),
]
