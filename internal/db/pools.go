package db

import "database/sql"

// Pools names the connection pools behind the database, for metrics of
// open, in-use and waiting connections: "write" and "read" on SQLite (one
// writer connection, a pool of readers), "main" on PostgreSQL.
func (d *DB) Pools() map[string]*sql.DB {
	if d.read == d.write {
		return map[string]*sql.DB{"main": d.write}
	}
	return map[string]*sql.DB{"write": d.write, "read": d.read}
}
