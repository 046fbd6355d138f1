"""The command-line tests start from the same small shop as the widget tests."""

from support.shop_fixtures import shop, shop_template  # noqa: F401  (fixtures found by name)
