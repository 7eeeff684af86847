-- The dashboard reads, per figure, the latest snapshot of one region in a
-- period; without this index it read every snapshot of the period (a
-- day's figures for every region, every day).
CREATE INDEX monitor_snapshots_region_key ON monitor_snapshots (region, figure_key, taken_on);
