-- Issue 15. An entry the system writes into a family's action log (a
-- referral to the care office) keeps a code and its reference, so each
-- reader sees it in their own language and the family in plain words.
-- subject and outcome keep the Dutch text for exports and the API.
ALTER TABLE support_actions ADD COLUMN event TEXT NOT NULL DEFAULT '';
ALTER TABLE support_actions ADD COLUMN event_ref TEXT NOT NULL DEFAULT '';
-- Entries written before this change carry the same two Dutch texts the
-- code wrote; give them their code so they read in English too.
UPDATE support_actions SET event = 'aangemeld',
    event_ref = substr(subject, length('Aangemeld bij het zorgkantoor voor een plek (') + 1, length(subject) - length('Aangemeld bij het zorgkantoor voor een plek (') - 1)
  WHERE subject LIKE 'Aangemeld bij het zorgkantoor voor een plek (%)' AND outcome = 'Het zorgkantoor brengt de cliënt in beeld.';
UPDATE support_actions SET event = 'aangemeld-liep-al',
    event_ref = substr(subject, length('Plek gevraagd bij het zorgkantoor; de zoektocht liep al (') + 1, length(subject) - length('Plek gevraagd bij het zorgkantoor; de zoektocht liep al (') - 1)
  WHERE subject LIKE 'Plek gevraagd bij het zorgkantoor; de zoektocht liep al (%)' AND outcome = 'Het zorgkantoor brengt de cliënt in beeld.';
