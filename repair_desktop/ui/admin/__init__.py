"""Running the shop: Staff, Shop settings, the Customer directory, callback deadline targets, and a new shop's first steps."""
