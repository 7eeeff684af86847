package db

import (
	"context"
	"fmt"
	"strings"
)

// NamesByID runs query, a SELECT of (id, name) whose WHERE clause holds one
// "IN (%s)", for ids in chunks of 500 (well under both dialects' limits on
// bound parameters), and returns the names found by id. It is the one way
// the platform packages answer "the names of these ids": one query per
// chunk, never one per row. An id that does not exist is left out.
func NamesByID(ctx context.Context, q Querier, query string, ids []int64) (map[int64]string, error) {
	out := make(map[int64]string, len(ids))
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
			return nil, err
		}
		for rows.Next() {
			var id int64
			var name string
			if err := rows.Scan(&id, &name); err != nil {
				return nil, closeRows(rows, err)
			}
			out[id] = name
		}
		if err := closeRows(rows, rows.Err()); err != nil {
			return nil, err
		}
		uniq = uniq[n:]
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
