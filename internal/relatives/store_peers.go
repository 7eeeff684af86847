package relatives

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/volwaardig/volwaardig/internal/db"
)

func (st store) savePeer(ctx context.Context, q db.Querier, p Peer, at time.Time) error {
	_, err := q.ExecContext(ctx, `INSERT INTO relatives_peers (user_id, relation, life_phase, intro, opted_in_at) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (user_id) DO UPDATE SET relation = excluded.relation, life_phase = excluded.life_phase, intro = excluded.intro`,
		p.UserID, p.Relation, p.LifePhase, p.Intro, at)
	return err
}

func (st store) deletePeer(ctx context.Context, user int64) error {
	_, err := st.d.ExecContext(ctx, `DELETE FROM relatives_peers WHERE user_id = $1`, user)
	return err
}

func (st store) peer(ctx context.Context, q db.Querier, user int64) (Peer, bool, error) {
	var p Peer
	err := q.QueryRowContext(ctx, `SELECT user_id, relation, life_phase, intro FROM relatives_peers WHERE user_id = $1`, user).Scan(&p.UserID, &p.Relation, &p.LifePhase, &p.Intro)
	if errors.Is(err, sql.ErrNoRows) {
		return Peer{}, false, nil
	}
	return p, err == nil, err
}

// peers lists the peers, filtered by relation and life phase when given.
func (st store) peers(ctx context.Context, relation, phase string) ([]Peer, error) {
	rows, err := st.d.QueryContext(ctx, `SELECT user_id, relation, life_phase, intro FROM relatives_peers
		WHERE ($1 = '' OR relation = $1) AND ($2 = '' OR life_phase = $2) ORDER BY opted_in_at DESC, user_id LIMIT 100`, relation, phase)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Peer
	for rows.Next() {
		var p Peer
		if err := rows.Scan(&p.UserID, &p.Relation, &p.LifePhase, &p.Intro); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

func (st store) insertPeerRequest(ctx context.Context, q db.Querier, from, to int64, message string, at time.Time) error {
	_, err := q.ExecContext(ctx, `INSERT INTO relatives_peer_requests (from_id, to_id, message, created_at) VALUES ($1, $2, $3, $4)`, from, to, message, at)
	return err
}

// peerRequests are the requests from or to user.
func (st store) peerRequests(ctx context.Context, user int64) ([]PeerRequest, error) {
	rows, err := st.d.QueryContext(ctx, `SELECT id, from_id, to_id, message, created_at, answered_at, accepted FROM relatives_peer_requests
		WHERE from_id = $1 OR to_id = $1 ORDER BY created_at DESC, id DESC`, user)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []PeerRequest
	for rows.Next() {
		var r PeerRequest
		var answered sql.NullTime
		if err := rows.Scan(&r.ID, &r.FromID, &r.ToID, &r.Message, &r.CreatedAt, &answered, &r.Accepted); err != nil {
			return nil, err
		}
		if answered.Valid {
			r.AnsweredAt = answered.Time
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// acceptPeerRequest accepts an open request to user; it returns the
// requester, false when there is no such request.
func (st store) acceptPeerRequest(ctx context.Context, q db.Querier, id, user int64, at time.Time) (int64, bool, error) {
	var from int64
	err := q.QueryRowContext(ctx, `UPDATE relatives_peer_requests SET accepted = TRUE, answered_at = $1 WHERE id = $2 AND to_id = $3 AND answered_at IS NULL RETURNING from_id`, at, id, user).Scan(&from)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	return from, err == nil, err
}

// contactOther is the other party of an accepted contact request that user
// is a party of; ok is false for any other request.
func (st store) contactOther(ctx context.Context, id, user int64) (int64, bool, error) {
	var from, to int64
	err := st.d.QueryRowContext(ctx, `SELECT from_id, to_id FROM relatives_peer_requests WHERE id = $1 AND accepted = TRUE AND (from_id = $2 OR to_id = $2)`, id, user).Scan(&from, &to)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, err
	}
	if from == user {
		return to, true, nil
	}
	return from, true, nil
}

// countPeerRequestsTo is the number of contact requests to user not yet
// answered.
func (st store) countPeerRequestsTo(ctx context.Context, user int64) (int, error) {
	var n int
	err := st.d.QueryRowContext(ctx, `SELECT COUNT(*) FROM relatives_peer_requests WHERE to_id = $1 AND answered_at IS NULL`, user).Scan(&n)
	return n, err
}
