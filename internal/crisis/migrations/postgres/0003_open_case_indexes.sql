-- Issue 18: the crisis director's queue reads the open crises of a region
-- (by its own region or escalated to it) and the crises a user reported.
-- Without these indexes both read every crisis ever recorded (2,009 in the
-- national demo, 9 of them open) on each view of /crisis. The partial
-- indexes hold only open crises, so the queue's cost follows the open
-- crises, not the years of closed ones.
CREATE INDEX crisis_cases_open_region ON crisis_cases (region_code) WHERE status NOT IN ('afgesloten', 'overgedragen');
CREATE INDEX crisis_cases_open_escalated ON crisis_cases (escalated_to) WHERE status NOT IN ('afgesloten', 'overgedragen');
CREATE INDEX crisis_cases_reporter ON crisis_cases (reporter_id, reported_at);
