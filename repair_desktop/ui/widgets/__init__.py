"""What several screens share: the paged table model, tables, badges, forms, errors, background work, job events."""
