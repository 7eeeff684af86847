package support

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/volwaardig/volwaardig/internal/audit"
	"github.com/volwaardig/volwaardig/internal/notify"
	"github.com/volwaardig/volwaardig/internal/web"
)

// watchLock is the advisory-lock key of the referral watch, so one
// instance sends the messages at a time.
const watchLock = 0x737570706f727421 // "support!"

// WatchReferrals tells each supporter, and the family itself, when the
// register phase of one of their referrals changed (issue 15: the
// supporter stays informed after the hand-over without opening every
// file, and the family hears it from the programme, not only through the
// supporter). A referral records the register's phase when it is made
// (Refer); one without a recorded phase (the register did not answer, or
// a referral from before that was recorded) has it recorded on the first
// look, without a message.
// The messages go to the inbox, once per phase, and are on the client's
// access log as passed on by the system. It returns how many changes
// were told.
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
			if changed, err := s.store.setToldPhase(ctx, tx, w.ID, w.ToldPhase, st); err != nil || !changed {
				return err
			}
			if w.ToldPhase == "" || s.notes == nil {
				return nil // the first look only records where the case stands
			}
			names, err := s.reg.Names(ctx, []int64{w.ClientID})
			if err != nil {
				return err
			}
			file := strconv.FormatInt(w.FamilyID, 10)
			supporter := ""
			if w.SupporterID != 0 {
				since := web.NewFormatter().Date(st.Since)
				if err := s.notes.NotifyTx(ctx, tx, notify.Notification{UserIDs: []int64{w.SupporterID}, Kind: "support_referral_phase",
					Title: "Plek voor " + names[w.ClientID] + ": " + st.Phase,
					Body: "Het zorgkantoor heeft de aanmelding " + w.Ref + " van ‘" + w.ToldPhase + "’ naar ‘" + st.Phase + "’ gezet, op " + since +
						". In het dossier van het gezin ziet u waar de zoektocht staat.",
					TitleEN: "Place for " + names[w.ClientID] + ": " + orDutch(st.PhaseEN, st.Phase),
					BodyEN: "The care office moved referral " + w.Ref + " from ‘" + orDutch(w.ToldPhaseEN, w.ToldPhase) + "’ to ‘" + orDutch(st.PhaseEN, st.Phase) + "’ on " + since +
						". The family's file shows where the search stands.",
					Link: "/ondersteuning/gezin/" + file + "#plek", DedupeKey: "support_referral_phase:" + strconv.FormatInt(w.ID, 10) + ":" + st.Phase}); err != nil {
					return err
				}
				sn, err := s.accounts.DisplayNames(ctx, []int64{w.SupporterID})
				if err != nil {
					return err
				}
				supporter = sn[w.SupporterID]
			}
			if err := s.tellFamily(ctx, tx, w, st, names[w.ClientID], supporter); err != nil {
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

// tellFamily sends the family the referral's new phase in plain words:
// to the client's own account as "u", to each representative who may act
// for the client about the client by first name. The register decides
// who answers for the client (ContactUsers); a representative who may
// only read is not written to.
func (s *Service) tellFamily(ctx context.Context, tx *sql.Tx, w watchedReferral, st ReferralStatus, name, supporter string) error {
	users, err := s.reg.ContactUsers(ctx, w.ClientID)
	if err != nil || len(users) == 0 {
		return err
	}
	ref, err := s.reg.Ref(ctx, w.ClientID)
	if err != nil {
		return err
	}
	first := name
	if i := strings.IndexByte(name, ' '); i > 0 {
		first = name[:i]
	}
	var own, reps []int64
	for _, u := range users {
		if slices.Contains(ref.Representatives, u) {
			reps = append(reps, u)
		} else {
			own = append(own, u)
		}
	}
	since := web.NewFormatter().Date(st.Since)
	ask := "Heeft u een vraag? Vraag het uw cliëntondersteuner."
	askEN := "Do you have a question? Ask your client supporter."
	if supporter != "" {
		ask = supporter + " weet het ook. Heeft u een vraag? Vraag het " + supporter + "."
		askEN = supporter + " knows too. Do you have a question? Ask " + supporter + "."
	}
	phaseEN := orDutch(st.PhaseEN, st.Phase)
	key := "support_referral_family:" + strconv.FormatInt(w.ID, 10) + ":" + st.Phase
	link := "/ondersteuning/mijn#plek-" + strconv.FormatInt(w.FamilyID, 10)
	if len(own) > 0 {
		easy, easyEN := st.Easy, st.EasyEN
		if easy == "" {
			easy = "Het zorgkantoor is bij de stap ‘" + st.Phase + "’."
		}
		if easyEN == "" {
			easyEN = "The care office is at the step ‘" + phaseEN + "’."
		}
		if err := s.notes.NotifyTx(ctx, tx, notify.Notification{UserIDs: own, Kind: "support_referral_family",
			Title: "Nieuws over uw woonplek", Body: easy + " Dat is zo sinds " + since + ". " + ask,
			TitleEN: "News about your place to live", BodyEN: easyEN + " It has been so since " + since + ". " + askEN,
			Link: link, DedupeKey: key}); err != nil {
			return err
		}
	}
	if len(reps) > 0 {
		easy := "Het zorgkantoor is bij de stap ‘" + st.Phase + "’ voor " + first + "."
		if st.EasyAbout != "" {
			easy = fmt.Sprintf(st.EasyAbout, first)
		}
		easyEN := "The care office is at the step ‘" + phaseEN + "’ for " + first + "."
		if st.EasyAboutEN != "" {
			easyEN = fmt.Sprintf(st.EasyAboutEN, first)
		}
		if err := s.notes.NotifyTx(ctx, tx, notify.Notification{UserIDs: reps, Kind: "support_referral_family",
			Title: "Nieuws over een woonplek voor " + first, Body: easy + " Dat is zo sinds " + since + ". " + ask,
			TitleEN: "News about a place to live for " + first, BodyEN: easyEN + " It has been so since " + since + ". " + askEN,
			Link: link, DedupeKey: key}); err != nil {
			return err
		}
	}
	return nil
}

// orDutch is an English text, or the Dutch one when the register gave no
// English (a phase recorded before English was kept).
func orDutch(en, nl string) string {
	if en != "" {
		return en
	}
	return nl
}
