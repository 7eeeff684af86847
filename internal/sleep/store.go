package sleep

import "github.com/volwaardig/volwaardig/internal/db"

// store holds all of the module's SQL, behind one type (DESIGN §6), in the
// files named store*.go: the service decides, the store reads and writes
// the module's own tables. A method that writes takes the db.Querier (or
// transaction) it runs on, so it runs in the caller's transaction.
type store struct{ db *db.DB }

// anon reports whether statements built with many parameters use
// anonymous "?" placeholders (see upsertRows).
func (st store) anon() bool { return st.db.AnonymousPlaceholders() }
