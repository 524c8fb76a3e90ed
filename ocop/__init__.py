"""ocop: a platform for Vietnam's One Commune One Product programme (Chương trình mỗi xã một sản phẩm)."""

__version__ = "0.1.0"
