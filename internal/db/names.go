package db

import (
	"context"
	"fmt"
	"strings"
)

// QueryByIDs runs query, a SELECT whose WHERE clause holds one "IN (%s)",
// for the distinct non-zero ids in chunks of 500 (well under both
// dialects' limits on bound parameters), and calls scan for every row.
// It is the one way the platform packages answer "these records by id":
// one query per chunk, never one per row.
func QueryByIDs(ctx context.Context, q Querier, query string, ids []int64, scan func(Scanner) error) error {
	seen := make(map[int64]bool, len(ids))
	uniq := make([]int64, 0, len(ids))
	for _, id := range ids {
		if id != 0 && !seen[id] {
			seen[id] = true
			uniq = append(uniq, id)
		}
	}
	for len(uniq) > 0 {
		n := min(len(uniq), 500)
		args := make([]any, n)
		marks := make([]string, n)
		for i, id := range uniq[:n] {
			args[i] = id
			marks[i] = fmt.Sprintf("$%d", i+1)
		}
		rows, err := q.QueryContext(ctx, fmt.Sprintf(query, strings.Join(marks, ", ")), args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			if err := scan(rows); err != nil {
				return closeRows(rows, err)
			}
		}
		if err := closeRows(rows, rows.Err()); err != nil {
			return err
		}
		uniq = uniq[n:]
	}
	return nil
}

// Scanner is a row being read (sql.Row, sql.Rows).
type Scanner interface{ Scan(dest ...any) error }

// NamesByID runs query, a SELECT of (id, name) with one "IN (%s)", through
// QueryByIDs and returns the names found by id; an id that does not exist
// is left out.
func NamesByID(ctx context.Context, q Querier, query string, ids []int64) (map[int64]string, error) {
	out := make(map[int64]string, len(ids))
	err := QueryByIDs(ctx, q, query, ids, func(r Scanner) error {
		var id int64
		var name string
		if err := r.Scan(&id, &name); err != nil {
			return err
		}
		out[id] = name
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// closeRows closes rows and returns err, or the close's error when err is nil.
func closeRows(rows interface{ Close() error }, err error) error {
	if cerr := rows.Close(); err == nil {
		err = cerr
	}
	return err
}
