package relatives

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/volwaardig/volwaardig/internal/audit"
	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/notify"
	"github.com/volwaardig/volwaardig/internal/web"
)

// Relations are how a relative is related to the person they care for.
var Relations = []choice{{"ouder", "Ouder"}, {"broer_zus", "Broer of zus"}, {"partner", "Partner"}, {"kind", "Kind van een ouder met een beperking"}, {"anders", "Anders (familie, vriend)"}}

// LifePhases are the life phases of the person cared for (the knowledge
// base's tags).
var LifePhases = []choice{{"baby", "Baby"}, {"peuter", "Peuter of kleuter"}, {"schoolkind", "Schoolkind"}, {"puber", "Puber"}, {"jongvolwassene", "Jongvolwassene"}, {"volwassene", "Volwassene"}, {"oudere", "Oudere"}}

func label(cs []choice, v string) string {
	for _, c := range cs {
		if c.Value == v {
			return c.Label
		}
	}
	return v
}

// Peer is a relative on the peer list, as others see them: no name until
// they accepted contact.
type Peer struct {
	UserID    int64
	Relation  string
	LifePhase string
	Intro     string
	// Request is p's request to this peer, if any.
	Requested, Accepted bool
}

// RelationLabel and LifePhaseLabel are the codes in Dutch.
func (p Peer) RelationLabel() string  { return label(Relations, p.Relation) }
func (p Peer) LifePhaseLabel() string { return label(LifePhases, p.LifePhase) }

// PeerRequest is a contact request between two relatives.
type PeerRequest struct {
	ID         int64
	FromID     int64
	ToID       int64
	Message    string
	CreatedAt  time.Time
	AnsweredAt time.Time
	Accepted   bool
	// From is the requester's peer profile (relation, phase), Name the
	// other's name, filled only once the request is accepted.
	From Peer
	Name string
}

// PeerInput is a relative's opt-in.
type PeerInput struct {
	OptIn     bool
	Relation  string
	LifePhase string
	Intro     string
}

const maxIntro = 500

// SavePeer puts relative p on the peer list, or takes them off.
func (s *Service) SavePeer(ctx context.Context, p *auth.Principal, in PeerInput) error {
	if !in.OptIn {
		return s.store.deletePeer(ctx, p.UserID)
	}
	in, errs := checkPeer(in)
	if err := web.Invalid(errs...); err != nil {
		return err
	}
	return s.store.savePeer(ctx, s.d, Peer{UserID: p.UserID, Relation: in.Relation, LifePhase: in.LifePhase, Intro: in.Intro}, s.now())
}

// checkPeer checks an opt-in to the peer list without the database, so
// the form can be fuzzed (issue 18): a relation and a life phase from
// their lists, an introduction of at most maxIntro characters. Every
// mistake at once; it returns the introduction trimmed.
func checkPeer(in PeerInput) (PeerInput, []web.FieldError) {
	var errs []web.FieldError
	if !validChoice(Relations, in.Relation) {
		errs = append(errs, web.FieldError{Field: "relatie", Message: "Kies wat u bent van degene voor wie u zorgt.", English: "Choose what you are to the person you care for."})
	}
	if !validChoice(LifePhases, in.LifePhase) {
		errs = append(errs, web.FieldError{Field: "levensfase", Message: "Kies de levensfase van degene voor wie u zorgt.", English: "Choose the life phase of the person you care for."})
	}
	in.Intro = strings.TrimSpace(in.Intro)
	if utf8.RuneCountInString(in.Intro) > maxIntro {
		errs = append(errs, web.FieldError{Field: "intro", Message: fmt.Sprintf("Uw introductie is te lang: maximaal %d tekens.", maxIntro), English: fmt.Sprintf("Your introduction is too long: at most %d characters.", maxIntro)})
	}
	return in, errs
}

// PeerDesk is what a relative sees on the peer page.
type PeerDesk struct {
	Me       Peer
	OptedIn  bool
	Peers    []Peer
	Incoming []PeerRequest
	Contacts []PeerRequest // accepted, either way, with the other's name
	Filter   PeerFilter
}

// PeerFilter narrows the peer list.
type PeerFilter struct{ Relation, LifePhase string }

// Peers reads relative p's peer page; the list shows no names.
func (s *Service) Peers(ctx context.Context, p *auth.Principal, f PeerFilter) (PeerDesk, error) {
	d := PeerDesk{Filter: f}
	me, ok, err := s.store.peer(ctx, s.d, p.UserID)
	if err != nil {
		return d, err
	}
	d.Me, d.OptedIn = me, ok
	all, err := s.store.peers(ctx, f.Relation, f.LifePhase)
	if err != nil {
		return d, err
	}
	reqs, err := s.store.peerRequests(ctx, p.UserID)
	if err != nil {
		return d, err
	}
	sent := map[int64]PeerRequest{}
	for _, r := range reqs {
		switch {
		case r.FromID == p.UserID:
			sent[r.ToID] = r
		case !r.Accepted && r.AnsweredAt.IsZero():
			from, _, err := s.store.peer(ctx, s.d, r.FromID)
			if err != nil {
				return d, err
			}
			r.From = from
			d.Incoming = append(d.Incoming, r)
		}
		if r.Accepted {
			d.Contacts = append(d.Contacts, r)
		}
	}
	for _, pe := range all {
		if pe.UserID == p.UserID {
			continue
		}
		if r, ok := sent[pe.UserID]; ok {
			pe.Requested, pe.Accepted = true, r.Accepted
		}
		d.Peers = append(d.Peers, pe)
	}
	if len(d.Contacts) > 0 {
		var ids []int64
		for _, c := range d.Contacts {
			ids = append(ids, c.FromID, c.ToID)
		}
		names, err := s.users.DisplayNames(ctx, ids)
		if err != nil {
			return d, err
		}
		for i, c := range d.Contacts {
			other := c.FromID
			if other == p.UserID {
				other = c.ToID
			}
			d.Contacts[i].Name = names[other]
		}
	}
	return d, nil
}

// errNoPeer is the answer for a peer who is not (or no longer) on the list.
var errNoPeer = web.NotFound("Deze naaste staat niet (meer) op de lijst van lotgenoten.", "This relative is not (or no longer) on the peer list.")

// RequestContact asks a peer for contact with a message; the peer sees
// the relation and life phase of the asker and the message, no name.
func (s *Service) RequestContact(ctx context.Context, p *auth.Principal, to int64, message string) error {
	message, errs := checkPeerMessage(message, "bericht-"+idString(to), true)
	if err := web.Invalid(errs...); err != nil {
		return err
	}
	if to == p.UserID {
		return errNoPeer
	}
	if _, ok, err := s.store.peer(ctx, s.d, to); err != nil || !ok {
		if err != nil {
			return err
		}
		return errNoPeer
	}
	return s.d.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.store.insertPeerRequest(ctx, tx, p.UserID, to, message, s.now()); err != nil {
			if db.IsUniqueViolation(err) {
				return web.Conflict("U heeft deze naaste al om contact gevraagd.", "You already asked this relative for contact.")
			}
			return err
		}
		return s.notes.NotifyTx(ctx, tx, notify.Notification{UserIDs: []int64{to}, Kind: "relatives_peer_request", Title: "Een lotgenoot wil contact",
			Body:    "Een andere naaste wil graag contact met u. U beslist zelf of u dat wilt.",
			TitleEN: "A peer would like contact", BodyEN: "Another relative would like to be in touch with you. You decide whether you want that.", Link: "/naasten/lotgenoten"})
	})
}

// checkPeerMessage checks a message to a peer without the database, so
// the forms can be fuzzed (issue 18): 1 to maxIntro characters once
// trimmed, at field (which carries the peer's or the contact's id). A
// request for contact (request) says what a first message should hold.
// It returns the message trimmed.
func checkPeerMessage(message, field string, request bool) (string, []web.FieldError) {
	message = strings.TrimSpace(message)
	switch {
	case message == "" && request:
		return message, []web.FieldError{{Field: field, Message: "Schrijf een kort bericht: wie u bent en waarover u wilt praten. Zet er geen adres of telefoonnummer in.", English: "Write a short message: who you are and what you want to talk about. Do not include an address or phone number."}}
	case message == "":
		return message, []web.FieldError{{Field: field, Message: "Schrijf uw bericht.", English: "Write your message."}}
	case utf8.RuneCountInString(message) > maxIntro:
		return message, []web.FieldError{{Field: field, Message: fmt.Sprintf("Uw bericht is te lang: maximaal %d tekens.", maxIntro), English: fmt.Sprintf("Your message is too long: at most %d characters.", maxIntro)}}
	}
	return message, nil
}

// AcceptContact accepts a request addressed to p: from then on both see
// each other's names. Recorded as a grant.
func (s *Service) AcceptContact(ctx context.Context, p *auth.Principal, id int64) error {
	return s.d.Tx(ctx, func(tx *sql.Tx) error {
		from, ok, err := s.store.acceptPeerRequest(ctx, tx, id, p.UserID, s.now())
		if err != nil {
			return err
		}
		if !ok {
			return web.NotFound("Dit verzoek bestaat niet of is al beantwoord.", "This request does not exist or was already answered.")
		}
		if err := s.aud.RecordTx(ctx, tx, p, audit.Event{Action: audit.ActionGrant, Object: "relatives_peer_request", ObjectID: idString(id)}); err != nil {
			return err
		}
		return s.notes.NotifyTx(ctx, tx, notify.Notification{UserIDs: []int64{from}, Kind: "relatives_peer_accepted", Title: "Uw verzoek om contact is aangenomen",
			Body:    "Een lotgenoot heeft uw verzoek aangenomen. U ziet nu elkaars naam op de pagina Lotgenoten.",
			TitleEN: "Your request for contact was accepted", BodyEN: "A peer accepted your request. You now see each other's names on the Peers page.", Link: "/naasten/lotgenoten"})
	})
}

// MessageContact sends p's message to the other party of an accepted
// contact, in that person's inbox (Berichten) with p's name: without it
// the peers saw each other's names but had no way to reach each other.
// The inbox never puts the text in an e-mail. Only a party of the
// accepted request may send; anyone else gets the same 404 as for a
// request that does not exist.
func (s *Service) MessageContact(ctx context.Context, p *auth.Principal, id int64, message string) error {
	message, errs := checkPeerMessage(message, "contactbericht-"+idString(id), false)
	other, ok, err := s.store.contactOther(ctx, id, p.UserID)
	if err != nil {
		return err
	}
	if !ok {
		return web.NotFound("Dit contact bestaat niet.", "This contact does not exist.")
	}
	if err := web.Invalid(errs...); err != nil {
		return err
	}
	title, titleEN := "Bericht van "+p.DisplayName+" (lotgenoot)", "Message from "+p.DisplayName+" (peer)"
	if p.DisplayName == "" {
		title, titleEN = "Bericht van een lotgenoot", "Message from a peer"
	}
	// The message is the sender's own words, in whatever language she
	// wrote: it has no English version and the English inbox shows it as
	// written under the English title.
	return s.d.Tx(ctx, func(tx *sql.Tx) error {
		return s.notes.NotifyTx(ctx, tx, notify.Notification{UserIDs: []int64{other}, Kind: "relatives_peer_message",
			Title: title, Body: message, TitleEN: titleEN, Link: "/naasten/lotgenoten"})
	})
}
