from django.urls import reverse


def test_admin_finds_units_without_diacritics_or_with_a_prefix(admin_client, tiny_tree):
    url = reverse("admin:geo_adminunit_changelist")

    html = admin_client.get(url, {"q": "tp hoa binh"}).content.decode()

    assert "Thành phố Hòa Bình" in html
    assert "Phường Gia Cẩm" not in html


def test_admin_unit_page_shows_successions(admin_client, tiny_tree):
    from ocop.geo.models import AdminUnit

    unit = AdminUnit.objects.get(key="old:c:05117")
    response = admin_client.get(reverse("admin:geo_adminunit_change", args=[unit.pk]))

    assert response.status_code == 200
    assert "/old/17/157/05117/" in response.content.decode()


def test_admin_lists_loaded_snapshots(admin_client, tiny_tree):
    response = admin_client.get(reverse("admin:geo_unitsnapshot_changelist"))

    assert "tiny-test-tree" in response.content.decode()
