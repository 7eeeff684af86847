-- Issue 11: the admission clock runs until the person is admitted (or the
-- crisis ends otherwise), an acute crisis has its own shorter norm per
-- region, the C.O.T. acknowledges an assignment, the bed's provider confirms
-- the admission, and a crisis bed carries the phone number to call about it.
-- acute_norm_hours defaults to 24: this product's assumption (the care
-- offices publish only the 48-hour norm), changeable per region.
ALTER TABLE crisis_regions ADD COLUMN acute_norm_hours INTEGER NOT NULL DEFAULT 24;
ALTER TABLE crisis_cases ADD COLUMN admitted_at TIMESTAMP;
ALTER TABLE crisis_cases ADD COLUMN admitted_by INTEGER REFERENCES users(id);
ALTER TABLE crisis_cases ADD COLUMN acknowledged_at TIMESTAMP;
ALTER TABLE crisis_cases ADD COLUMN acknowledged_by INTEGER REFERENCES users(id);
ALTER TABLE crisis_beds ADD COLUMN phone TEXT NOT NULL DEFAULT '';
CREATE INDEX crisis_cases_bed ON crisis_cases(bed_id, status);
