package knowledge

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/volwaardig/volwaardig/internal/db"
)

// store holds all of the module's SQL. It reads and writes only the
// module's own tables; names of accounts come through the platform.
type store struct{ d *db.DB }

const itemCols = `id, slug, kind, status, title, summary, body, easy_body, owner, review_by, source, phone, website, video_url, captions, transcript, version, updated_at, COALESCE(updated_by, 0), published_at`

func scanItem(r db.Scanner) (Item, error) {
	var it Item
	var review string
	var pub sql.NullTime
	var status string
	if err := r.Scan(&it.ID, &it.Slug, &it.Kind, &status, &it.Title, &it.Summary, &it.Body, &it.EasyBody, &it.Owner, &review, &it.Source,
		&it.Phone, &it.Website, &it.VideoURL, &it.Captions, &it.Transcript, &it.Version, &it.UpdatedAt, &it.UpdatedBy, &pub); err != nil {
		return Item{}, err
	}
	it.Status = Status(status)
	if review != "" {
		if t, err := time.Parse(time.DateOnly, review); err == nil {
			it.ReviewBy = t
		}
	}
	if pub.Valid {
		it.Published = pub.Time.UTC()
	}
	it.UpdatedAt = it.UpdatedAt.UTC()
	return it, nil
}

func dateText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

func nullUser(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// insertItem writes a new item with its tags and index terms.
func (s store) insertItem(ctx context.Context, tx *sql.Tx, it Item) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO knowledge_items (slug, kind, status, title, summary, body, easy_body, owner, review_by, source, phone, website, video_url, captions, transcript, version, updated_at, updated_by, published_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19) RETURNING id`,
		it.Slug, it.Kind, string(it.Status), it.Title, it.Summary, it.Body, it.EasyBody, it.Owner, dateText(it.ReviewBy), it.Source, it.Phone, it.Website,
		it.VideoURL, it.Captions, it.Transcript, it.Version, it.UpdatedAt, nullUser(it.UpdatedBy), nullTime(it.Published)).Scan(&id)
	if err != nil {
		return 0, err
	}
	it.ID = id
	return id, s.writeDerived(ctx, tx, it)
}

// updateItem overwrites an item and its tags and terms.
func (s store) updateItem(ctx context.Context, tx *sql.Tx, it Item) error {
	_, err := tx.ExecContext(ctx, `UPDATE knowledge_items SET slug = $1, kind = $2, status = $3, title = $4, summary = $5, body = $6, easy_body = $7, owner = $8, review_by = $9,
		source = $10, phone = $11, website = $12, video_url = $13, captions = $14, transcript = $15, version = $16, updated_at = $17, updated_by = $18, published_at = $19 WHERE id = $20`,
		it.Slug, it.Kind, string(it.Status), it.Title, it.Summary, it.Body, it.EasyBody, it.Owner, dateText(it.ReviewBy), it.Source, it.Phone, it.Website,
		it.VideoURL, it.Captions, it.Transcript, it.Version, it.UpdatedAt, nullUser(it.UpdatedBy), nullTime(it.Published), it.ID)
	if err != nil {
		return err
	}
	for _, q := range []string{`DELETE FROM knowledge_tags WHERE item_id = $1`, `DELETE FROM knowledge_terms WHERE item_id = $1`} {
		if _, err := tx.ExecContext(ctx, q, it.ID); err != nil {
			return err
		}
	}
	return s.writeDerived(ctx, tx, it)
}

// markItem writes an item's status, version and last change without
// touching its content (taking it offline, throwing a new version away).
func (s store) markItem(ctx context.Context, tx *sql.Tx, it Item) error {
	_, err := tx.ExecContext(ctx, `UPDATE knowledge_items SET status = $1, version = $2, updated_at = $3, updated_by = $4 WHERE id = $5`,
		string(it.Status), it.Version, it.UpdatedAt, nullUser(it.UpdatedBy), it.ID)
	return err
}

// writeDerived writes an item's tags and its index terms.
func (s store) writeDerived(ctx context.Context, tx *sql.Tx, it Item) error {
	for facet, values := range it.Tags {
		for _, v := range values {
			if _, err := tx.ExecContext(ctx, `INSERT INTO knowledge_tags (item_id, facet, value) VALUES ($1, $2, $3)`, it.ID, facet, v); err != nil {
				return err
			}
		}
	}
	for term, w := range indexTerms(it) {
		if _, err := tx.ExecContext(ctx, `INSERT INTO knowledge_terms (term, item_id, weight) VALUES ($1, $2, $3)`, term, it.ID, w); err != nil {
			return err
		}
	}
	return nil
}

// addVersion records one change in the history.
func (s store) addVersion(ctx context.Context, tx *sql.Tx, it Item, by int64, at time.Time, changes, note, snapshot string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO knowledge_versions (item_id, version, status, changed_by, changed_at, changes, note, snapshot) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		it.ID, it.Version, string(it.Status), nullUser(by), at, changes, note, snapshot)
	return err
}

// Version is one line of an item's history.
type Version struct {
	Version   int
	Status    Status
	ChangedBy int64
	ChangedAt time.Time
	Changes   string
	Note      string
}

func (s store) versions(ctx context.Context, itemID int64) ([]Version, error) {
	return s.versionsIn(ctx, s.d, itemID)
}

// versionsIn reads the history inside a transaction (newest first), so
// the four-eyes check sees the same history the change is added to.
func (s store) versionsIn(ctx context.Context, q db.Querier, itemID int64) ([]Version, error) {
	rows, err := q.QueryContext(ctx, `SELECT version, status, COALESCE(changed_by, 0), changed_at, changes, note FROM knowledge_versions WHERE item_id = $1 ORDER BY version DESC`, itemID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Version
	for rows.Next() {
		var v Version
		var st string
		if err := rows.Scan(&v.Version, &st, &v.ChangedBy, &v.ChangedAt, &v.Changes, &v.Note); err != nil {
			return nil, err
		}
		v.Status, v.ChangedAt = Status(st), v.ChangedAt.UTC()
		out = append(out, v)
	}
	return out, rows.Err()
}

// errNoItem is a missing item.
var errNoItem = errors.New("knowledge: no such item")

func (s store) item(ctx context.Context, q db.Querier, where string, arg any) (Item, error) {
	it, err := scanItem(q.QueryRowContext(ctx, `SELECT `+itemCols+` FROM knowledge_items WHERE `+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return Item{}, errNoItem
	}
	if err != nil {
		return Item{}, err
	}
	tags, err := s.tagsOf(ctx, q, []int64{it.ID})
	if err != nil {
		return Item{}, err
	}
	it.Tags = tags[it.ID]
	return it, nil
}

func (s store) itemByID(ctx context.Context, q db.Querier, id int64) (Item, error) {
	return s.item(ctx, q, "id = $1", id)
}

func (s store) itemBySlug(ctx context.Context, slug string) (Item, error) {
	return s.item(ctx, s.d, "slug = $1", slug)
}

func (s store) slugTaken(ctx context.Context, q db.Querier, slug string, except int64) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM knowledge_items WHERE slug = $1 AND id <> $2`, slug, except).Scan(&n)
	return n > 0, err
}

// tagsOf reads the tags of items.
func (s store) tagsOf(ctx context.Context, q db.Querier, ids []int64) (map[int64]map[string][]string, error) {
	out := map[int64]map[string][]string{}
	err := db.QueryByIDs(ctx, q, `SELECT item_id, facet, value FROM knowledge_tags WHERE item_id IN (%s) ORDER BY item_id, facet, value`, ids, func(r db.Scanner) error {
		var id int64
		var f, v string
		if err := r.Scan(&id, &f, &v); err != nil {
			return err
		}
		if out[id] == nil {
			out[id] = map[string][]string{}
		}
		out[id][f] = append(out[id][f], v)
		return nil
	})
	return out, err
}

// items reads items by id, without their tags, keyed by id.
func (s store) items(ctx context.Context, ids []int64) (map[int64]Item, error) {
	out := map[int64]Item{}
	err := db.QueryByIDs(ctx, s.d, `SELECT `+itemCols+` FROM knowledge_items WHERE id IN (%s)`, ids, func(r db.Scanner) error {
		it, err := scanItem(r)
		if err == nil {
			out[it.ID] = it
		}
		return err
	})
	return out, err
}

// summaries reads what a search hit shows and ranks by (slug, kind, title,
// summary), keyed by id: a search of the whole knowledge base read every
// item's body, easy-read body and transcript to show their titles (issue
// 18).
func (s store) summaries(ctx context.Context, ids []int64) (map[int64]Item, error) {
	out := make(map[int64]Item, len(ids))
	err := db.QueryByIDs(ctx, s.d, `SELECT id, slug, kind, title, summary FROM knowledge_items WHERE id IN (%s)`, ids, func(r db.Scanner) error {
		var it Item
		if err := r.Scan(&it.ID, &it.Slug, &it.Kind, &it.Title, &it.Summary); err != nil {
			return err
		}
		out[it.ID] = it
		return nil
	})
	return out, err
}

// allItems lists every item (the editors' list), optionally of one status.
func (s store) allItems(ctx context.Context, status Status) ([]Item, error) {
	q := `SELECT ` + itemCols + ` FROM knowledge_items`
	var args []any
	if status != "" {
		q += ` WHERE status = $1`
		args = append(args, string(status))
	}
	rows, err := s.d.QueryContext(ctx, q+` ORDER BY id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Item
	for rows.Next() {
		it, err := scanItem(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return out, rows.Err()
}

// hit is one search result before it is read: item id and rank.
type hit struct {
	id    int64
	score int
}

// search finds the items of a status that hold every stem of must and
// none of not, with every filter (facet → one code), ranked by the summed
// weight of the stems. Without stems every item passing the filters is a
// hit with score 0. Both dialects run the same statement on stems the Go
// stemmer made, so they find the same items.
func (s store) search(ctx context.Context, status Status, must, not []string, filters map[string]string) ([]hit, error) {
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	var where []string
	where = append(where, "i.status = "+arg(string(status)))
	for _, key := range []string{FacetKind, FacetRole, FacetLifePhase, FacetTrigger, FacetTheme} {
		v, ok := filters[key]
		if !ok || v == "" {
			continue
		}
		if key == FacetKind {
			where = append(where, "i.kind = "+arg(v))
			continue
		}
		where = append(where, "EXISTS (SELECT 1 FROM knowledge_tags g WHERE g.item_id = i.id AND g.facet = "+arg(key)+" AND g.value = "+arg(v)+")")
	}
	if len(not) > 0 {
		marks := make([]string, len(not))
		for i, t := range not {
			marks[i] = arg(t)
		}
		where = append(where, "NOT EXISTS (SELECT 1 FROM knowledge_terms n WHERE n.item_id = i.id AND n.term IN ("+strings.Join(marks, ", ")+"))")
	}
	var q string
	if len(must) == 0 {
		q = `SELECT i.id, 0 FROM knowledge_items i WHERE ` + strings.Join(where, " AND ")
	} else {
		marks := make([]string, len(must))
		for i, t := range must {
			marks[i] = arg(t)
		}
		q = `SELECT i.id, SUM(t.weight) FROM knowledge_terms t JOIN knowledge_items i ON i.id = t.item_id WHERE t.term IN (` + strings.Join(marks, ", ") + `) AND ` +
			strings.Join(where, " AND ") + ` GROUP BY i.id HAVING COUNT(*) = ` + arg(len(must))
	}
	rows, err := s.d.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []hit
	for rows.Next() {
		var h hit
		if err := rows.Scan(&h.id, &h.score); err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// publishedTags reads the tags of every published item, for related items
// and the guided tools (the content is small: hundreds of items).
func (s store) publishedTags(ctx context.Context) (map[int64]map[string][]string, error) {
	rows, err := s.d.QueryContext(ctx, `SELECT g.item_id, g.facet, g.value FROM knowledge_tags g JOIN knowledge_items i ON i.id = g.item_id WHERE i.status = $1`, string(StatusPublished))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]map[string][]string{}
	for rows.Next() {
		var id int64
		var f, v string
		if err := rows.Scan(&id, &f, &v); err != nil {
			return nil, err
		}
		if out[id] == nil {
			out[id] = map[string][]string{}
		}
		out[id][f] = append(out[id][f], v)
	}
	return out, rows.Err()
}

// overdue lists items whose review date has passed (every status).
func (s store) overdueCount(ctx context.Context, today time.Time) (int, error) {
	var n int
	err := s.d.QueryRowContext(ctx, `SELECT COUNT(*) FROM knowledge_items WHERE review_by <> '' AND review_by < $1`, dateText(today)).Scan(&n)
	return n, err
}

// counts are the figures: published items, knowledge products, videos,
// articles.
func (s store) counts(ctx context.Context) (published, products, videos, articles int, err error) {
	err = s.d.QueryRowContext(ctx, `SELECT COUNT(*),
		COALESCE(SUM(CASE WHEN kind = $2 THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN kind = $3 THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN kind = $4 THEN 1 ELSE 0 END), 0)
		FROM knowledge_items WHERE status = $1`, string(StatusPublished), KindProduct, KindVideo, KindArticle).Scan(&published, &products, &videos, &articles)
	return
}

// revision reads the new version of a published item that waits for
// review (ok false when there is none). Its content is the item as an
// editor wrote it, with the revision's own status and version.
func (s store) revision(ctx context.Context, q db.Querier, itemID int64) (Item, bool, error) {
	it, err := scanRevision(q.QueryRowContext(ctx, `SELECT `+revisionCols+` FROM knowledge_revisions WHERE item_id = $1`, itemID))
	if errors.Is(err, sql.ErrNoRows) {
		return Item{}, false, nil
	}
	if err != nil {
		return Item{}, false, err
	}
	return it, true, nil
}

const revisionCols = `item_id, content, status, version, updated_at, COALESCE(updated_by, 0)`

// scanRevision reads one row of revisionCols: the waiting version stored
// as the item's JSON, with its own status, version and author.
func scanRevision(r db.Scanner) (Item, error) {
	var itemID, by int64
	var content, status string
	var version int
	var at time.Time
	if err := r.Scan(&itemID, &content, &status, &version, &at, &by); err != nil {
		return Item{}, err
	}
	var it Item
	if err := json.Unmarshal([]byte(content), &it); err != nil {
		return Item{}, fmt.Errorf("knowledge: revision of item %d: %w", itemID, err)
	}
	it.ID, it.Status, it.Version, it.UpdatedAt, it.UpdatedBy = itemID, Status(status), version, at.UTC(), by
	return it, nil
}

// revisions reads every waiting revision, keyed by item (the editors'
// list shows the new version's title and status), in one query.
func (s store) revisions(ctx context.Context) (map[int64]Item, error) {
	rows, err := s.d.QueryContext(ctx, `SELECT `+revisionCols+` FROM knowledge_revisions`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]Item{}
	for rows.Next() {
		it, err := scanRevision(rows)
		if err != nil {
			return nil, err
		}
		out[it.ID] = it
	}
	return out, rows.Err()
}

// putRevision writes (or replaces) the waiting revision of an item.
func (s store) putRevision(ctx context.Context, tx *sql.Tx, it Item) error {
	content, err := json.Marshal(it)
	if err != nil {
		return err
	}
	if err := s.dropRevision(ctx, tx, it.ID); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO knowledge_revisions (item_id, version, status, content, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5, $6)`,
		it.ID, it.Version, string(it.Status), string(content), it.UpdatedAt, nullUser(it.UpdatedBy))
	return err
}

// dropRevision removes an item's waiting revision (it was published).
func (s store) dropRevision(ctx context.Context, tx *sql.Tx, itemID int64) error {
	_, err := tx.ExecContext(ctx, `DELETE FROM knowledge_revisions WHERE item_id = $1`, itemID)
	return err
}

// allVersions reads every item's history (newest first per item), for
// the editors' list: who wrote what since its last publication.
func (s store) allVersions(ctx context.Context) (map[int64][]Version, error) {
	rows, err := s.d.QueryContext(ctx, `SELECT item_id, version, status, COALESCE(changed_by, 0), changed_at, changes, note FROM knowledge_versions ORDER BY item_id, version DESC`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64][]Version{}
	for rows.Next() {
		var id int64
		var v Version
		var st string
		if err := rows.Scan(&id, &v.Version, &st, &v.ChangedBy, &v.ChangedAt, &v.Changes, &v.Note); err != nil {
			return nil, err
		}
		v.Status, v.ChangedAt = Status(st), v.ChangedAt.UTC()
		out[id] = append(out[id], v)
	}
	return out, rows.Err()
}

// fingerprint summarises the published items in one cheap aggregate.
func (st store) fingerprint(ctx context.Context) (string, error) {
	var n, ids, versions int64
	var latest any
	err := st.d.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(id), 0), COALESCE(SUM(version * id), 0), MAX(updated_at)
		FROM knowledge_items WHERE status = $1`, StatusPublished).Scan(&n, &ids, &versions, &latest)
	if err != nil {
		return "", fmt.Errorf("knowledge: fingerprint of the published items: %w", err)
	}
	if t, ok := latest.(time.Time); ok {
		latest = t.UTC().Format(time.RFC3339Nano)
	}
	return fmt.Sprintf("%d/%d/%d/%v", n, ids, versions, latest), nil
}
