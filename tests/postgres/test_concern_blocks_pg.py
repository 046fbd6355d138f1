"""A search sorted by concern read block by block on PostgreSQL: the same cases as on SQLite
(``tests/store/test_concern_blocks.py``), on a database of their own on the test run's server."""

import pytest

from store.test_concern_blocks import (blocks_shop_at, test_a_cursor_from_a_block_no_longer_there_reads_as_any_search,
                                       test_a_search_by_concern_reads_its_blocks_only_when_they_are_the_whole_answer,
                                       test_hostile_searches_by_concern_match_literally,
                                       test_more_concerns_than_blocks_are_read_as_any_search, walked)

__all__ = ["walked", "test_a_search_by_concern_reads_its_blocks_only_when_they_are_the_whole_answer",
           "test_hostile_searches_by_concern_match_literally", "test_more_concerns_than_blocks_are_read_as_any_search",
           "test_a_cursor_from_a_block_no_longer_there_reads_as_any_search"]


@pytest.fixture(scope="module")
def blocks_shop(pg_server):
    with pg_server.database() as url, blocks_shop_at(url) as listing:
        yield listing
