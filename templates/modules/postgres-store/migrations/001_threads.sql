-- One row per thread. The events are the thread (factor 5); the other columns
-- are what the store needs to check versions and list threads without reading them.
CREATE TABLE threads (
  id             text        PRIMARY KEY,
  -- Bumped on every write; a write that names an older version is rejected.
  version        integer     NOT NULL CHECK (version > 0),
  -- The shape of `events`; code refuses rows with a version it does not know.
  schema_version integer     NOT NULL,
  created_at     timestamptz NOT NULL,
  updated_at     timestamptz NOT NULL DEFAULT now(),
  -- Read off the last event by statusOf() on every write, kept here only for listing.
  status         text        NOT NULL,
  -- `json`, not `jsonb`, so a thread reads back exactly as it was written.
  events         json        NOT NULL
);

CREATE INDEX threads_status_created_at ON threads (status, created_at, id);
CREATE INDEX threads_created_at ON threads (created_at, id);
