package placement

import (
	"fmt"
	"strings"
	"unicode"
)

// iWlz wait statuses and the CIZ indication number: what placement shares
// with a care office's iWlz systems (DESIGN §3 "Interoperability"), so the
// register can be imported from and compared with them.
//
// Product data, written from public knowledge without a download:
//
//   - The four wait statuses (wachtstatussen) and their names are those of
//     the Wlz since 1 January 2021 (Zorgverzekeraars Nederland, "Overzicht
//     wachtlijststatussen 2021"; monitorlangdurigezorg.nl, "Actief
//     wachtend"; zorgcijfersdatabank.nl, "Welke betekenis hebben de
//     wachtstatussen"). Checked.
//   - Their numeric codes 1–4 follow the order in which ZN's overview
//     numbers them (1 Urgent plaatsen … 4 Wacht uit voorzorg). UNCHECKED
//     against the iWlz code list itself (iStandaarden, release 2.x, the
//     list behind the wait status of the AW39 message): we could not
//     consult it. An import therefore accepts the name as well as the
//     code, and IWlzCodesChecked says so to whoever relies on the code.
//   - The CIZ indication number (besluitnummer of the Wlz indication
//     decision; iWlz element Besluitnummer, type LDT_Besluitnummer, added in
//     iWlz release 2.2) is an identifying number. Its exact length is
//     UNCHECKED; we accept 6 to 12 digits (spaces and dashes as typed are
//     dropped), which every number we have seen in public examples fits,
//     and refuse letters, so a BSN-like or free-text value is caught at the
//     field.

// IWlzCodeListYear is the year of the wait-status division the codes
// follow; IWlzCodesChecked is false while the numeric codes are not
// verified against the iWlz code list (see above).
const (
	IWlzCodeListYear = 2021
	IWlzCodesChecked = false
)

// IWlzCode is the status's code in the iWlz wait-status list (unchecked,
// see above).
func (w WaitingStatus) IWlzCode() string {
	switch w {
	case UrgentPlaatsen:
		return "1"
	case ActiefPlaatsen:
		return "2"
	case WachtOpVoorkeur:
		return "3"
	case WachtUitVoorzorg:
		return "4"
	}
	return ""
}

// CodeLabel is the status as the pages show it, by label and code:
// "Urgent plaatsen (iWlz 1)".
func (w WaitingStatus) CodeLabel() string {
	if c := w.IWlzCode(); c != "" {
		return w.Label() + " (iWlz " + c + ")"
	}
	return w.Label()
}

// waitingByIWlzCode finds a status by its iWlz code ("1", "01").
func waitingByIWlzCode(s string) (WaitingStatus, bool) {
	t := strings.TrimLeft(strings.TrimSpace(s), "0")
	for _, w := range WaitingStatuses() {
		if t != "" && t == w.IWlzCode() {
			return w, true
		}
	}
	return "", false
}

// ParseIndication checks a CIZ indication number and returns it in its
// stored form (digits only); "" is no number.
func ParseIndication(s string) (string, error) {
	var b strings.Builder
	for _, r := range strings.TrimSpace(s) {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == ' ' || r == '-' || r == '.':
		default:
			if unicode.IsPrint(r) && len(s) <= 40 {
				return "", fmt.Errorf("%q is geen indicatienummer: alleen cijfers", s)
			}
			return "", fmt.Errorf("dit is geen indicatienummer: alleen cijfers")
		}
	}
	n := b.Len()
	if n == 0 {
		return "", nil
	}
	if n < 6 || n > 12 {
		return "", fmt.Errorf("een indicatienummer van het CIZ heeft 6 tot 12 cijfers, niet %d", n)
	}
	return b.String(), nil
}
