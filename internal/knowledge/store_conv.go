package knowledge

import (
	"context"
	"database/sql"
	"time"

	"github.com/volwaardig/volwaardig/internal/db"
)

func (s store) insertConversation(ctx context.Context, tx *sql.Tx, c Conversation, by int64, at time.Time) (int64, error) {
	var id int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO knowledge_conversations (client_id, topic, held_on, follow_up, created_by, created_at, updated_by, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $5, $6) RETURNING id`, c.ClientID, c.Topic, dateText(c.HeldOn), dateText(c.FollowUp), by, at).Scan(&id); err != nil {
		return 0, err
	}
	return id, s.writeConversationParts(ctx, tx, id, c)
}

func (s store) updateConversation(ctx context.Context, tx *sql.Tx, id int64, c Conversation, by int64, at time.Time) error {
	if _, err := tx.ExecContext(ctx, `UPDATE knowledge_conversations SET topic = $1, held_on = $2, follow_up = $3, updated_by = $4, updated_at = $5 WHERE id = $6`,
		c.Topic, dateText(c.HeldOn), dateText(c.FollowUp), by, at, id); err != nil {
		return err
	}
	for _, q := range []string{`DELETE FROM knowledge_conversation_views WHERE conversation_id = $1`, `DELETE FROM knowledge_conversation_agreements WHERE conversation_id = $1`} {
		if _, err := tx.ExecContext(ctx, q, id); err != nil {
			return err
		}
	}
	return s.writeConversationParts(ctx, tx, id, c)
}

func (s store) writeConversationParts(ctx context.Context, tx *sql.Tx, id int64, c Conversation) error {
	for step, parties := range c.Views {
		for party, text := range parties {
			if _, err := tx.ExecContext(ctx, `INSERT INTO knowledge_conversation_views (conversation_id, step, party, text) VALUES ($1, $2, $3, $4)`, id, step, party, text); err != nil {
				return err
			}
		}
	}
	for i, a := range c.Agreements {
		if _, err := tx.ExecContext(ctx, `INSERT INTO knowledge_conversation_agreements (conversation_id, what, who, position) VALUES ($1, $2, $3, $4)`, id, a.What, a.Who, i); err != nil {
			return err
		}
	}
	return nil
}

const convCols = `id, client_id, topic, held_on, follow_up, created_by, updated_by, updated_at`

func scanConversation(r db.Scanner) (Conversation, error) {
	var c Conversation
	var held, follow string
	if err := r.Scan(&c.ID, &c.ClientID, &c.Topic, &held, &follow, &c.CreatedBy, &c.UpdatedBy, &c.UpdatedAt); err != nil {
		return c, err
	}
	c.HeldOn, _ = time.Parse(time.DateOnly, held)
	c.FollowUp, _ = time.Parse(time.DateOnly, follow)
	c.UpdatedAt = c.UpdatedAt.UTC()
	return c, nil
}

// conversation reads one conversation with its parts.
func (s store) conversation(ctx context.Context, q db.Querier, id int64) (Conversation, error) {
	c, err := scanConversation(q.QueryRowContext(ctx, `SELECT `+convCols+` FROM knowledge_conversations WHERE id = $1`, id))
	if err != nil {
		return c, err
	}
	cs := []Conversation{c}
	if err := s.conversationParts(ctx, cs); err != nil {
		return c, err
	}
	return cs[0], nil
}

// conversations lists a client's conversations, newest first.
func (s store) conversations(ctx context.Context, clientID int64) ([]Conversation, error) {
	rows, err := s.d.QueryContext(ctx, `SELECT `+convCols+` FROM knowledge_conversations WHERE client_id = $1 ORDER BY held_on DESC, id DESC`, clientID)
	if err != nil {
		return nil, err
	}
	var out []Conversation
	for rows.Next() {
		c, err := scanConversation(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, c)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, s.conversationParts(ctx, out)
}

func (s store) conversationParts(ctx context.Context, cs []Conversation) error {
	idx := map[int64]int{}
	ids := make([]int64, len(cs))
	for i := range cs {
		idx[cs[i].ID], ids[i] = i, cs[i].ID
		cs[i].Views = map[string]map[string]string{}
	}
	err := db.QueryByIDs(ctx, s.d, `SELECT conversation_id, step, party, text FROM knowledge_conversation_views WHERE conversation_id IN (%s)`, ids, func(r db.Scanner) error {
		var id int64
		var step, party, text string
		if err := r.Scan(&id, &step, &party, &text); err != nil {
			return err
		}
		c := &cs[idx[id]]
		if c.Views[step] == nil {
			c.Views[step] = map[string]string{}
		}
		c.Views[step][party] = text
		return nil
	})
	if err != nil {
		return err
	}
	return db.QueryByIDs(ctx, s.d, `SELECT conversation_id, what, who FROM knowledge_conversation_agreements WHERE conversation_id IN (%s) ORDER BY conversation_id, position`, ids, func(r db.Scanner) error {
		var id int64
		var a Agreement
		if err := r.Scan(&id, &a.What, &a.Who); err != nil {
			return err
		}
		cs[idx[id]].Agreements = append(cs[idx[id]].Agreements, a)
		return nil
	})
}
