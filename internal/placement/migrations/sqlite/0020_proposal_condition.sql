-- A proposal made under a condition (a place that fits once meerzorg, a
-- C.O.T.'s support or an adaptation of the place is arranged): the kinds
-- of help, comma-separated, and the condition in words, both recorded
-- with the proposal and shown to the provider who answers it.
ALTER TABLE placement_proposals ADD COLUMN condition_kinds TEXT NOT NULL DEFAULT '';
ALTER TABLE placement_proposals ADD COLUMN condition_text TEXT NOT NULL DEFAULT '';
