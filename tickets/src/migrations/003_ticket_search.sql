-- Up Migration

-- Search: every word of `q` must be a word of the title or the venue, in any case, with or
-- without accents ("beyonce" finds "Beyoncé"). Full-text search rather than trigrams: a word
-- of one or two letters ("U2", "AC/DC") gives pg_trgm nothing to look up, and its estimates
-- for '%word%' led the planner to scans of the whole listing (hundreds of ms at a million
-- tickets); tsvector statistics are per word and the plans stay in single milliseconds.
-- No stemming and no stop words (the simple configuration): names of artists and venues are
-- not English prose.
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE TEXT SEARCH CONFIGURATION ticket_search (COPY = simple);
ALTER TEXT SEARCH CONFIGURATION ticket_search
  ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;

ALTER TABLE tickets ADD COLUMN search tsvector
  GENERATED ALWAYS AS (to_tsvector('ticket_search', title || ' ' || venue)) STORED;

-- A GIN index cannot give the newest-first order, so a search page is one of two plans, the
-- planner choosing by the word's statistics: walk tickets_available_newest keeping the matches
-- (cheap when the words are common: few rows per match), or collect the matches from this
-- index and sort them (cheap when they are rare). The category is in it too (btree_gin), so
-- a search within a category collects only the matches in that category. fastupdate off: a
-- listing's few words go into the index as it commits, instead of into a pending list that
-- every search would read through (up to 4 MB) until a vacuum merged it.
CREATE EXTENSION IF NOT EXISTS btree_gin;
CREATE INDEX tickets_available_search ON tickets USING gin (category, search)
  WITH (fastupdate = off) WHERE status = 'available';

-- One category, newest first: a range scan however deep the page, as for the whole listing.
CREATE INDEX tickets_available_category ON tickets (category, created_at DESC, id DESC)
  WHERE status = 'available';

-- A seller's own tickets in every status ("my listings"), newest first.
CREATE INDEX tickets_seller_newest ON tickets (user_id, created_at DESC, id DESC);

-- Down Migration
DROP INDEX tickets_seller_newest;
DROP INDEX tickets_available_category;
DROP INDEX tickets_available_search;
ALTER TABLE tickets DROP COLUMN search;
DROP TEXT SEARCH CONFIGURATION ticket_search;
