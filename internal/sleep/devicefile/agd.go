package devicefile

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"modernc.org/sqlite" // registers the "sqlite" driver: .agd files are SQLite databases
	sqlite3 "modernc.org/sqlite/lib"
)

// agdUnixOffsetSeconds is the distance to the .NET epoch of ActiGraph timestamps: ticks of 100 ns since
// 0001-01-01 00:00, recording clock time with no zone.
const agdUnixOffsetSeconds = 62135596800

// agdMaxTicks is 9999-12-31T23:59:59, the largest .NET DateTime.
const agdMaxTicks = 3155378975999999999

// AGDTime converts .NET ticks as ActiGraph stores them to the recording's
// clock time, labelled UTC because the file carries no zone.
func AGDTime(ticks int64) (time.Time, error) {
	if ticks < 0 || ticks > agdMaxTicks {
		return time.Time{}, fmt.Errorf("timestamp %d is outside the .NET date range", ticks)
	}
	sec := ticks/10_000_000 - agdUnixOffsetSeconds
	nsec := (ticks % 10_000_000) * 100
	return time.Unix(sec, nsec).UTC(), nil
}

// AGDTicks is the inverse of AGDTime, for writing test files.
func AGDTicks(t time.Time) int64 {
	return (t.Unix()+agdUnixOffsetSeconds)*10_000_000 + int64(t.Nanosecond()/100)
}

// ReadAGD reads an ActiGraph .agd file (a SQLite database with tables
// settings and data) read-only, so an uploaded file is never modified and
// no journal is written next to it. Rows with a missing or out-of-range
// timestamp, NULL counts, a duplicate or a backward time are skipped and
// listed in the Report by their rowid; a file without a data table or
// without axis1, or with no usable row, is an error.
//
// An .agd is the uploader's own SQLite file, so it is opened as hostile
// (issue 9: a data "table" that was a view with an endless recursive query
// held a core for minutes): defensive mode, trusted_schema off,
// cell_size_check on, query_only, a 1 MB bound on any value; a file whose
// schema holds anything but plain tables and indexes (a view, a trigger,
// a virtual table, a generated column or a computed default) is refused
// before any of its rows is read; and the read ends at agdMaxReadTime.
func ReadAGD(path string) (*Epochs, error) {
	return ReadAGDContext(context.Background(), path)
}

// agdMaxReadTime bounds reading one .agd: a 100 MB file reads in seconds.
const agdMaxReadTime = 2 * time.Minute

// agdMaxColumns bounds the data table's columns: ActiGraph writes about a
// dozen (axes, steps, lux, inclinometer).
const agdMaxColumns = 64

// ReadAGDContext is ReadAGD that stops, interrupting SQLite, when ctx ends
// (a client that disconnects, a server that shuts down) or after
// agdMaxReadTime.
func ReadAGDContext(ctx context.Context, path string) (*Epochs, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", path)
	}
	if st.Size() > agdMaxUpload {
		return nil, fmt.Errorf("%s: an .agd file over %d bytes is refused", filepath.Base(path), int64(agdMaxUpload))
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, agdMaxReadTime)
	defer cancel()
	e, err := readAGDFile(ctx, abs, st.Size())
	if err != nil {
		if ctx.Err() != nil {
			err = fmt.Errorf("reading stopped: %w", ctx.Err())
		}
		return nil, fmt.Errorf("%s: %w", filepath.Base(path), err)
	}
	return e, nil
}

// readAGDFile opens the file at abs hardened (see ReadAGD), checks its
// schema and reads it on one connection.
func readAGDFile(ctx context.Context, abs string, size int64) (*Epochs, error) {
	q := "?mode=ro&immutable=1&_defensive=1&_pragma=trusted_schema(0)&_pragma=cell_size_check(1)&_pragma=query_only(1)"
	db, err := sql.Open("sqlite", "file:"+agdEscapePath(filepath.ToSlash(abs))+q)
	if err != nil {
		return nil, err
	}
	defer func() { _ = db.Close() }() // read only (mode=ro): a close error loses nothing
	db.SetMaxOpenConns(1)
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("not an .agd file: %w", err)
	}
	defer func() { _ = conn.Close() }() // read only, as db above
	// Strings and blobs of at most 1 MB (a setting is a few bytes), SQL of
	// at most 64 KB; ActiGraph's values fit easily.
	for _, l := range []struct{ id, v int }{{sqlite3.SQLITE_LIMIT_LENGTH, 1 << 20}, {sqlite3.SQLITE_LIMIT_SQL_LENGTH, 64 << 10}, {sqlite3.SQLITE_LIMIT_COLUMN, 2 * agdMaxColumns}, {sqlite3.SQLITE_LIMIT_ATTACHED, 0}} {
		if _, err := sqlite.Limit(conn, l.id, l.v); err != nil {
			return nil, err
		}
	}
	if err := agdCheckSchema(ctx, conn, size); err != nil {
		return nil, err
	}
	return readAGD(ctx, conn)
}

// agdCheckSchema refuses a file whose schema could make reading it run
// the uploader's code: only plain tables and their indexes are allowed,
// settings and data must be tables, data's columns may not be generated
// nor have a default other than a literal (a default is computed when a
// row is read), and the pages the file claims must fit in its size.
func agdCheckSchema(ctx context.Context, conn *sql.Conn, size int64) error {
	var pageSize, pageCount int64
	if err := conn.QueryRowContext(ctx, `PRAGMA page_size`).Scan(&pageSize); err != nil {
		return fmt.Errorf("not an .agd file: %w", err)
	}
	if err := conn.QueryRowContext(ctx, `PRAGMA page_count`).Scan(&pageCount); err != nil {
		return fmt.Errorf("not an .agd file: %w", err)
	}
	if pageSize <= 0 || pageCount*pageSize > size {
		return fmt.Errorf("not an .agd file: it claims %d pages of %d bytes in %d bytes", pageCount, pageSize, size)
	}
	rows, err := conn.QueryContext(ctx, `SELECT type, name, COALESCE(sql, '') FROM sqlite_master`)
	if err != nil {
		return fmt.Errorf("not an .agd file: %w", err)
	}
	defer rows.Close()
	tables := map[string]bool{}
	for rows.Next() {
		var typ, name, def string
		if err := rows.Scan(&typ, &name, &def); err != nil {
			return fmt.Errorf("not an .agd file: %w", err)
		}
		// SQLite builds its schema from the sql text (and refuses a type
		// that disagrees with it as malformed); the text is checked too.
		def = strings.ToUpper(strings.Join(strings.Fields(def), " "))
		switch {
		case typ == "table" && strings.HasPrefix(def, "CREATE VIRTUAL"):
			return fmt.Errorf("not an .agd file: it holds a virtual table (%q), which ActiGraph never writes; refused", name)
		case typ == "table" && strings.HasPrefix(def, "CREATE TABLE "):
			tables[strings.ToLower(name)] = true
		case typ == "index" && (def == "" || strings.HasPrefix(def, "CREATE INDEX ") || strings.HasPrefix(def, "CREATE UNIQUE INDEX ")):
		case typ == "table" || typ == "index":
			return fmt.Errorf("not an .agd file: its %s %q is defined as something else, which ActiGraph never writes; refused", typ, name)
		default:
			return fmt.Errorf("not an .agd file: it holds a %s (%q), which ActiGraph never writes; refused", typ, name)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("not an .agd file: %w", err)
	}
	rows.Close()
	// And as SQLite itself sees the schema: plain tables only.
	var odd string
	err = conn.QueryRowContext(ctx, `SELECT type || ' ' || name FROM pragma_table_list WHERE schema = 'main' AND type <> 'table' LIMIT 1`).Scan(&odd)
	if err == nil {
		return fmt.Errorf("not an .agd file: it holds a %s, which ActiGraph never writes; refused", odd)
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("not an .agd file: %w", err)
	}
	if !tables["settings"] || !tables["data"] {
		return errors.New("not an .agd file: it needs the tables settings and data")
	}
	for _, t := range []string{"settings", "data"} {
		cols, err := conn.QueryContext(ctx, `SELECT name, hidden, dflt_value FROM pragma_table_xinfo($1)`, t)
		if err != nil {
			return fmt.Errorf("not an .agd file: %w", err)
		}
		n := 0
		for cols.Next() {
			var name string
			var hidden int
			var dflt sql.NullString
			if err := cols.Scan(&name, &hidden, &dflt); err != nil {
				cols.Close()
				return fmt.Errorf("not an .agd file: %w", err)
			}
			n++
			if hidden != 0 || dflt.Valid && !agdLiteral(dflt.String) {
				cols.Close()
				return fmt.Errorf("not an .agd file: column %s.%s is computed, which ActiGraph never writes; refused", t, name)
			}
		}
		cols.Close()
		if err := cols.Err(); err != nil {
			return fmt.Errorf("not an .agd file: %w", err)
		}
		if n > agdMaxColumns {
			return fmt.Errorf("not an .agd file: table %s has %d columns, more than %d", t, n, agdMaxColumns)
		}
	}
	return nil
}

// agdLiteral reports whether a column default is a plain literal: a
// number, a quoted string, NULL or a blob literal.
func agdLiteral(s string) bool {
	s = strings.TrimSpace(s)
	for len(s) >= 2 && s[0] == '(' && s[len(s)-1] == ')' {
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	if strings.EqualFold(s, "NULL") {
		return true
	}
	if len(s) >= 2 && s[0] == '\'' && s[len(s)-1] == '\'' {
		return !strings.Contains(strings.ReplaceAll(s[1:len(s)-1], "''", ""), "'")
	}
	if len(s) >= 3 && (s[0] == 'x' || s[0] == 'X') && s[1] == '\'' && s[len(s)-1] == '\'' {
		return true
	}
	s = strings.TrimLeft(s, "+-")
	_, err := strconv.ParseFloat(s, 64)
	return err == nil
}

// agdMaxUpload bounds what ReadAGDFrom copies: a month of 1-second epochs
// with every column is a few hundred MB, so 2 GiB is generous.
const agdMaxUpload = 2 << 30

// ReadAGDFrom reads an .agd that arrives as a stream (an upload): SQLite
// needs a file, so the bytes go to a private temporary file in dir (the
// system's temporary directory when dir is ""), which is removed afterwards.
// Reading stops when ctx ends.
func ReadAGDFrom(ctx context.Context, r io.Reader, dir string) (_ *Epochs, err error) {
	f, err := os.CreateTemp(dir, "volwaardig-*.agd")
	if err != nil {
		return nil, err
	}
	name := f.Name()
	// A temporary copy of a client's recording must not stay behind
	// unnoticed: a failed removal is returned.
	defer func() { err = errors.Join(err, os.Remove(name)) }()
	n, err := io.Copy(f, io.LimitReader(r, agdMaxUpload+1))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}
	if n > agdMaxUpload {
		return nil, fmt.Errorf("an .agd file over %d bytes is refused", int64(agdMaxUpload))
	}
	e, err := ReadAGDContext(ctx, name)
	if err != nil {
		return nil, errors.New(strings.Replace(err.Error(), filepath.Base(name)+": ", "", 1))
	}
	return e, nil
}

// agdEscapePath escapes the characters a SQLite URI filename treats
// specially, so any file name opens the file it names.
func agdEscapePath(p string) string {
	r := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23")
	return r.Replace(p)
}

// agdQuerier is what readAGD reads through: the one hardened connection.
type agdQuerier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func readAGD(ctx context.Context, db agdQuerier) (*Epochs, error) {
	e := &Epochs{Settings: map[string]string{}}
	sink := &problemSink{report: &e.Report}
	defer sink.finish()

	if err := readAGDSettings(ctx, db, e.Settings); err != nil {
		return nil, err
	}
	cols, err := agdDataColumns(ctx, db)
	if err != nil {
		return nil, err
	}
	e.Columns = make([]string, len(cols))
	for i, c := range cols {
		e.Columns[i] = strings.ToLower(c)
	}
	e.Values = make([][]float64, len(cols))

	quoted := make([]string, len(cols))
	for i, c := range cols {
		quoted[i] = `"` + c + `"`
	}
	rows, err := db.QueryContext(ctx, `SELECT rowid, dataTimestamp, `+strings.Join(quoted, ", ")+` FROM data ORDER BY rowid`)
	if err != nil {
		return nil, fmt.Errorf("not a readable .agd file: %w", err)
	}
	defer rows.Close()
	var order timeOrder
	dest := make([]any, len(cols)+2)
	var rowid int64
	var ts sql.NullInt64
	vals := make([]sql.NullFloat64, len(cols))
	dest[0], dest[1] = &rowid, &ts
	for i := range vals {
		dest[i+2] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			sink.add("bad_row", agdRow(rowid).String(), "unreadable row: %v", err)
			e.Skipped++
			continue
		}
		where := agdRow(rowid)
		if !ts.Valid {
			sink.add("bad_time", where.String(), "no timestamp")
			e.Skipped++
			continue
		}
		t, err := AGDTime(ts.Int64)
		if err != nil {
			sink.add("bad_time", where.String(), "%v", err)
			e.Skipped++
			continue
		}
		bad := ""
		for i, v := range vals {
			if !v.Valid || !finite(v.Float64) {
				bad = e.Columns[i]
				break
			}
		}
		if bad != "" {
			sink.add("bad_value", where.String(), "no valid %s value", bad)
			e.Skipped++
			continue
		}
		field := ""
		for i, v := range vals {
			if isCountColumn(e.Columns[i]) {
				if bad = implausibleCount(e.Columns[i], v.Float64, 0); bad != "" {
					field = e.Columns[i]
					break
				}
			}
		}
		if bad != "" {
			sink.addField("implausible_count", where.String(), field, "%s", bad)
			e.Skipped++
			continue
		}
		if ok, code := order.accept(t); !ok {
			sink.add(code, where.String(), "time %s does not follow %s", t.Format(time.RFC3339Nano), order.last.Format(time.RFC3339Nano))
			e.Skipped++
			continue
		}
		if len(e.Times) >= maxEpochRows {
			return nil, errTooManyEpochs
		}
		e.Times = append(e.Times, t)
		for i, v := range vals {
			e.Values[i] = append(e.Values[i], v.Float64)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading data: %w", err)
	}
	if len(e.Times) == 0 {
		return nil, errors.New("no usable epochs in the data table")
	}

	e.EpochLength = order.minStep
	if s, ok := e.Settings["epochlength"]; ok {
		if n, err := strconv.Atoi(strings.TrimSpace(s)); err == nil && n > 0 && n <= 3600 {
			e.EpochLength = time.Duration(n) * time.Second
		} else {
			sink.add("bad_setting", "settings epochlength", "epoch length %q is not a number of seconds; using the step between rows", s)
		}
	} else {
		sink.add("bad_setting", "settings", "no epochlength setting; using the step between rows")
	}
	if e.EpochLength == 0 {
		e.EpochLength = time.Minute
		sink.add("bad_setting", "settings", "epoch length unknown; assuming 60 seconds")
	}
	e.dropImplausibleCounts(sink)
	if len(e.Times) == 0 {
		return nil, errors.New("no usable epochs in the data table: every count is more than a device can count")
	}
	return e, nil
}

// agdRow names a data row for a Problem by its rowid, formatted only when
// a problem is reported.
type agdRow int64

func (r agdRow) String() string { return "data rowid " + strconv.FormatInt(int64(r), 10) }

// agdMaxSettings bounds the settings table: ActiGraph writes a few dozen.
const agdMaxSettings = 1000

func readAGDSettings(ctx context.Context, db agdQuerier, into map[string]string) error {
	rows, err := db.QueryContext(ctx, `SELECT settingName, settingValue FROM settings`)
	if err != nil {
		return fmt.Errorf("not an .agd file (no settings table): %w", err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		if n++; n > agdMaxSettings {
			return fmt.Errorf("not an .agd file: more than %d settings", agdMaxSettings)
		}
		var name, value sql.NullString
		if err := rows.Scan(&name, &value); err != nil {
			return fmt.Errorf("settings: %w", err)
		}
		if name.Valid {
			into[strings.ToLower(strings.TrimSpace(name.String))] = value.String
		}
	}
	return rows.Err()
}

// agdDataColumns lists the value columns of the data table as the file
// spells them, in file order with axis1 first; dataTimestamp is left out.
func agdDataColumns(ctx context.Context, db agdQuerier) ([]string, error) {
	rows, err := db.QueryContext(ctx, `SELECT name FROM pragma_table_info('data')`)
	if err != nil {
		return nil, fmt.Errorf("not an .agd file: %w", err)
	}
	defer rows.Close()
	var cols []string
	hasTime, hasAxis1 := false, false
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, err
		}
		lower := strings.ToLower(name)
		switch {
		case lower == "datatimestamp":
			hasTime = true
			continue
		case strings.ContainsAny(name, "\"\x00"):
			continue // cannot be quoted safely; no ActiGraph column looks like this
		case lower == "axis1":
			hasAxis1 = true
			cols = append([]string{name}, cols...)
			continue
		}
		cols = append(cols, name)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if !hasTime || !hasAxis1 {
		return nil, errors.New("not an .agd file: the data table needs dataTimestamp and axis1 columns")
	}
	return cols, nil
}
