// Package audit is the NEN 7513 audit log: every read and write of personal
// data is recorded with who, when, what, on whose behalf, for which client,
// for what purpose and with what outcome, and the log is tamper-evident.
//
// Tamper evidence. Each process start opens a chain of its own (chain id =
// instance id, start time and a random suffix), so several instances on one
// PostgreSQL never contend on one "last hash". Every entry carries its chain
// id, a sequence number starting at 1, the SHA-256 hash of the previous entry
// of its chain and its own hash over a canonical encoding of all its fields.
// Periodic checkpoints (every N entries and/or T seconds, on request and at
// Close; plus a genesis checkpoint at sequence 0 when a chain starts) carry
// chain id, sequence, entry count and last hash, signed with an Ed25519 key
// from configuration; they are stored in the database and also appended to a
// checkpoint file and written to the process log, outside the database. Verify
// (the "volwaardig audit verify" command) recomputes every chain and compares
// it with the signed checkpoints, so a changed, removed, reordered or
// truncated entry is found.
//
// List entries. A page that shows several people (a register, a caseload)
// is recorded by RecordMany as one chained entry per kind of access, with
// every person shown as a subject (client and object, in page order) in
// audit_subjects; the entry's hash covers its subjects and subject_count.
// Each person still finds the access on their "wie heeft mijn gegevens
// bekeken" page, and the view audit_accesses lists every access per
// person for reviews in SQL. A wide chained entry per person shown was a
// third of a register page's work (issue 18).
//
// Durability. Record blocks until its entry is committed (group commit: one
// background writer owns the chain head and writes whatever entries queued
// up while the previous batch was being committed, in one transaction; it
// yields once before taking a batch so that concurrent recorders join it;
// only the writer computes hashes and assigns sequence numbers, so no lock
// is held across a database write), so
// an entry that Record acknowledged survives a crash and no acknowledged
// entry can leave a gap in its chain. RecordTx writes the entry into the
// caller's transaction, in a staging table, so that a write of personal data
// and its audit entry commit or roll back together; the background writer
// moves committed staged entries into a chain shortly after (within
// Config.PendingInterval). Entries written after the last checkpoint, and
// staged entries not yet chained, are protected by the database's access
// control only until the next checkpoint; a crash loses no acknowledged
// entry but may leave the newest checkpoint in the database without its copy
// in the file, which Verify reports as a warning.
//
// Configuration (ConfigFromEnv): VOLWAARDIG_AUDIT_KEY, base64 of the
// 32-byte Ed25519 seed that signs checkpoints (a demo run without one
// generates one next to the database); VOLWAARDIG_AUDIT_CHECKPOINTS, the
// checkpoint file (default next to the SQLite file; with several instances
// each keeps its own and verify reads them all); VOLWAARDIG_INSTANCE, the
// instance name in chain ids (default the host name);
// VOLWAARDIG_AUDIT_CHECKPOINT_EVERY and VOLWAARDIG_AUDIT_CHECKPOINT_INTERVAL,
// the schedule (default 1000 entries, 30 s). Give auditors the public key
// (FormatPublicKey, logged at start-up of a demo run) rather than the seed.
//
// Never record the data itself: no names of clients, no BSN, no health
// content. Object and purpose are codes; client and objects are referred to
// by id. The source address of the user is recorded, which NEN 7513 allows.
package audit
