package relatives

import (
	"context"
	"testing"
)

// TestMessagesCarryEnglish: the module's inbox messages are stored with
// their English title and body beside the Dutch, so a reader who uses the
// application in English reads them in English (the inbox picks by
// language); a peer's own words have no English and stay as written.
func TestMessagesCarryEnglish(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		if err := f.s.SaveExpert(ctx, f.expert, ExpertInput{Topics: []string{"broer_zus"}, Active: true, From: [7]string{"19:00"}, To: [7]string{"21.00"}}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.RequestCallback(ctx, f.mother, CallbackInput{Topic: "broer_zus", Phone: "0612345678", Preferred: "avond"}); err != nil {
			t.Fatal(err)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM notifications WHERE kind = 'relatives_callback' AND title_en = 'New call-back request'
			AND body_en = 'A relative asks you to call back about ‘Being a brother or sister’.'`); n != 1 {
			t.Error("the call-back request has no English text")
		}
		if err := f.s.SavePeer(ctx, f.mother, PeerInput{OptIn: true, Relation: "ouder", LifePhase: "volwassene"}); err != nil {
			t.Fatal(err)
		}
		if err := f.s.RequestContact(ctx, f.sister, f.mother.UserID, "Ik ben zus van iemand met autisme."); err != nil {
			t.Fatal(err)
		}
		d, err := f.s.Peers(ctx, f.mother, PeerFilter{})
		if err != nil || len(d.Incoming) != 1 {
			t.Fatalf("incoming %v %v", d.Incoming, err)
		}
		if err := f.s.AcceptContact(ctx, f.mother, d.Incoming[0].ID); err != nil {
			t.Fatal(err)
		}
		for kind, title := range map[string]string{"relatives_peer_request": "A peer would like contact", "relatives_peer_accepted": "Your request for contact was accepted"} {
			if n := f.count(t, `SELECT COUNT(*) FROM notifications WHERE kind = $1 AND title_en = $2 AND body_en <> ''`, kind, title); n != 1 {
				t.Errorf("%s has no English text", kind)
			}
		}
		if err := f.s.MessageContact(ctx, f.mother, d.Incoming[0].ID, "Bel gerust, na 19 uur."); err != nil {
			t.Fatal(err)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM notifications WHERE kind = 'relatives_peer_message' AND title_en LIKE 'Message from % (peer)' AND body_en = '' AND body = 'Bel gerust, na 19 uur.'`); n != 1 {
			t.Error("the peer's message has no English title, or its words were changed")
		}
	})
}
