-- The deadline whose passing the care office was told about, so the
-- background job tells it once per deadline (on every instance alike)
-- instead of asking the notifications store every minute.
ALTER TABLE placement_cases ADD COLUMN deadline_notified TIMESTAMPTZ;
