package support

import (
	"context"
	"database/sql"
	"strconv"

	"github.com/volwaardig/volwaardig/internal/audit"
	"github.com/volwaardig/volwaardig/internal/notify"
	"github.com/volwaardig/volwaardig/internal/web"
)

// watchLock is the advisory-lock key of the referral watch, so one
// instance sends the messages at a time.
const watchLock = 0x737570706f727421 // "support!"

// WatchReferrals tells each supporter when the register phase of one of
// their families' referrals changed (issue 15: the supporter stays
// informed after the hand-over without opening every file). A referral
// seen for the first time only records its phase. Each message goes to
// the file's supporter in the inbox, once per phase, and is on the
// client's access log as passed on by the system. It returns how many
// messages were sent.
func (s *Service) WatchReferrals(ctx context.Context) (int, error) {
	if s.place == nil {
		return 0, nil
	}
	ws, err := s.store.watchedReferrals(ctx, s.d)
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, w := range ws {
		st, ok, err := s.place.Phase(ctx, w.ClientID, w.Ref)
		if err != nil {
			return sent, err
		}
		if !ok || st.Phase == w.ToldPhase {
			continue
		}
		told := false
		err = s.d.Tx(ctx, func(tx *sql.Tx) error {
			locked, err := s.d.TryAdvisoryLock(ctx, tx, watchLock)
			if err != nil || !locked {
				return err
			}
			if changed, err := s.store.setToldPhase(ctx, tx, w.ID, w.ToldPhase, st.Phase); err != nil || !changed {
				return err
			}
			if w.ToldPhase == "" || w.SupporterID == 0 || s.notes == nil {
				return nil // the first look only records where the case stands
			}
			names, err := s.reg.Names(ctx, []int64{w.ClientID})
			if err != nil {
				return err
			}
			file := strconv.FormatInt(w.FamilyID, 10)
			if err := s.notes.NotifyTx(ctx, tx, notify.Notification{UserIDs: []int64{w.SupporterID}, Kind: "support_referral_phase",
				Title: "Plek voor " + names[w.ClientID] + ": " + st.Phase,
				Body: "Het zorgkantoor heeft de aanmelding " + w.Ref + " van ‘" + w.ToldPhase + "’ naar ‘" + st.Phase + "’ gezet, op " + web.NewFormatter().Date(st.Since) +
					". In het dossier van het gezin ziet u waar de zoektocht staat.",
				Link: "/ondersteuning/gezin/" + file + "#plek", DedupeKey: "support_referral_phase:" + strconv.FormatInt(w.ID, 10) + ":" + st.Phase}); err != nil {
				return err
			}
			told = true
			return s.aud.RecordTx(ctx, tx, nil, audit.Event{Action: audit.ActionUpdate, ClientID: w.ClientID, Object: "family_file", ObjectID: file, Purpose: audit.PurposeSupport})
		})
		if err != nil {
			return sent, err
		}
		if told {
			sent++
		}
	}
	return sent, nil
}
