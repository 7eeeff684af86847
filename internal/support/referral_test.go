package support

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/volwaardig/volwaardig/internal/web"
)

// TestReferralWithoutPlacement: an installation without the placement
// module shows no referral form and refuses a referral with a message
// saying whom to call, writing nothing. (The referral itself is tested
// through the real placement module in internal/app,
// TestSupportReferralToPlacement.)
func TestReferralWithoutPlacement(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		if page := f.do(t, f.sup, "GET", path(f.family, ""), nil).Body.String(); strings.Contains(page, `/plek"`) {
			t.Error("a referral form without a placement module")
		}
		_, err := f.s.Refer(context.Background(), f.sup, f.family, ReferInput{Profile: "VG7", Dossierhouder: "Ilse", Reason: "Thuis gaat niet meer", Consent: true})
		var we *web.Error
		if !errors.As(err, &we) || we.Code != web.CodeUnavailable || !strings.Contains(we.Message, "zorgkantoor van de regio") {
			t.Errorf("referral without placement: %v", err)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM support_referrals`) + f.count(t, `SELECT COUNT(*) FROM support_actions`); n != 0 {
			t.Errorf("%d rows written", n)
		}
	})
}
