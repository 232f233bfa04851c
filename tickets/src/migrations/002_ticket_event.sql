-- Up Migration

-- The event a ticket is for. Defaults keep every existing ticket (and every `{title, price}`
-- listing) valid: category "other", no venue, no date.
ALTER TABLE tickets
  ADD COLUMN category  text NOT NULL DEFAULT 'other'
    CHECK (category IN ('concerts', 'sports', 'theatre', 'comedy', 'festivals', 'other')),
  ADD COLUMN venue     text NOT NULL DEFAULT '' CHECK (char_length(venue) <= 200),
  ADD COLUMN starts_at timestamptz;

-- Stripe charges at most 999,999.99 dollars at once, so a dearer ticket could never be paid for.
-- The new check validates the rows already there: a ticket above it fails the migration loudly
-- rather than being repriced behind its seller's (and orders') back.
ALTER TABLE tickets
  DROP CONSTRAINT tickets_price_cents_check,
  ADD CONSTRAINT tickets_price_cents_check CHECK (price_cents BETWEEN 50 AND 99999999);

-- Down Migration
ALTER TABLE tickets
  DROP CONSTRAINT tickets_price_cents_check,
  ADD CONSTRAINT tickets_price_cents_check CHECK (price_cents BETWEEN 50 AND 100000000);
ALTER TABLE tickets DROP COLUMN starts_at, DROP COLUMN venue, DROP COLUMN category;
