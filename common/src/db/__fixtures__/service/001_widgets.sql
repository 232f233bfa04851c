-- Up Migration
CREATE TABLE widgets (id serial PRIMARY KEY, name text NOT NULL);

-- Down Migration
DROP TABLE widgets;
