"""A form sent with an expired or missing security token answers the styled, translated 403."""

from django.test import Client
from django.urls import reverse


def test_an_expired_form_answers_the_translated_page_saying_to_reload(db):
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="vi")
    url = reverse("accounts:login")
    response = client.post(url, {"username": "x", "password": "y"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "Biểu mẫu đã hết hạn" in page
    assert "Tải lại trang" in page and f'href="{url}"' in page
    assert "CSRF verification failed" not in page


def test_the_page_speaks_english_to_an_english_reader(db):
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    response = client.post(reverse("accounts:login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "Reload the page and try again" in response.content.decode()
