-- Issue 18: the number of a client's stored minutes, shown on the client's
-- own data page (right of access), kept up to date by every write of
-- minutes instead of counted over the client's whole history on each view.
CREATE TABLE sleep_minute_counts (
  client_id BIGINT NOT NULL PRIMARY KEY REFERENCES clients(id),
  minutes BIGINT NOT NULL
);
INSERT INTO sleep_minute_counts (client_id, minutes)
  SELECT client_id, COUNT(*) FROM sleep_epochs GROUP BY client_id;
