"""The callback detail panel's one statement on PostgreSQL (its UNION's NULL columns need types there)."""

from repair_desktop.store import Store
from support.panel_checks import check_panel_matches_separate_reads


def test_the_panel_is_what_the_separate_reads_give(pg_url):
    store = Store.open(pg_url)
    try:
        check_panel_matches_separate_reads(store)
    finally:
        store.close()
