"""Running the shop: the Staff, Shop settings and Customer directory dialogs, and a new shop's first steps."""
